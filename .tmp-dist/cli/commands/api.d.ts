import type { Command } from 'commander';
export { startApiServer } from '../../http/server.js';
/** `corebound api`: the HTTP API alone (workers run elsewhere with `corebound worker`). */
export declare function registerApi(program: Command): void;
/** `corebound token create|revoke|list`: API tokens, stored as sha256 hashes. */
export declare function registerTokens(program: Command): void;
