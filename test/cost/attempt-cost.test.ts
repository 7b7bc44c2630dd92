import { describe, expect, it } from 'vitest';
import { attemptCost, attemptWallMs, jobCost, workerHourUsd } from '../../src/cost/attempt-cost.js';

const fargateX86 = { name: 'fargate-x86', vcpuHour: 0.04048, gbHour: 0.004445 };
const basis = { rate: fargateX86, memoryGbPerWorker: 2 };
const at = (wallMs: number | null, cpuMs: number | null, startedAt = 0, endedAt: number | null = null) => ({
  startedAt,
  endedAt: endedAt ?? startedAt + (wallMs ?? 0),
  wallMs,
  cpuMs,
});

describe('attempt cost (hand-worked, Fargate x86, 2 GB per worker)', () => {
  it('90 s wall, 45 s CPU: 90 core-s × $0.04048/3600 + 180 GB-s × $0.004445/3600', () => {
    const c = attemptCost(at(90_000, 45_000), basis);
    expect(c.coreSeconds).toBe(90);
    expect(c.cpuSeconds).toBe(45);
    expect(c.gbSeconds).toBe(180);
    expect(c.vcpuUsd).toBeCloseTo(0.001012, 12); // 0.025 h × 0.04048
    expect(c.memoryUsd).toBeCloseTo(0.00022225, 12); // 0.05 GB-h × 0.004445
    expect(c.usd).toBeCloseTo(0.00123425, 12);
  });

  it('prices reserved time, not CPU time: an idle-waiting attempt costs the same as a busy one', () => {
    expect(attemptCost(at(60_000, 1_000), basis).usd).toBe(attemptCost(at(60_000, 60_000), basis).usd);
  });

  it('one worker-hour is the vCPU rate plus memory × GB rate', () => {
    expect(workerHourUsd(basis)).toBeCloseTo(0.04048 + 2 * 0.004445, 12);
    expect(attemptCost(at(3_600_000, 0), basis).usd).toBeCloseTo(0.04937, 12);
  });

  it('memory-included rates (EC2) charge only the vCPU', () => {
    const c = attemptCost(at(3_600_000, 3_600_000), { rate: { name: 'ec2-c7g', vcpuHour: 0.03625, gbHour: 0 }, memoryGbPerWorker: 4 });
    expect(c.usd).toBeCloseTo(0.03625, 12);
    expect(c.memoryUsd).toBe(0);
    expect(c.gbSeconds).toBe(4 * 3600);
  });

  it('a crashed attempt with no measured wall time is charged for its span', () => {
    expect(attemptWallMs(at(null, null, 1_000, 21_000))).toBe(20_000);
    expect(attemptCost(at(null, null, 1_000, 21_000), basis).coreSeconds).toBe(20);
  });

  it("a job's cost is the sum of all its attempts, failed and crashed ones included", () => {
    const attempts = [at(30_000, 29_000), at(null, null, 100_000, 120_000), at(90_000, 88_000)];
    const c = jobCost(attempts, basis);
    expect(c.coreSeconds).toBe(140);
    expect(c.cpuSeconds).toBe(117);
    // 140 s × $0.04937/h
    expect(c.usd).toBeCloseTo((140 / 3600) * 0.04937, 12);
    expect(c.usd).toBeGreaterThan(attemptCost(attempts[2], basis).usd);
  });
});
