import pg from 'pg';
const url = 'postgres://postgres@127.0.0.1:5432/postgres';
const mk = (opts) => { const c = new pg.Client({ connectionString: url, ...opts }); return c; };
const a = mk({}); const b = mk({ options: '-c synchronous_commit=off' });
await a.connect(); await b.connect();
await a.query('DROP TABLE IF EXISTS sc_t; CREATE TABLE sc_t (id int primary key, v int); INSERT INTO sc_t SELECT g, 0 FROM generate_series(1,1000) g');
const q = (arr, p) => { arr.sort((x, y) => x - y); return arr[Math.floor(p * (arr.length - 1))].toFixed(3); };
for (let round = 0; round < 2; round++) for (const [name, c, text] of [['sync', a, 'UPDATE sc_t SET v = v + 1 WHERE id = $1'], ['async', b, 'UPDATE sc_t SET v = v + 1 WHERE id = $1'], ['setcfg', a, "WITH o AS (SELECT set_config('synchronous_commit', 'off', true) AS x) UPDATE sc_t SET v = v + 1 FROM o WHERE id = $1"]]) {
  const t = [];
  for (let i = 0; i < 400; i++) {
    const t0 = performance.now();
    await c.query({ name: name, text, values: [1 + (i % 1000)] });
    t.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, Math.random() * 5));
  }
  const w = (await a.query('SELECT wal_sync FROM pg_stat_wal')).rows[0].wal_sync; console.log(name, 'wal_sync', w, 'p50', q(t, 0.5), 'p90', q(t, 0.9), 'p99', q(t, 0.99));
}
await a.query('DROP TABLE sc_t'); await a.end(); await b.end();
