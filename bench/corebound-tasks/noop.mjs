// corebound task module for the bench (plain default export, issue 3's task contract).
import { runTask } from '../lib/tasks.mjs';

export default async function noop(input) {
  return runTask('noop', input);
}
