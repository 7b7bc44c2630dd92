// Piscina worker module: runs one bench task per call.
import { runTask } from '../lib/tasks.mjs';

export default function task(payload) {
  return runTask(payload.task, payload);
}
