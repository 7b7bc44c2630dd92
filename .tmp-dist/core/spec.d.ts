import { z } from 'zod';
export declare const EnqueueSpecSchema: z.ZodObject<{
    task: z.ZodString;
    input: z.ZodOptional<z.ZodUnknown>;
    queue: z.ZodOptional<z.ZodString>;
    priority: z.ZodOptional<z.ZodNumber>;
    delayMs: z.ZodOptional<z.ZodNumber>;
    runAt: z.ZodOptional<z.ZodNumber>;
    maxAttempts: z.ZodOptional<z.ZodNumber>;
    maxCrashes: z.ZodOptional<z.ZodNumber>;
    timeoutMs: z.ZodOptional<z.ZodNumber>;
    key: z.ZodOptional<z.ZodString>;
    parentId: z.ZodOptional<z.ZodNumber>;
    groupId: z.ZodOptional<z.ZodString>;
    traceparent: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export type EnqueueSpec = z.input<typeof EnqueueSpecSchema>;
