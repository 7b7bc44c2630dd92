import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client } from '../../src/client/client.js';
import { ErrorCodes } from '../../src/core/errors.js';
import { defineTask } from '../../src/core/task.js';

const render = defineTask({
  name: 'render',
  input: z.object({ frame: z.number().int().min(0) }),
  timeout: '90s',
  queue: 'gpu-less',
  retry: { maxAttempts: 2, maxCrashes: 4 },
  run: ({ frame }) => ({ frame }),
});

describe('Client (typed API)', () => {
  it('applies the task definition: queue, timeout and budgets become defaults', async () => {
    const client = await Client.open('sqlite::memory:');
    const { job } = await client.enqueue(render, { frame: 3 });
    expect(job).toMatchObject({ task: 'render', queue: 'gpu-less', timeoutMs: 90_000, maxAttempts: 2, maxCrashes: 4, input: { frame: 3 } });
    const override = await client.enqueue(render, { frame: 4 }, { queue: 'other', maxAttempts: 9 });
    expect(override.job).toMatchObject({ queue: 'other', maxAttempts: 9 });
    await client.close();
  });

  it('rejects input that fails the schema, with the failing path, and stores nothing', async () => {
    const client = await Client.open('sqlite::memory:');
    // @ts-expect-error frame must be a number: the input type comes from the schema
    const bad = client.enqueue(render, { frame: 'one' });
    await expect(bad).rejects.toMatchObject({ code: ErrorCodes.INVALID_INPUT, message: expect.stringContaining('input.frame') });
    expect((await client.list()).jobs).toHaveLength(0);
    await client.close();
  });

  it('with a catalog, refuses unknown task names; without one, accepts any name', async () => {
    const known = await Client.open('sqlite::memory:', { tasks: new Map([['render', { ...render, file: 'x' }]]) as never });
    await expect(known.enqueue('nope', {})).rejects.toMatchObject({ code: ErrorCodes.UNKNOWN_TASK });
    await known.close();
    const bare = await Client.open('sqlite::memory:');
    expect((await bare.enqueue('anything', { a: 1 })).created).toBe(true);
    await bare.close();
  });
});
