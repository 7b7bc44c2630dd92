import type { Command } from 'commander';
import type { Store } from '../../store/store.js';
export declare function withStore<T>(flag: string | undefined, fn: (s: Store) => Promise<T>): Promise<T>;
export declare function registerInspect(program: Command): void;
