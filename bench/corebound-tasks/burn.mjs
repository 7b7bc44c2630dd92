// corebound task module for the bench: ~20 ms of CPU (iterations set by the caller's calibration).
import { runTask } from '../lib/tasks.mjs';

export default async function burn(input) {
  return runTask('burn', input);
}
