import { startNode } from './runtime/supervisor.js';
import { openStore } from './store/open.js';
const [dir, task, inputJson, isolation] = process.argv.slice(2);
const store = await openStore('sqlite::memory:');
const node = await startNode({ store, tasksDir: dir, workers: 2, isolation });
const [{ job }] = await store.enqueue([{ task, input: JSON.parse(inputJson) }]);
for (;;) { const j = await store.get(job.id); if (j.state === 'succeeded' || j.state === 'dead') { console.log(isolation, task, j.state, j.lastError?.message ?? '', (await store.getResult(j.resultSha ?? ''))?.bytes.toString()); break; } await new Promise(r => setTimeout(r, 20)); }
await node.stop(); await store.close();
