import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/errors.js';
import { resolvePgConfig } from '../../src/store/postgres/config.js';

describe('postgres store URL', () => {
  it('takes query_timeout and lock_url from the URL and sends neither to the server', () => {
    const lock = 'postgres://app@db:5432/app?sslmode=require&schema=ignored';
    const cfg = resolvePgConfig(
      `postgres://app@pgbouncer:6432/app?listen=off&query_timeout=5s&lock_url=${encodeURIComponent(lock)}&schema=jobs`,
    );
    expect(cfg.queryTimeoutMs).toBe(5000);
    expect(cfg.connectionString).toBe('postgres://app@pgbouncer:6432/app');
    expect(cfg.lockConnectionString).toBe('postgres://app@db:5432/app?sslmode=require');
    expect(cfg.schema).toBe('jobs');
  });

  it('defaults: statements bounded at 30 s, locks through the store URL', () => {
    const cfg = resolvePgConfig('postgres://app@db/app');
    expect(cfg.queryTimeoutMs).toBe(30_000);
    expect(cfg.lockConnectionString).toBe(cfg.connectionString);
    expect(resolvePgConfig('postgres://app@db/app?query_timeout=0').queryTimeoutMs).toBe(0);
  });

  it.each([
    ['query_timeout=-1s', /query_timeout/],
    ['query_timeout=soon', /query_timeout/],
    ['lock_url=mysql%3A%2F%2Fdb', /not a PostgreSQL URL/],
    [`lock_url=${encodeURIComponent('postgres://db/app?lock_url=postgres%3A%2F%2Fx')}`, /lock_url/],
  ])('refuses %s with CB_STORE_URL', (query, message) => {
    expect(() => resolvePgConfig(`postgres://app@db/app?${query}`)).toThrow(
      expect.objectContaining({ code: ErrorCodes.STORE_URL, message: expect.stringMatching(message) }),
    );
  });
});
