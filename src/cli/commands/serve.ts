import { DEFAULT_MEMORY_GB_PER_WORKER, type CostBasis } from '../../cost/attempt-cost.js';
import { resolvePricing } from '../../cost/rates.js';
import { type ApiServerOptions, buildApiServer } from '../../http/server.js';
import type { CoreboundMetrics, NodeStatsSource } from '../../telemetry/metrics.js';
import { registerTelemetryRoutes } from '../../telemetry/routes.js';

/** The pricing every long-running command uses for cost (COREBOUND_PRICING / COREBOUND_PRICING_FILE). */
export function defaultCostBasis(): CostBasis {
  return { rate: resolvePricing().rate, memoryGbPerWorker: DEFAULT_MEMORY_GB_PER_WORKER };
}

/**
 * Builds the API server with observability (metrics, /v1/stats, explain,
 * dashboard) and starts listening. Used by `start` and `api`.
 */
export async function serveApi(opts: ApiServerOptions, telemetry: { metrics: CoreboundMetrics; node?: NodeStatsSource }) {
  const server = await buildApiServer(opts);
  try {
    await registerTelemetryRoutes(server, telemetry);
    const url = await server.listen();
    return { url, server, close: () => server.close(), drain: () => server.drain() };
  } catch (e) {
    await server.close().catch(() => {});
    throw e;
  }
}
