// Node.js runtime: CPU, memory, heap, the event loop and garbage collection of each
// instance (the preload's runtime and process metrics), with the infrastructure thresholds.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { newServiceDashboard, SERVICE, steps, timeSeries } from './panels.js';
import { value } from './thresholds.js';

export function runtime(): dashboard.DashboardBuilder {
  return newServiceDashboard('node-runtime', 'Node.js runtime', 'CPU, resident memory and heap, event-loop delay and utilisation, garbage collection and storage, per instance.')
    .withRow(new dashboard.RowBuilder('Process'))
    .withPanel(timeSeries({
      title: 'CPU',
      description: 'CPU used by the process, as a share of one core. Above 80% for 5 minutes warns.',
      unit: 'percentunit',
      min: 0,
      queries: [{ expr: `sum by (service_name, instance) (process_cpu_utilization_ratio{${SERVICE}})`, legend: '{{service_name}} {{instance}}' }],
      steps: steps(value('W6')),
      alerts: ['W6'],
    }))
    .withPanel(timeSeries({
      title: 'Resident memory',
      description: 'Resident set size of the process. Above 400 MB for 5 minutes warns.',
      unit: 'bytes',
      min: 0,
      queries: [{ expr: `sum by (service_name, instance) (process_memory_usage_bytes{${SERVICE}})`, legend: '{{service_name}} {{instance}}' }],
      steps: steps(value('W7')),
      alerts: ['W7'],
    }))
    .withPanel(timeSeries({
      title: 'V8 heap',
      description: 'Heap in use and heap reserved, summed over V8 heap spaces. Used creeping up to reserved, and reserved growing, is a leak.',
      unit: 'bytes',
      min: 0,
      queries: [
        { expr: `sum by (service_name, instance) (v8js_memory_heap_used_bytes{${SERVICE}})`, legend: 'used {{service_name}} {{instance}}' },
        { expr: `sum by (service_name, instance) (v8js_memory_heap_space_size_bytes{${SERVICE}})`, legend: 'reserved {{service_name}} {{instance}}' },
      ],
      alerts: ['W7'],
    }))
    .withRow(new dashboard.RowBuilder('Event loop and GC'))
    .withPanel(timeSeries({
      title: 'Event-loop delay',
      description: 'How late timers fire: every request waits this long too. p99 above 500 ms for 5 minutes warns.',
      unit: 's',
      min: 0,
      queries: [
        { expr: `max by (service_name, instance) (nodejs_eventloop_delay_p50_seconds{${SERVICE}})`, legend: 'p50 {{service_name}} {{instance}}' },
        { expr: `max by (service_name, instance) (nodejs_eventloop_delay_p99_seconds{${SERVICE}})`, legend: 'p99 {{service_name}} {{instance}}' },
      ],
      steps: steps(value('X3')),
      alerts: ['X3'],
    }))
    .withPanel(timeSeries({
      title: 'Event-loop utilisation',
      description: 'Share of time the event loop was busy. Near 100%, the process cannot take more work.',
      unit: 'percentunit',
      min: 0,
      max: 1,
      queries: [{ expr: `max by (service_name, instance) (nodejs_eventloop_utilization_ratio{${SERVICE}})`, legend: '{{service_name}} {{instance}}' }],
      steps: steps(0.8, 0.95),
    }))
    .withPanel(timeSeries({
      title: 'Garbage collection',
      description: 'Share of time spent in garbage collection, by kind of collection.',
      unit: 'percentunit',
      min: 0,
      queries: [{ expr: `sum by (service_name, v8js_gc_type) (rate(v8js_gc_duration_seconds_sum{${SERVICE}}[$__rate_interval]))`, legend: '{{service_name}} {{v8js_gc_type}}' }],
    }))
    .withRow(new dashboard.RowBuilder('Storage'))
    .withPanel(timeSeries({
      title: 'Storage used',
      description: 'Share of the filesystem of the working directory in use. Above 80% warns.',
      unit: 'percentunit',
      width: 24,
      min: 0,
      max: 1,
      queries: [{ expr: `max by (service_name, instance, system_filesystem_mountpoint) (system_filesystem_utilization_ratio{${SERVICE}})`, legend: '{{service_name}} {{instance}} {{system_filesystem_mountpoint}}' }],
      steps: steps(value('W5')),
      alerts: ['W5'],
    }));
}
