// Process CPU and memory under their semantic-convention names (process.cpu.utilization,
// process.cpu.time, process.memory.usage), and the fill of the filesystem the app works on
// (system.filesystem.utilization, for the storage threshold W5). Observed only at collection
// time, so they cost nothing between exports; the stock host-metrics package would pull in
// systeminformation.
import { statfsSync } from 'node:fs';
import type { Meter } from '@opentelemetry/api';

export function registerProcessMetrics(meter: Meter): void {
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
}
