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
 * [$18 queues]. Returns one row per claimed job in claim order (or one row
 * of NULLs when none was claimed); the first row also carries the completed
 * ids and their result shas as arrays. Only the first: repeated on every row,
 * a batch of 100 completions and 100 claims sent and parsed 10,000 ids and
 * shas (~0.6 MB), which took a third of the node's main thread. And the rows
 * are ordered BEFORE the arrays join them: sorted with the arrays attached
 * (to pick the first row afterwards), every sort tuple carried them, and a
 * batch of ~400 spilled ~12 MB to a temporary file, ~15 ms of the server's
 * CPU per batch, a third of its work per job (auto_explain, 2026-12-05).
 */
const settleTail = (s: string) => `${completeCtes(s)},
     ${shift(claimCtes(s))},
     fin AS (SELECT 1 AS one, array_agg(id) AS done_ids, array_agg(result_sha) AS done_shas FROM done),
     ordered AS (SELECT row_number() OVER (ORDER BY priority, run_at, id) AS claim_rank, * FROM claimed)
  SELECT fin.done_ids, fin.done_shas, o.*
  FROM ordered o FULL JOIN fin ON fin.one = o.claim_rank
  ORDER BY o.claim_rank`;

export const settleSql = (s: string) => ({
  // Planned at every execution, like the claim it contains (see claim.ts).
  settleQueues: stmt('settle_queues', `WITH ${shift(claimQueuesHead())}, ${settleTail(s)}`, { customPlan: true }),
  settleAll: stmt('settle_all', `WITH RECURSIVE ${claimAllHead(s)}, ${settleTail(s)}`, { customPlan: true }),
});
