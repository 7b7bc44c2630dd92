/**
 * corebound's public API. Everything the CLI and HTTP API do is available
 * here, typed.
 */
export { Client } from './client/client.js';
export { Defaults } from './core/limits.js';
export { ManualClock, systemClock } from './core/clock.js';
export { CoreboundError, ErrorCodes, NonRetryableError, isCoreboundError } from './core/errors.js';
export { JobStates } from './core/job.js';
export { backoffDelay, defaultRetryPolicy } from './core/retry.js';
export { defineTask } from './core/task.js';
export { openStore } from './store/open.js';
//# sourceMappingURL=index.js.map