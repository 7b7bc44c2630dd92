import { CoreboundError, ErrorCodes } from './errors.js';
import { Defaults } from './limits.js';
import { EnqueueSpecSchema } from './spec.js';
export function zodIssues(error) {
    return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}
/**
 * Validates a spec and serializes its input once, so the byte bound is
 * checked on exactly what gets stored. Throws CB_INVALID_INPUT or
 * CB_PAYLOAD_TOO_LARGE; nothing is stored when it throws.
 */
export function prepareSpec(spec, maxPayloadBytes = Defaults.maxPayloadBytes) {
    const parsed = EnqueueSpecSchema.safeParse(spec);
    if (!parsed.success) {
        const issues = zodIssues(parsed.error);
        throw new CoreboundError(ErrorCodes.INVALID_INPUT, `invalid job: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    }
    let inputJson;
    try {
        inputJson = JSON.stringify(parsed.data.input ?? null);
    }
    catch (e) {
        throw new CoreboundError(ErrorCodes.INVALID_INPUT, `input is not JSON-serializable: ${e.message}`);
    }
    if (inputJson === undefined)
        inputJson = 'null';
    const bytes = Buffer.byteLength(inputJson);
    if (bytes > maxPayloadBytes) {
        throw new CoreboundError(ErrorCodes.PAYLOAD_TOO_LARGE, `input is ${bytes} bytes; the limit is ${maxPayloadBytes} bytes`, { bytes, limit: maxPayloadBytes });
    }
    return { ...parsed.data, inputJson };
}
/** Parses JSON text from a user, turning syntax errors into CB_INVALID_JSON. */
export function parseJsonInput(text, what = 'input') {
    try {
        return JSON.parse(text);
    }
    catch (e) {
        throw new CoreboundError(ErrorCodes.INVALID_JSON, `${what} is not valid JSON: ${e.message}`);
    }
}
//# sourceMappingURL=validate.js.map