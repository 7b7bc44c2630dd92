import { z } from 'zod';
/**
 * The HTTP API's schemas. Requests are validated with these and
 * docs/openapi.json is generated from them (src/http/openapi.ts), so the
 * document cannot drift from what the server accepts.
 */
export declare const openapiRegistry: z.core.$ZodRegistry<{
    id: string;
    description?: string;
}, z.core.$ZodType<unknown, unknown, z.core.$ZodTypeInternals<unknown, unknown>>>;
/** `30s`, `250ms`, `10m`, `2h`, `1d` or a number of milliseconds. */
export declare const DurationSchema: z.ZodUnion<readonly [z.ZodNumber, z.ZodString]>;
/** An instant: ISO 8601 with an offset, or milliseconds since the epoch. */
export declare const InstantSchema: z.ZodUnion<readonly [z.ZodNumber, z.ZodISODateTime]>;
export declare const JobRequestSchema: z.ZodObject<{
    task: z.ZodString;
    input: z.ZodOptional<z.ZodUnknown>;
    queue: z.ZodOptional<z.ZodString>;
    key: z.ZodOptional<z.ZodString>;
    delay: z.ZodOptional<z.ZodUnion<readonly [z.ZodNumber, z.ZodString]>>;
    runAt: z.ZodOptional<z.ZodUnion<readonly [z.ZodNumber, z.ZodISODateTime]>>;
    priority: z.ZodOptional<z.ZodNumber>;
    attempts: z.ZodOptional<z.ZodNumber>;
    timeout: z.ZodOptional<z.ZodUnion<readonly [z.ZodNumber, z.ZodString]>>;
}, z.core.$strict>;
export declare const BatchRequestSchema: z.ZodObject<{
    jobs: z.ZodArray<z.ZodObject<{
        task: z.ZodString;
        input: z.ZodOptional<z.ZodUnknown>;
        queue: z.ZodOptional<z.ZodString>;
        key: z.ZodOptional<z.ZodString>;
        delay: z.ZodOptional<z.ZodUnion<readonly [z.ZodNumber, z.ZodString]>>;
        runAt: z.ZodOptional<z.ZodUnion<readonly [z.ZodNumber, z.ZodISODateTime]>>;
        priority: z.ZodOptional<z.ZodNumber>;
        attempts: z.ZodOptional<z.ZodNumber>;
        timeout: z.ZodOptional<z.ZodUnion<readonly [z.ZodNumber, z.ZodString]>>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export declare const Sha256Param: z.ZodString;
export declare const ListQuerySchema: z.ZodObject<{
    state: z.ZodOptional<z.ZodEnum<{
        scheduled: "scheduled";
        queued: "queued";
        running: "running";
        retrying: "retrying";
        succeeded: "succeeded";
        dead: "dead";
        cancelled: "cancelled";
    }>>;
    queue: z.ZodOptional<z.ZodString>;
    task: z.ZodOptional<z.ZodString>;
    cursor: z.ZodOptional<z.ZodString>;
    limit: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare const SignedQuerySchema: z.ZodObject<{
    exp: z.ZodOptional<z.ZodString>;
    sig: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare const ErrorSchema: z.ZodObject<{
    error: z.ZodObject<{
        code: z.ZodString;
        message: z.ZodString;
        details: z.ZodOptional<z.ZodUnknown>;
    }, z.core.$strict>;
}, z.core.$strict>;
export declare const JobViewSchema: z.ZodObject<{
    id: z.ZodNumber;
    task: z.ZodString;
    queue: z.ZodString;
    state: z.ZodEnum<{
        scheduled: "scheduled";
        queued: "queued";
        running: "running";
        retrying: "retrying";
        succeeded: "succeeded";
        dead: "dead";
        cancelled: "cancelled";
    }>;
    priority: z.ZodNumber;
    key: z.ZodNullable<z.ZodString>;
    parentId: z.ZodNullable<z.ZodNumber>;
    groupId: z.ZodNullable<z.ZodString>;
    attempt: z.ZodNumber;
    errors: z.ZodNumber;
    crashes: z.ZodNumber;
    maxAttempts: z.ZodNumber;
    maxCrashes: z.ZodNumber;
    timeoutMs: z.ZodNumber;
    progress: z.ZodNullable<z.ZodNumber>;
    progressMessage: z.ZodNullable<z.ZodString>;
    createdAt: z.ZodNumber;
    runAt: z.ZodNumber;
    startedAt: z.ZodNullable<z.ZodNumber>;
    finishedAt: z.ZodNullable<z.ZodNumber>;
    updatedAt: z.ZodNumber;
    timings: z.ZodObject<{
        waitMs: z.ZodNullable<z.ZodNumber>;
        runMs: z.ZodNullable<z.ZodNumber>;
        totalMs: z.ZodNullable<z.ZodNumber>;
        cpuMs: z.ZodNumber;
        wallMs: z.ZodNumber;
    }, z.core.$strict>;
    lastError: z.ZodNullable<z.ZodObject<{
        code: z.ZodString;
        message: z.ZodString;
    }, z.core.$strict>>;
    deadReason: z.ZodNullable<z.ZodString>;
    resultSha: z.ZodNullable<z.ZodString>;
    resultUrl: z.ZodOptional<z.ZodString>;
    version: z.ZodNumber;
    input: z.ZodOptional<z.ZodUnknown>;
    history: z.ZodOptional<z.ZodArray<z.ZodObject<{
        attempt: z.ZodNumber;
        workerId: z.ZodString;
        startedAt: z.ZodNumber;
        endedAt: z.ZodNullable<z.ZodNumber>;
        outcome: z.ZodString;
        errorCode: z.ZodNullable<z.ZodString>;
        errorMessage: z.ZodNullable<z.ZodString>;
        waitMs: z.ZodNullable<z.ZodNumber>;
        wallMs: z.ZodNullable<z.ZodNumber>;
        cpuMs: z.ZodNullable<z.ZodNumber>;
        peakMemBytes: z.ZodNullable<z.ZodNumber>;
    }, z.core.$strict>>>;
    cost: z.ZodOptional<z.ZodObject<{
        usd: z.ZodNumber;
        coreSeconds: z.ZodNumber;
        cpuSeconds: z.ZodNumber;
        rate: z.ZodString;
    }, z.core.$strict>>;
}, z.core.$strict>;
export declare const JobListSchema: z.ZodObject<{
    jobs: z.ZodArray<z.ZodObject<{
        id: z.ZodNumber;
        task: z.ZodString;
        queue: z.ZodString;
        state: z.ZodEnum<{
            scheduled: "scheduled";
            queued: "queued";
            running: "running";
            retrying: "retrying";
            succeeded: "succeeded";
            dead: "dead";
            cancelled: "cancelled";
        }>;
        priority: z.ZodNumber;
        key: z.ZodNullable<z.ZodString>;
        parentId: z.ZodNullable<z.ZodNumber>;
        groupId: z.ZodNullable<z.ZodString>;
        attempt: z.ZodNumber;
        errors: z.ZodNumber;
        crashes: z.ZodNumber;
        maxAttempts: z.ZodNumber;
        maxCrashes: z.ZodNumber;
        timeoutMs: z.ZodNumber;
        progress: z.ZodNullable<z.ZodNumber>;
        progressMessage: z.ZodNullable<z.ZodString>;
        createdAt: z.ZodNumber;
        runAt: z.ZodNumber;
        startedAt: z.ZodNullable<z.ZodNumber>;
        finishedAt: z.ZodNullable<z.ZodNumber>;
        updatedAt: z.ZodNumber;
        timings: z.ZodObject<{
            waitMs: z.ZodNullable<z.ZodNumber>;
            runMs: z.ZodNullable<z.ZodNumber>;
            totalMs: z.ZodNullable<z.ZodNumber>;
            cpuMs: z.ZodNumber;
            wallMs: z.ZodNumber;
        }, z.core.$strict>;
        lastError: z.ZodNullable<z.ZodObject<{
            code: z.ZodString;
            message: z.ZodString;
        }, z.core.$strict>>;
        deadReason: z.ZodNullable<z.ZodString>;
        resultSha: z.ZodNullable<z.ZodString>;
        resultUrl: z.ZodOptional<z.ZodString>;
        version: z.ZodNumber;
        input: z.ZodOptional<z.ZodUnknown>;
        history: z.ZodOptional<z.ZodArray<z.ZodObject<{
            attempt: z.ZodNumber;
            workerId: z.ZodString;
            startedAt: z.ZodNumber;
            endedAt: z.ZodNullable<z.ZodNumber>;
            outcome: z.ZodString;
            errorCode: z.ZodNullable<z.ZodString>;
            errorMessage: z.ZodNullable<z.ZodString>;
            waitMs: z.ZodNullable<z.ZodNumber>;
            wallMs: z.ZodNullable<z.ZodNumber>;
            cpuMs: z.ZodNullable<z.ZodNumber>;
            peakMemBytes: z.ZodNullable<z.ZodNumber>;
        }, z.core.$strict>>>;
        cost: z.ZodOptional<z.ZodObject<{
            usd: z.ZodNumber;
            coreSeconds: z.ZodNumber;
            cpuSeconds: z.ZodNumber;
            rate: z.ZodString;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    nextCursor: z.ZodNullable<z.ZodNumber>;
}, z.core.$strict>;
export declare const BatchResponseSchema: z.ZodObject<{
    results: z.ZodArray<z.ZodObject<{
        created: z.ZodBoolean;
        job: z.ZodObject<{
            id: z.ZodNumber;
            task: z.ZodString;
            queue: z.ZodString;
            state: z.ZodEnum<{
                scheduled: "scheduled";
                queued: "queued";
                running: "running";
                retrying: "retrying";
                succeeded: "succeeded";
                dead: "dead";
                cancelled: "cancelled";
            }>;
            priority: z.ZodNumber;
            key: z.ZodNullable<z.ZodString>;
            parentId: z.ZodNullable<z.ZodNumber>;
            groupId: z.ZodNullable<z.ZodString>;
            attempt: z.ZodNumber;
            errors: z.ZodNumber;
            crashes: z.ZodNumber;
            maxAttempts: z.ZodNumber;
            maxCrashes: z.ZodNumber;
            timeoutMs: z.ZodNumber;
            progress: z.ZodNullable<z.ZodNumber>;
            progressMessage: z.ZodNullable<z.ZodString>;
            createdAt: z.ZodNumber;
            runAt: z.ZodNumber;
            startedAt: z.ZodNullable<z.ZodNumber>;
            finishedAt: z.ZodNullable<z.ZodNumber>;
            updatedAt: z.ZodNumber;
            timings: z.ZodObject<{
                waitMs: z.ZodNullable<z.ZodNumber>;
                runMs: z.ZodNullable<z.ZodNumber>;
                totalMs: z.ZodNullable<z.ZodNumber>;
                cpuMs: z.ZodNumber;
                wallMs: z.ZodNumber;
            }, z.core.$strict>;
            lastError: z.ZodNullable<z.ZodObject<{
                code: z.ZodString;
                message: z.ZodString;
            }, z.core.$strict>>;
            deadReason: z.ZodNullable<z.ZodString>;
            resultSha: z.ZodNullable<z.ZodString>;
            resultUrl: z.ZodOptional<z.ZodString>;
            version: z.ZodNumber;
            input: z.ZodOptional<z.ZodUnknown>;
            history: z.ZodOptional<z.ZodArray<z.ZodObject<{
                attempt: z.ZodNumber;
                workerId: z.ZodString;
                startedAt: z.ZodNumber;
                endedAt: z.ZodNullable<z.ZodNumber>;
                outcome: z.ZodString;
                errorCode: z.ZodNullable<z.ZodString>;
                errorMessage: z.ZodNullable<z.ZodString>;
                waitMs: z.ZodNullable<z.ZodNumber>;
                wallMs: z.ZodNullable<z.ZodNumber>;
                cpuMs: z.ZodNullable<z.ZodNumber>;
                peakMemBytes: z.ZodNullable<z.ZodNumber>;
            }, z.core.$strict>>>;
            cost: z.ZodOptional<z.ZodObject<{
                usd: z.ZodNumber;
                coreSeconds: z.ZodNumber;
                cpuSeconds: z.ZodNumber;
                rate: z.ZodString;
            }, z.core.$strict>>;
        }, z.core.$strict>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export declare const QueueViewSchema: z.ZodObject<{
    queue: z.ZodString;
    paused: z.ZodBoolean;
    depth: z.ZodNumber;
    running: z.ZodNumber;
    counts: z.ZodRecord<z.ZodString, z.ZodNumber>;
    oldestAgeMs: z.ZodNullable<z.ZodNumber>;
    drainPerSec: z.ZodNumber;
    maxDepth: z.ZodNumber;
    publicResults: z.ZodBoolean;
}, z.core.$strict>;
export declare const QueuesResponseSchema: z.ZodObject<{
    snapshotAt: z.ZodNumber;
    queues: z.ZodArray<z.ZodObject<{
        queue: z.ZodString;
        paused: z.ZodBoolean;
        depth: z.ZodNumber;
        running: z.ZodNumber;
        counts: z.ZodRecord<z.ZodString, z.ZodNumber>;
        oldestAgeMs: z.ZodNullable<z.ZodNumber>;
        drainPerSec: z.ZodNumber;
        maxDepth: z.ZodNumber;
        publicResults: z.ZodBoolean;
    }, z.core.$strict>>;
}, z.core.$strict>;
export declare const QueueStateSchema: z.ZodObject<{
    queue: z.ZodString;
    paused: z.ZodBoolean;
}, z.core.$strict>;
export declare const HealthSchema: z.ZodObject<{
    status: z.ZodLiteral<"ok">;
}, z.core.$strict>;
export declare const ReadySchema: z.ZodObject<{
    ready: z.ZodBoolean;
    checks: z.ZodRecord<z.ZodString, z.ZodObject<{
        ok: z.ZodBoolean;
        reason: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type JobRequest = z.output<typeof JobRequestSchema>;
export type JobView = z.output<typeof JobViewSchema>;
export type QueueView = z.output<typeof QueueViewSchema>;
