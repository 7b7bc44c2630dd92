import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pkgVersion } from './versions.mjs';

export const REDIS = { host: process.env.REDIS_HOST || '127.0.0.1', port: Number(process.env.REDIS_PORT || 6379) };
/** Every key the bench writes starts with this, so cleanup never touches anyone else's keys. */
export const PREFIX = process.env.BENCH_REDIS_PREFIX || 'cbbench';

/**
 * bullmq 6 no longer ships a Redis client: `ioredis` is an optional peer
 * dependency. Resolve it from the project, or from BENCH_IOREDIS_DIR (a folder
 * whose node_modules holds ioredis) so the bench can run before it is added.
 */
export async function loadIORedis() {
  try {
    const mod = await import('ioredis');
    return { IORedis: mod.default ?? mod.Redis ?? mod, version: pkgVersion('ioredis') };
  } catch {
    const dir = process.env.BENCH_IOREDIS_DIR;
    if (dir) {
      const mod = createRequire(join(dir, 'package.json'))('ioredis');
      return { IORedis: mod.default ?? mod, version: `${pkgVersion('ioredis', dir)} (from BENCH_IOREDIS_DIR)` };
    }
    throw new Error(
      'bullmq 6 needs the ioredis package (optional peer dependency), which is not installed. ' +
        'Add it as a devDependency, or set BENCH_IOREDIS_DIR to a folder with node_modules/ioredis.',
    );
  }
}

/** Deletes every key under the bench prefix (SCAN + UNLINK, never KEYS/FLUSHDB). */
export async function deletePrefix(redis, prefix = PREFIX) {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2000);
    cursor = next;
    if (keys.length) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

export async function redisVersion(redis) {
  const info = await redis.info('server');
  return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
}
