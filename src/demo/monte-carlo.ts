/**
 * Monte Carlo pricing of an arithmetic-average Asian call under geometric
 * Brownian motion. Each shard simulates `paths` paths from its own seed, so
 * the answer is reproducible and shards can run anywhere in any order.
 */
export interface AsianParams {
  spot: number;
  strike: number;
  rate: number;
  volatility: number;
  years: number;
  steps: number;
}

export interface ShardSums {
  n: number;
  sum: number;
  sumSq: number;
}

/** xoshiro128** seeded by splitmix32: fast, small state, good statistical quality. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const r = Math.imul(Math.imul(b, 5) << 7 | Math.imul(b, 5) >>> 25, 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return (r + 0.5) / 4294967296;
  };
}

export function simulateShard(
  p: AsianParams,
  seed: number,
  paths: number,
  onProgress?: (fraction: number) => void,
): ShardSums {
  const next = rng(seed);
  const dt = p.years / p.steps;
  const drift = (p.rate - 0.5 * p.volatility * p.volatility) * dt;
  const vol = p.volatility * Math.sqrt(dt);
  const discount = Math.exp(-p.rate * p.years);
  let sum = 0;
  let sumSq = 0;
  let spare = Number.NaN;
  const normal = () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = Number.NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(next()));
    const theta = 2 * Math.PI * next();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  const reportEvery = Math.max(1, Math.floor(paths / 10));
  for (let i = 0; i < paths; i++) {
    let s = p.spot;
    let acc = 0;
    for (let k = 0; k < p.steps; k++) {
      s *= Math.exp(drift + vol * normal());
      acc += s;
    }
    const payoff = discount * Math.max(acc / p.steps - p.strike, 0);
    sum += payoff;
    sumSq += payoff * payoff;
    if (onProgress && (i + 1) % reportEvery === 0) onProgress((i + 1) / paths);
  }
  return { n: paths, sum, sumSq };
}

/** Combines shards: the price estimate and its 95% confidence interval. */
export function combine(shards: ShardSums[]) {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const s of shards) {
    n += s.n;
    sum += s.sum;
    sumSq += s.sumSq;
  }
  const mean = sum / n;
  const variance = Math.max(0, sumSq / n - mean * mean) * (n / Math.max(1, n - 1));
  const stderr = Math.sqrt(variance / n);
  return { paths: n, price: mean, stderr, low: mean - 1.96 * stderr, high: mean + 1.96 * stderr };
}
