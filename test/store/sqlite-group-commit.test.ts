import { mkdtempSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/errors.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'cb-group-'));

describe('SQLite group commit (durable writes wait for a shared WAL fsync)', () => {
  it('acknowledges concurrent durable writes, all of them readable after a reopen', async () => {
    const path = join(dir, 'group.db');
    const store = new SqliteStore(path);
    await store.migrate();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.enqueue([{ task: 't', input: i }])));
    const [job] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 10_000 });
    const res = await store.settle({ complete: [{ id: job.id, token: job.leaseToken as number, result: Buffer.from('1') }] });
    await res.durable;
    await store.close();
    const again = new SqliteStore(path);
    expect((await again.list({ limit: 100 })).jobs).toHaveLength(results.length);
    expect((await again.get(job.id))?.state).toBe('succeeded');
    await again.close();
  });

  it('refuses to acknowledge when the WAL cannot be synced, and stays refused', async () => {
    const path = join(dir, 'poison.db');
    const store = new SqliteStore(path);
    await store.migrate();
    await store.enqueue([{ task: 't' }]);
    // SQLite keeps writing to the unlinked inode; syncing the path would sync nothing we wrote.
    unlinkSync(`${path}-wal`);
    await expect(store.enqueue([{ task: 't' }])).rejects.toMatchObject({ code: ErrorCodes.STORE_UNAVAILABLE });
    await expect(store.enqueue([{ task: 't' }])).rejects.toMatchObject({ code: ErrorCodes.STORE_UNAVAILABLE });
    // Claims need no fsync and still work; the node's at-least-once handling covers the rest.
    expect(await store.claim({ workerId: 'w', limit: 5, leaseMs: 10_000 })).not.toHaveLength(0);
    await store.close();
  });

  it('lets a node in this process claim a new job before the enqueue fsync starts', async () => {
    const store = new SqliteStore(join(dir, 'order.db'));
    await store.migrate();
    const order: string[] = [];
    const wal = (store as unknown as { walSync: { durable(): Promise<void> } }).walSync;
    const durable = wal.durable.bind(wal);
    wal.durable = () => {
      order.push('fsync');
      return durable();
    };
    // Without a listener nothing waits: the fsync starts at once.
    await store.enqueue([{ task: 't' }]);
    expect(order).toEqual(['fsync']);
    // A listener that claims the way the claim loop does (at the next check phase) goes first.
    const off = store.onWake(() => setImmediate(() => order.push('claim')));
    await store.enqueue([{ task: 't' }]);
    expect(order).toEqual(['fsync', 'claim', 'fsync']);
    off();
    await store.close();
  });

  it('does not fsync at all with sync=normal or in memory', async () => {
    const path = join(dir, 'normal.db');
    const normal = new SqliteStore(path, { durability: 'normal' });
    await normal.migrate();
    unlinkSync(`${path}-wal`);
    await expect(normal.enqueue([{ task: 't' }])).resolves.toHaveLength(1);
    await normal.close();
    const mem = new SqliteStore(':memory:');
    await mem.migrate();
    await expect(mem.enqueue([{ task: 't' }])).resolves.toHaveLength(1);
    await mem.close();
  });
});
