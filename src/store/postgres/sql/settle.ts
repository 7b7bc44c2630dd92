import { claimAllHead, claimCtes, claimQueuesHead } from './claim.js';
import { stmt } from './common.js';
import { completeCtes } from './lease.js';

/** The claim's own $2..$5 (limit, worker, lease ms, queues) become $15..$18 after the completion's $1..$14. */
const shift = (sql: string) => sql.replace(/\$([2-5])\b/g, (_, n: string) => `$${Number(n) + 13}`);

/**
 * Completions plus the next claim in ONE statement: one round trip and one
 * commit for the runtime's hot path (store.settle). Data-modifying CTEs run
 * once each against the same snapshot; completed rows are 'running' and
 * claimed ones 'queued', so the two never touch the same row. Parameters:
 * $1..$14 as in `complete`, then $15 limit, $16 worker id, $17 lease ms,
 * [$18 queues]. Returns the claimed rows in claim order (one row of NULLs
 * when none was claimed), each with `missed`: the completions that did not
 * apply, as 'id:token' (a stale lease), or NULL when all did, as nearly
 * always: the node knows which result shas it sent, so nothing about the
 * applied ones needs to come back, and an outcome is matched to its lease,
 * not only to its job id. Earlier shapes sent the completed ids and shas:
 * on every row they took a third of the node's main thread; kept to the
 * first row by a window over the joined result, every sort tuple carried
 * them and a batch of ~400 spilled ~12 MB to a temporary file (auto_explain,
 * 2026-12-05). Claimed rows as one JSON array instead of text rows was
 * measured too: ~7 µs per job less on the node, ~3–7 µs more on the server
 * (json_build_array), no gain in the drain; not taken.
 */
const settleTail = (s: string) => `${completeCtes(s)},
     ${shift(claimCtes(s))}
  SELECT m.missed, c.*
  FROM (SELECT (SELECT array_agg(i.id || ':' || i.token) FROM i
                WHERE NOT EXISTS (SELECT 1 FROM done d WHERE d.id = i.id AND d.token = i.token)) AS missed) m
  LEFT JOIN claimed c ON true
  ORDER BY c.priority, c.run_at, c.id`;

export const settleSql = (s: string) => ({
  // Planned at every execution, like the claim it contains (see claim.ts).
  settleQueues: stmt('settle_queues', `WITH ${shift(claimQueuesHead())}, ${settleTail(s)}`, { customPlan: true }),
  settleAll: stmt('settle_all', `WITH RECURSIVE ${claimAllHead(s)}, ${settleTail(s)}`, { customPlan: true }),
});
