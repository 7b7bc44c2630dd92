import { z } from 'zod';
import { Defaults } from './limits.js';
/**
 * What a producer may ask for when enqueueing. One schema validates the
 * typed API, the CLI and HTTP bodies, and generates the OpenAPI document.
 */
const name = z
    .string()
    .min(1)
    .max(Defaults.maxNameLength)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits and _ . : - only');
export const EnqueueSpecSchema = z
    .object({
    task: name,
    input: z.unknown().optional(),
    queue: name.optional(),
    priority: z.number().int().min(Defaults.minPriority).max(Defaults.maxPriority).optional(),
    delayMs: z.number().int().min(0).max(365 * 86_400_000).optional(),
    runAt: z.number().int().min(0).max(8.64e15).optional(),
    maxAttempts: z.number().int().min(1).max(Defaults.maxAttemptsCap).optional(),
    maxCrashes: z.number().int().min(1).max(100).optional(),
    timeoutMs: z.number().int().min(1).max(Defaults.maxTimeoutMs).optional(),
    key: z.string().min(1).max(Defaults.maxKeyLength).optional(),
    parentId: z.number().int().positive().optional(),
    groupId: z.string().min(1).max(Defaults.maxKeyLength).optional(),
    traceparent: z.string().max(128).optional(),
})
    .strict()
    .refine((s) => !(s.delayMs !== undefined && s.runAt !== undefined), {
    message: 'give delayMs or runAt, not both',
    path: ['runAt'],
});
//# sourceMappingURL=spec.js.map