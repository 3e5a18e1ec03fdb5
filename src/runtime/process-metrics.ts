// Process CPU and memory under their semantic-convention names (process.cpu.utilization,
// process.cpu.time, process.memory.usage), the container's limits they are judged against
// (container.cpu.limit, container.memory.limit), the network bytes of the container
// (system.network.io) and the fill of the filesystem the app works on
// (system.filesystem.utilization, for the storage threshold). Observed only at collection
// time, so they cost nothing between exports; the stock host-metrics package would pull in
// systeminformation.
import { readFileSync, statfsSync } from 'node:fs';
import type { Meter } from '@opentelemetry/api';
import { cgroupFiles, readContainerLimits } from './container-limits.js';

export interface ProcessMetricsOptions {
  /** The process's cgroup directory when set explicitly; else found from /proc/self/cgroup. */
  readonly cgroupDirectory: string | undefined;
}

/** Per interface, bytes and packets received and sent (the network namespace's own). */
const NETWORK_DEVICES = '/proc/net/dev';

export function registerProcessMetrics(meter: Meter, options: ProcessMetricsOptions): void {
  let lastCpu = process.cpuUsage();
  let lastTime = process.hrtime.bigint();

  const utilization = meter.createObservableGauge('process.cpu.utilization', {
    description: 'Share of one CPU core used by the process since the previous collection (can exceed 1 on several cores).',
    unit: '1',
  });
  const cpuTime = meter.createObservableCounter('process.cpu.time', { description: 'CPU time used by the process.', unit: 's' });
  const memory = meter.createObservableUpDownCounter('process.memory.usage', { description: 'Resident set size of the process.', unit: 'By' });

  utilization.addCallback((result) => {
    const cpu = process.cpuUsage();
    const time = process.hrtime.bigint();
    const elapsedMicros = Number(time - lastTime) / 1000;
    if (elapsedMicros > 0) {
      const used = cpu.user - lastCpu.user + (cpu.system - lastCpu.system);
      result.observe(used / elapsedMicros);
    }
    lastCpu = cpu;
    lastTime = time;
  });
  cpuTime.addCallback((result) => {
    const cpu = process.cpuUsage();
    result.observe(cpu.user / 1e6, { 'cpu.mode': 'user' });
    result.observe(cpu.system / 1e6, { 'cpu.mode': 'system' });
  });
  memory.addCallback((result) => result.observe(process.memoryUsage.rss()));

  const directory = process.cwd();
  meter.createObservableGauge('system.filesystem.utilization', {
    description: 'Used share of the filesystem holding the working directory (blocks available to unprivileged users count as free).',
    unit: '1',
  }).addCallback((result) => {
    try {
      const { blocks, bavail } = statfsSync(directory);
      if (blocks > 0) result.observe(1 - bavail / blocks, { 'system.filesystem.mountpoint': directory });
    } catch {
      // A filesystem that cannot be read reports nothing rather than a wrong value.
    }
  });

  registerContainerMetrics(meter, options);
}

function registerContainerMetrics(meter: Meter, { cgroupDirectory }: ProcessMetricsOptions): void {
  const files = cgroupFiles(cgroupDirectory);
  const cpuLimit = meter.createObservableGauge('container.cpu.limit', {
    description: 'CPU quota of the container in cores; absent when none is set.',
    unit: '{cpu}',
  });
  const memoryLimit = meter.createObservableUpDownCounter('container.memory.limit', {
    description: 'Memory limit of the container; absent when none is set.',
    unit: 'By',
  });
  // One read of the cgroup files per collection serves both instruments.
  meter.addBatchObservableCallback((result) => {
    const limits = readContainerLimits(files);
    if (limits.cpuCores !== undefined) result.observe(cpuLimit, limits.cpuCores);
    if (limits.memoryBytes !== undefined) result.observe(memoryLimit, limits.memoryBytes);
  }, [cpuLimit, memoryLimit]);

  meter.createObservableCounter('system.network.io', {
    description: 'Bytes received and sent on the network interfaces the process sees (the container\'s own in a container), loopback excluded.',
    unit: 'By',
  }).addCallback((result) => {
    const totals = readNetworkTotals(NETWORK_DEVICES);
    if (totals === undefined) return;
    result.observe(totals.received, { 'network.io.direction': 'receive' });
    result.observe(totals.transmitted, { 'network.io.direction': 'transmit' });
  });
}

/** Sums /proc/net/dev over every interface but loopback; undefined where it cannot be read. */
export function readNetworkTotals(file: string): { received: number; transmitted: number } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let received = 0;
  let transmitted = 0;
  // "  eth0: <rx bytes> <rx packets> ... (8 receive fields) <tx bytes> ..." after two header lines.
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon === -1 || line.slice(0, colon).trim() === 'lo') continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (fields.length < 16 || !Number.isFinite(fields[0]) || !Number.isFinite(fields[8])) continue;
    received += fields[0]!;
    transmitted += fields[8]!;
  }
  return { received, transmitted };
}
