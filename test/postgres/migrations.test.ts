import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { registerMigrate } from '../../src/cli/commands/migrate.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { pgMigrations } from '../../src/store/postgres/migrations.js';
import { adminClient, dropTestSchemas, schemaOf, testDatabaseUrl } from '../support/postgres.js';

afterAll(dropTestSchemas);

/** Runs `corebound migrate …` in-process; returns the exit code and what it printed. */
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const w1 = process.stdout.write;
  const w2 = process.stderr.write;
  process.stdout.write = ((s: string) => out.push(s) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => err.push(s) > 0) as typeof process.stderr.write;
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    const program = new Command('corebound').exitOverride();
    registerMigrate(program);
    await program.parseAsync(['node', 'corebound', 'migrate', ...args]);
    return { code: process.exitCode, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
    process.exitCode = before;
  }
}

describe('postgres: migrations', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('three nodes migrating at once apply each migration exactly once', async () => {
    const url = await testDatabaseUrl('race');
    const nodes = await Promise.all([0, 1, 2].map(() => openPostgresStore(url)));
    try {
      expect(await nodes[0].pendingMigrations()).toEqual(pgMigrations.map((m) => m.name));
      await Promise.all(nodes.map((n) => n.migrate()));
      for (const n of nodes) expect(await n.pendingMigrations()).toEqual([]);
      const c = await adminClient();
      try {
        const r = await c.query(`SELECT name FROM "${schemaOf(url)}".migrations ORDER BY name`);
        expect(r.rows.map((x) => x.name)).toEqual(pgMigrations.map((m) => m.name));
      } finally {
        await c.end();
      }
      await nodes[1].enqueue([{ task: 't' }]);
      expect(await nodes[2].claim({ workerId: 'w', limit: 1, leaseMs: 1000 })).toHaveLength(1);
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });

  it('007 upgrades a table with live leases: a running job keeps its lease, a stray token elsewhere is cleared', async () => {
    const url = await testDatabaseUrl('m007');
    const store = await openPostgresStore(url);
    const c = await adminClient();
    const s = `"${schemaOf(url)}"`;
    try {
      await store.migrate();
      const [{ job: done }, { job: live }] = await store.enqueue([{ task: 't', input: 1 }, { task: 't', input: 2 }]);
      const [first] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 60_000, queues: ['t'] });
      expect(first.id).toBe(done.id);
      expect((await store.complete([{ id: first.id, token: first.leaseToken as number }]))[0].ok).toBe(true);
      const [running] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 60_000, queues: ['t'] });
      expect(running.id).toBe(live.id);
      // The table as 006 left it, holding a token on a finished row (which no release ever wrote).
      await c.query(`ALTER TABLE ${s}.jobs DROP CONSTRAINT jobs_lease_while_running`);
      await c.query(`DELETE FROM ${s}.migrations WHERE name = '007_lease_while_running'`);
      await c.query(`UPDATE ${s}.jobs SET lease_token = 99 WHERE id = ${done.id}`);
      expect(await store.pendingMigrations()).toEqual(['007_lease_while_running']);
      await store.migrate();
      expect(await store.pendingMigrations()).toEqual([]);
      expect((await store.get(done.id))?.leaseToken).toBeNull();
      const out = await store.complete([{ id: running.id, token: running.leaseToken as number }]);
      expect(out[0]).toMatchObject({ ok: true, state: 'succeeded' });
    } finally {
      await c.end();
      await store.close();
    }
  });

  it('migrates over lock_url, and refuses a lock_url that reaches another database', async () => {
    const url = new URL(await testDatabaseUrl('lockurl'));
    const direct = new URL(url);
    direct.searchParams.set('application_name', 'cb_lock_url'); // the same database, another connection
    url.searchParams.set('lock_url', direct.toString());
    const store = await openPostgresStore(url.toString());
    const admin = await adminClient();
    const other = `cbt_other_${process.pid}`;
    try {
      await store.migrate();
      expect(await store.pendingMigrations()).toEqual([]);
      await admin.query(`CREATE DATABASE ${other}`);
      const elsewhere = new URL(direct);
      elsewhere.pathname = `/${other}`;
      url.searchParams.set('lock_url', elsewhere.toString());
      url.searchParams.set('schema', `${schemaOf(url.toString())}_b`);
      const wrong = await openPostgresStore(url.toString());
      try {
        await expect(wrong.migrate()).rejects.toMatchObject({ code: 'CB_STORE_URL', message: /another database/ });
      } finally {
        await wrong.close();
      }
    } finally {
      await store.close();
      await admin.query(`DROP DATABASE IF EXISTS ${other} WITH (FORCE)`).catch(() => {});
      await admin.end();
    }
  });

  it('an unmigrated schema is reported as CB_MIGRATION_PENDING, not a raw SQL error', async () => {
    const store = await openPostgresStore(await testDatabaseUrl('unmigrated'));
    try {
      await expect(store.enqueue([{ task: 't' }])).rejects.toMatchObject({ code: 'CB_MIGRATION_PENDING' });
    } finally {
      await store.close();
    }
  });

  it('`migrate --check` exits non-zero while migrations are pending, zero after `migrate`', async () => {
    const url = await testDatabaseUrl('cli');
    const pending = await cli('--check', '--store', url);
    expect(pending.code).not.toBe(0);
    expect(pending.err).toMatch(/^corebound: CB_MIGRATION_PENDING: .*001_init/);
    const applied = await cli('--store', url);
    expect(applied).toMatchObject({ code: 0, out: `applied ${pgMigrations.map((m) => m.name).join(', ')}\n` });
    expect(await cli('--check', '--store', url)).toMatchObject({ code: 0, out: 'up to date\n' });
    expect(await cli('--store', url)).toMatchObject({ code: 0, out: 'up to date\n' });
  });

  it('`migrate --check` works for SQLite too', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'cb-mig-')), 'x.db');
    expect((await cli('--check', '--store', `sqlite:${file}`)).code).not.toBe(0);
    expect((await cli('--store', `sqlite:${file}`)).code).toBe(0);
    expect((await cli('--check', '--json', '--store', `sqlite:${file}`))).toMatchObject({ code: 0, out: '{"pending":[]}\n' });
  });
});
