import { z } from 'zod';
import { defineTask } from '../../core/task.js';
import { simulateShard } from '../monte-carlo.js';

export default defineTask({
  name: 'asian-shard',
  input: z.object({
    seed: z.number().int().min(0),
    paths: z.number().int().min(1).max(10_000_000),
    spot: z.number().positive(),
    strike: z.number().positive(),
    rate: z.number().min(-1).max(1),
    volatility: z.number().positive().max(5),
    years: z.number().positive().max(50),
    steps: z.number().int().min(1).max(10_000),
  }),
  timeout: '2m',
  run(input, ctx) {
    return simulateShard(input, input.seed, input.paths, (f) => ctx.progress(f));
  },
});
