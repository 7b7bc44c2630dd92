import os from 'node:os';

/** What the numbers were measured on; load average is taken now (call it at start). */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAvgStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

export const loadAvgNow = () => os.loadavg().map((x) => Number(x.toFixed(2)));

export function describeMachine(m) {
  return (
    `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; ` +
    `load average at start ${m.loadAvgStart.join(' / ')}${m.loadAvgEnd ? `, at end ${m.loadAvgEnd.join(' / ')}` : ''} (1/5/15 min)`
  );
}
