import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defineTask } from '../../../src/core/task.js';

/**
 * The chaos test's job: a little CPU work, then one line "<job id> <attempt>"
 * appended to this node's ledger file (one file per node process, so a
 * SIGKILLed node's lines stay on disk). The ledger is the side effect the
 * test checks: every job must appear in it at least once.
 */
export default defineTask({
  name: 'chaos-ledger',
  input: z.object({ dir: z.string(), rounds: z.number().int().min(0).max(1_000_000) }),
  run({ dir, rounds }, ctx) {
    let h = Buffer.from(String(ctx.id));
    for (let i = 0; i < rounds; i++) h = createHash('sha256').update(h).digest();
    // One short write(2) with O_APPEND: lines from the node's threads never interleave.
    appendFileSync(join(dir, `ledger-${process.pid}.log`), `${ctx.id} ${ctx.attempt}\n`);
    return { h: h.toString('hex').slice(0, 8) };
  },
});
