// Node.js runtime: CPU and memory against the container's limits, heap, the event loop,
// garbage collection, database pools and server, network and storage of each instance (the preload's runtime and
// process metrics), with the infrastructure thresholds.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { newServiceDashboard, SERVICE, steps, timeSeries } from './panels.js';
import { value } from './thresholds.js';

/**
 * The database server and its volume are the `postgres` job (the exporter's scrape job and
 * the collector's hostmetrics/database), not a service of the service variable.
 */
const DATABASE = 'job="postgres"';
const cpuUsed = `sum by (service_name, instance) (rate(process_cpu_time_seconds_total{${SERVICE}}[$__rate_interval]))`;
const cpuQuota = `max by (service_name, instance) (container_cpu_limit{${SERVICE}})`;

export function runtime(): dashboard.DashboardBuilder {
  return newServiceDashboard('node-runtime', 'Node.js runtime', 'CPU and resident memory against the container\'s limits, heap, event-loop delay and utilisation, garbage collection, database pools and server, network and storage, per instance.')
    .withRow(new dashboard.RowBuilder('Process'))
    .withPanel(timeSeries({
      title: 'CPU',
      description: 'CPU used by the process, as a share of its container\'s CPU quota where one is set, else of one core (as the alert measures it). Above 80% for 5 minutes warns.',
      unit: 'percentunit',
      min: 0,
      queries: [{ expr: `${cpuUsed} / ${cpuQuota} or ${cpuUsed} unless ${cpuQuota}`, legend: '{{service_name}} {{instance}}' }],
      steps: steps(value('W6')),
      alerts: ['W6'],
    }))
    .withPanel(timeSeries({
      title: 'Resident memory',
      description: 'Resident set size of the process, and its container\'s memory limit where one is set. Above 80% of the limit, or above 400 MB where there is none, for 5 minutes warns.',
      unit: 'bytes',
      min: 0,
      queries: [
        { expr: `max by (service_name, instance) (process_memory_usage_bytes{${SERVICE}})`, legend: '{{service_name}} {{instance}}' },
        { expr: `max by (service_name, instance) (container_memory_limit_bytes{${SERVICE}})`, legend: 'limit {{service_name}} {{instance}}' },
      ],
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
    .withRow(new dashboard.RowBuilder('Database'))
    .withPanel(timeSeries({
      title: 'Pool connections',
      description: 'Connections of each pg pool in use and idle, and the pool\'s maximum. In use above 80% of the maximum for 5 minutes warns.',
      unit: 'short',
      width: 12,
      min: 0,
      queries: [
        { expr: `sum by (service_name, instance, db_client_connection_pool_name, db_client_connection_state) (db_client_connection_count{${SERVICE}})`, legend: '{{db_client_connection_state}} {{service_name}} {{instance}}' },
        { expr: `max by (service_name, instance, db_client_connection_pool_name) (db_client_connection_max{${SERVICE}})`, legend: 'max {{service_name}} {{instance}}' },
      ],
      alerts: ['W11'],
    }))
    .withPanel(timeSeries({
      title: 'Requests waiting for a connection',
      description: 'Requests waiting for a connection of each pg pool. Waiting at every look for 5 minutes warns.',
      unit: 'short',
      width: 12,
      min: 0,
      queries: [{ expr: `max by (service_name, instance, db_client_connection_pool_name) (db_client_connection_pending_requests{${SERVICE}})`, legend: '{{service_name}} {{instance}}' }],
      alerts: ['W11'],
    }))
    .withPanel(timeSeries({
      title: 'PostgreSQL connections',
      description: 'Connections open on the PostgreSQL server by state (the PostgreSQL exporter), and its max_connections. Above 80% of it for 5 minutes warns.',
      unit: 'short',
      width: 12,
      min: 0,
      queries: [
        { expr: `sum by (instance, state) (pg_stat_activity_count{${DATABASE}})`, legend: '{{state}} {{instance}}' },
        { expr: `max by (instance) (pg_settings_max_connections{${DATABASE}})`, legend: 'max_connections {{instance}}' },
      ],
      alerts: ['W11'],
    }))
    .withPanel(timeSeries({
      title: 'Database size against its volume',
      description: 'Size of each database on the PostgreSQL server (the PostgreSQL exporter), and the size and use of the volume it lives on (the collector). The volume above 80% full warns.',
      unit: 'bytes',
      width: 12,
      min: 0,
      queries: [
        { expr: `max by (instance, datname) (pg_database_size_bytes{${DATABASE}, datname!~"template.*"})`, legend: '{{datname}} {{instance}}' },
        { expr: `sum by (mountpoint) (system_filesystem_usage_bytes{${DATABASE}})`, legend: 'volume {{mountpoint}}' },
        { expr: `sum by (mountpoint) (system_filesystem_usage_bytes{${DATABASE}, state="used"})`, legend: 'volume used {{mountpoint}}' },
      ],
      alerts: ['W5'],
    }))
    .withRow(new dashboard.RowBuilder('Network and storage'))
    .withPanel(timeSeries({
      title: 'Network',
      description: 'Bytes per second received and sent on the network interfaces the process sees (its container\'s own in a container), loopback excluded.',
      unit: 'Bps',
      min: 0,
      queries: [{ expr: `sum by (service_name, instance, network_io_direction) (rate(system_network_io_bytes_total{${SERVICE}}[$__rate_interval]))`, legend: '{{service_name}} {{instance}} {{network_io_direction}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Storage used',
      description: 'Share of the filesystem of the working directory in use. Above 80% warns.',
      unit: 'percentunit',
      min: 0,
      max: 1,
      queries: [{ expr: `max by (service_name, instance, system_filesystem_mountpoint) (system_filesystem_utilization_ratio{${SERVICE}})`, legend: '{{service_name}} {{instance}} {{system_filesystem_mountpoint}}' }],
      steps: steps(value('W5')),
      alerts: ['W5'],
    }));
}
