import type { z } from 'zod';
import { type EnqueueSpec } from './spec.js';
export interface Issue {
    path: string;
    message: string;
}
export declare function zodIssues(error: z.ZodError): Issue[];
/**
 * Validates a spec and serializes its input once, so the byte bound is
 * checked on exactly what gets stored. Throws CB_INVALID_INPUT or
 * CB_PAYLOAD_TOO_LARGE; nothing is stored when it throws.
 */
export declare function prepareSpec(spec: EnqueueSpec, maxPayloadBytes?: number): {
    inputJson: string;
    task: string;
    input?: unknown;
    queue?: string | undefined;
    priority?: number | undefined;
    delayMs?: number | undefined;
    runAt?: number | undefined;
    maxAttempts?: number | undefined;
    maxCrashes?: number | undefined;
    timeoutMs?: number | undefined;
    key?: string | undefined;
    parentId?: number | undefined;
    groupId?: string | undefined;
    traceparent?: string | undefined;
};
export type PreparedSpec = ReturnType<typeof prepareSpec>;
/** Parses JSON text from a user, turning syntax errors into CB_INVALID_JSON. */
export declare function parseJsonInput(text: string, what?: string): unknown;
