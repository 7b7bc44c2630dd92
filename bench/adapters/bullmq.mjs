import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { runTask } from '../lib/tasks.mjs';
import { pkgVersion } from '../lib/versions.mjs';
import { PREFIX, REDIS, deletePrefix, loadIORedis } from '../lib/redis.mjs';

const PROCESSOR = fileURLToPath(new URL('./bullmq-processor.mjs', import.meta.url));

/**
 * BullMQ on the local Redis. `sandboxed` runs jobs in BullMQ's own worker
 * threads (processor file + useWorkerThreads), as its docs recommend for
 * CPU-bound work; otherwise the processor runs on the main thread.
 * Completed jobs are removed (removeOnComplete), as its production guide advises.
 */
export function bullmqAdapter({ name = 'BullMQ', concurrency = 50, sandboxed = false } = {}) {
  const cfg = {
    version: pkgVersion('bullmq'),
    redis: `${REDIS.host}:${REDIS.port}`,
    worker: { concurrency, ...(sandboxed ? { processor: 'sandboxed file', useWorkerThreads: true } : {}) },
    jobOptions: { removeOnComplete: true, removeOnFail: true },
    enqueue: 'queue.add(); bulk loads with queue.addBulk()',
    keyPrefix: PREFIX,
  };
  let conn;
  const queues = new Map();
  let worker = null;

  const queueFor = (q) => {
    if (!queues.has(q)) {
      queues.set(q, new Queue(q, { connection: conn, prefix: PREFIX, defaultJobOptions: cfg.jobOptions }));
    }
    return queues.get(q);
  };

  return {
    name,
    config: cfg,
    async setup() {
      const { IORedis, version } = await loadIORedis();
      cfg.ioredis = version;
      conn = new IORedis({ ...REDIS, maxRetriesPerRequest: null });
      await deletePrefix(conn);
    },
    async reset() {
      await deletePrefix(conn);
    },
    async enqueueOne(q, payload) {
      await queueFor(q).add('job', payload);
    },
    async enqueueMany(q, payloads) {
      // One addBulk is one MULTI/EXEC: all jobs become visible at once.
      await queueFor(q).addBulk(payloads.map((data) => ({ name: 'job', data })));
    },
    async startWorkers(q, { task, concurrency: c, onResult }) {
      const opts = {
        connection: conn,
        prefix: PREFIX,
        concurrency: c ?? concurrency,
        useWorkerThreads: sandboxed,
      };
      // The sandboxed processor reads the task name from the job data (payload.task).
      const processor = sandboxed ? PROCESSOR : async (job) => runTask(task, job.data);
      worker = new Worker(q, processor, opts);
      worker.on('completed', (job, result) => onResult(job.data, result));
      worker.on('failed', (job, err) => console.error(`  ! BullMQ job ${job?.id} failed: ${err.message}`));
      worker.on('error', (err) => console.error(`  ! BullMQ worker: ${err.message}`));
      await worker.waitUntilReady();
    },
    async stopWorkers() {
      const w = worker;
      worker = null;
      if (w) await w.close();
    },
    async remaining(q) {
      const counts = await queueFor(q).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    async teardown() {
      if (worker) await worker.close(true);
      for (const queue of queues.values()) await queue.close();
      queues.clear();
      if (conn) {
        await deletePrefix(conn);
        await conn.quit();
      }
    },
  };
}
