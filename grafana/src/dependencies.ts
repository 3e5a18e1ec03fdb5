// Dependencies: the database (client operation durations and errors), the health checks
// of each dependency the app declared (createHealth), and outgoing HTTP calls.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { newServiceDashboard, SERVICE, statPanel, steps, timeSeries, UP_DOWN } from './panels.js';
import { value } from './thresholds.js';

const DB = `db_client_operation_duration_seconds_bucket{${SERVICE}}`;
const CLIENT = `http_client_request_duration_seconds_bucket{${SERVICE}}`;

export function dependencies(): dashboard.DashboardBuilder {
  return newServiceDashboard('node-dependencies', 'Dependencies', 'Database operations, dependency health checks and outgoing HTTP calls.')
    .withRow(new dashboard.RowBuilder('Health checks'))
    .withPanel(statPanel({
      title: 'Dependency health',
      description: 'The last result of each health check (/health/ready): up or down. The database or the auth service down for 2 minutes pages.',
      unit: 'none',
      width: 12,
      height: 6,
      queries: [{ expr: `min by (service_name, dependency) (app_dependency_up{${SERVICE}})`, legend: '{{service_name}} → {{dependency}}', instant: true }],
      ...UP_DOWN,
      alerts: ['C3', 'C5'],
    }))
    .withPanel(timeSeries({
      title: 'Health-check latency (p95)',
      description: 'How long each dependency took to answer its health check.',
      unit: 's',
      width: 12,
      height: 6,
      min: 0,
      queries: [{ expr: `histogram_quantile(0.95, sum by (dependency, le) (rate(app_dependency_check_duration_seconds_bucket{${SERVICE}}[$__rate_interval])))`, legend: '{{dependency}}' }],
      alerts: ['C3', 'C5'],
    }))
    .withRow(new dashboard.RowBuilder('Database'))
    .withPanel(timeSeries({
      title: 'Database operation latency (p95)',
      description: 'The 95th percentile of database operation durations, by operation. Above 1 s for 5 minutes warns; each operation over OBS_SLOW_QUERY_MS is logged with its statement.',
      unit: 's',
      min: 0,
      queries: [{ expr: `histogram_quantile(0.95, sum by (db_operation_name, le) (rate(${DB}[$__rate_interval])))`, legend: '{{db_operation_name}}' }],
      steps: steps(value('W3')),
      alerts: ['W3'],
    }))
    .withPanel(timeSeries({
      title: 'Database operations',
      description: 'Operations per second, by operation.',
      unit: 'ops',
      queries: [{ expr: `sum by (db_operation_name) (rate(db_client_operation_duration_seconds_count{${SERVICE}}[$__rate_interval]))`, legend: '{{db_operation_name}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Database errors',
      description: 'Failed operations per second, by operation and error type (the SQLSTATE for PostgreSQL: 23505 is a unique violation, 08xxx a connection failure).',
      unit: 'ops',
      queries: [{ expr: `sum by (db_operation_name, error_type) (rate(db_client_operation_duration_seconds_count{${SERVICE}, error_type!=""}[$__rate_interval]))`, legend: '{{db_operation_name}} {{error_type}}' }],
      alerts: ['C3'],
    }))
    .withRow(new dashboard.RowBuilder('Outgoing HTTP'))
    .withPanel(timeSeries({
      title: 'Outgoing requests',
      description: 'Calls to other services per second, by host and status code.',
      unit: 'reqps',
      width: 12,
      queries: [{ expr: `sum by (server_address, http_response_status_code) (rate(http_client_request_duration_seconds_count{${SERVICE}}[$__rate_interval]))`, legend: '{{server_address}} {{http_response_status_code}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Outgoing request latency (p95)',
      description: 'The 95th percentile of outgoing call durations, by host.',
      unit: 's',
      width: 12,
      min: 0,
      queries: [{ expr: `histogram_quantile(0.95, sum by (server_address, le) (rate(${CLIENT}[$__rate_interval])))`, legend: '{{server_address}}' }],
    }));
}
