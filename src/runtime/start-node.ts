import { loadTasks } from './load-tasks.js';
import type { NodeOptions } from './node-options.js';
import { Node } from './supervisor.js';

/** Starts a node: loads tasks, boots the worker threads, and begins claiming. */
export async function startNode(opts: NodeOptions): Promise<Node> {
  const tasks = opts.tasks ?? (opts.tasksDir ? await loadTasks(opts.tasksDir) : null);
  if (!tasks) throw new TypeError('startNode needs tasks or tasksDir');
  // On a shared store exactly one node runs maintenance: elect it unless the caller brought a leader.
  let leader = opts.leader;
  let ownLeader: { stop(): Promise<void> } | null = null;
  if (!leader && opts.maintenance !== false && opts.store.kind === 'postgres') {
    const { PgLeader } = await import('../maintenance/leader-pg.js');
    const pgLeader = PgLeader.forStore(opts.store as never);
    await pgLeader.start();
    leader = pgLeader;
    ownLeader = pgLeader;
  }
  const node = new Node({ ...opts, leader }, tasks);
  if (ownLeader) {
    const l = ownLeader;
    node.once('stopped', () => void l.stop().catch(() => {}));
  }
  try {
    await node.booted;
  } catch (e) {
    await ownLeader?.stop().catch(() => {});
    throw e;
  }
  node.start();
  return node;
}
