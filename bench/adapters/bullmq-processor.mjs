// BullMQ sandboxed processor: runs in a BullMQ-managed worker thread
// (useWorkerThreads). The job's data names the bench task to run.
import { runTask } from '../lib/tasks.mjs';

export default async function processor(job) {
  return runTask(job.data.task, job.data);
}
