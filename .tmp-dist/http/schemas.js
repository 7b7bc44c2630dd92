import { z } from 'zod';
import { JobStates } from '../core/job.js';
import { Defaults } from '../core/limits.js';
import { EnqueueSpecSchema } from '../core/spec.js';
/**
 * The HTTP API's schemas. Requests are validated with these and
 * docs/openapi.json is generated from them (src/http/openapi.ts), so the
 * document cannot drift from what the server accepts.
 */
export const openapiRegistry = z.registry();
const Name = EnqueueSpecSchema.shape.task;
/** `30s`, `250ms`, `10m`, `2h`, `1d` or a number of milliseconds. */
export const DurationSchema = z.union([
    z.number().int().min(0).max(365 * 86_400_000),
    z.string().max(32).regex(/^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*$/, 'a duration such as 500ms, 30s, 10m or 2h'),
]);
/** An instant: ISO 8601 with an offset, or milliseconds since the epoch. */
export const InstantSchema = z.union([z.number().int().min(0).max(8.64e15), z.iso.datetime({ offset: true })]);
export const JobRequestSchema = z
    .strictObject({
    task: Name,
    input: z.unknown().optional(),
    queue: Name.optional().describe('defaults to the task’s queue, else the task name'),
    key: z.string().min(1).max(Defaults.maxKeyLength).optional().describe('idempotency key, unique per queue'),
    delay: DurationSchema.optional(),
    runAt: InstantSchema.optional(),
    priority: z.number().int().min(Defaults.minPriority).max(Defaults.maxPriority).optional().describe('lower runs first'),
    attempts: z.number().int().min(1).max(Defaults.maxAttemptsCap).optional().describe('attempts that may end in an error'),
    timeout: DurationSchema.optional().describe('hard timeout per attempt'),
})
    .refine((b) => !(b.delay !== undefined && b.runAt !== undefined), {
    message: 'give delay or runAt, not both',
    path: ['runAt'],
});
export const BatchRequestSchema = z.strictObject({
    jobs: z.array(JobRequestSchema).min(1).max(Defaults.maxBatch),
});
const IdParam = z.string().regex(/^[1-9][0-9]{0,15}$/);
export const Sha256Param = z.string().regex(/^[0-9a-f]{64}$/);
export const ListQuerySchema = z.strictObject({
    state: z.enum(JobStates).optional(),
    queue: Name.optional(),
    task: Name.optional(),
    cursor: IdParam.optional().describe('nextCursor of the previous page'),
    limit: z
        .string()
        .regex(/^[0-9]{1,4}$/)
        .refine((s) => Number(s) >= 1 && Number(s) <= 500, 'between 1 and 500')
        .optional(),
});
export const SignedQuerySchema = z.strictObject({
    exp: z.string().max(20).optional().describe('expiry, seconds since the epoch'),
    sig: z.string().max(128).optional().describe('base64url HMAC-SHA256 of path and expiry'),
});
// ---- responses (documentation, and checked against real responses in tests) ----
export const ErrorSchema = z.strictObject({
    error: z.strictObject({
        code: z.string().describe('stable CB_* code'),
        message: z.string(),
        details: z.unknown().optional(),
    }),
});
const AttemptViewSchema = z.strictObject({
    attempt: z.number().int(),
    workerId: z.string(),
    startedAt: z.number(),
    endedAt: z.number().nullable(),
    outcome: z.string(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    waitMs: z.number().nullable(),
    wallMs: z.number().nullable(),
    cpuMs: z.number().nullable(),
    peakMemBytes: z.number().nullable(),
});
const CostViewSchema = z.strictObject({
    usd: z.number(),
    coreSeconds: z.number(),
    cpuSeconds: z.number(),
    rate: z.string(),
});
export const JobViewSchema = z.strictObject({
    id: z.number().int(),
    task: z.string(),
    queue: z.string(),
    state: z.enum(JobStates),
    priority: z.number().int(),
    key: z.string().nullable(),
    parentId: z.number().int().nullable(),
    groupId: z.string().nullable(),
    attempt: z.number().int().describe('attempts started so far'),
    errors: z.number().int(),
    crashes: z.number().int(),
    maxAttempts: z.number().int(),
    maxCrashes: z.number().int(),
    timeoutMs: z.number().int(),
    progress: z.number().nullable(),
    progressMessage: z.string().nullable(),
    createdAt: z.number().describe('ms since the epoch'),
    runAt: z.number(),
    startedAt: z.number().nullable(),
    finishedAt: z.number().nullable(),
    updatedAt: z.number(),
    timings: z.strictObject({
        waitMs: z.number().nullable(),
        runMs: z.number().nullable(),
        totalMs: z.number().nullable(),
        cpuMs: z.number(),
        wallMs: z.number(),
    }),
    lastError: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
    deadReason: z.string().nullable(),
    resultSha: z.string().nullable(),
    resultUrl: z.string().optional().describe('when succeeded; signed and expiring unless the queue is public'),
    version: z.number().int(),
    input: z.unknown().optional().describe('only on GET /v1/jobs/{id}'),
    history: z.array(AttemptViewSchema).optional().describe('only on GET /v1/jobs/{id}'),
    cost: CostViewSchema.optional().describe('only on GET /v1/jobs/{id}, when a rate table is configured'),
});
export const JobListSchema = z.strictObject({
    jobs: z.array(JobViewSchema),
    nextCursor: z.number().int().nullable().describe('pass as ?cursor= for the next page'),
});
export const BatchResponseSchema = z.strictObject({
    results: z.array(z.strictObject({ created: z.boolean(), job: JobViewSchema })),
});
export const QueueViewSchema = z.strictObject({
    queue: z.string(),
    paused: z.boolean(),
    depth: z.number().int().describe('waiting jobs: queued + scheduled + retrying'),
    running: z.number().int(),
    counts: z.record(z.string(), z.number().int()),
    oldestAgeMs: z.number().nullable(),
    drainPerSec: z.number().describe('measured from successive snapshots'),
    maxDepth: z.number().int(),
    publicResults: z.boolean(),
});
export const QueuesResponseSchema = z.strictObject({
    snapshotAt: z.number(),
    queues: z.array(QueueViewSchema),
});
export const QueueStateSchema = z.strictObject({ queue: z.string(), paused: z.boolean() });
export const HealthSchema = z.strictObject({ status: z.literal('ok') });
export const ReadySchema = z.strictObject({
    ready: z.boolean(),
    checks: z.record(z.string(), z.strictObject({ ok: z.boolean(), reason: z.string().optional() })),
});
for (const [id, schema] of Object.entries({
    JobRequest: JobRequestSchema,
    BatchRequest: BatchRequestSchema,
    Error: ErrorSchema,
    Attempt: AttemptViewSchema,
    Cost: CostViewSchema,
    Job: JobViewSchema,
    JobList: JobListSchema,
    BatchResponse: BatchResponseSchema,
    Queue: QueueViewSchema,
    Queues: QueuesResponseSchema,
    QueueState: QueueStateSchema,
    Health: HealthSchema,
    Ready: ReadySchema,
})) {
    openapiRegistry.add(schema, { id });
}
//# sourceMappingURL=schemas.js.map