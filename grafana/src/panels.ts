// Small builders for the panels the dashboards share: every panel has a title, a unit, a
// description, and links to the runbooks of the alerts it relates to; every query goes to
// the Prometheus data source by its fixed uid (grafana/provisioning/datasources).
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { alert } from './thresholds.js';

export const PROMETHEUS: dashboard.DataSourceRef = { type: 'prometheus', uid: 'prometheus' };

/**
 * Where runbook links point: the alert inbox serves docs/runbooks on 127.0.0.1:9095, as
 * alertmanager/templates/notifications.tmpl's "runbook.base" does. Point both at your
 * repository (https://github.com/you/repo/blob/main/) when the team reads it there.
 */
export const RUNBOOK_BASE_URL = 'http://127.0.0.1:9095/';

/** Label matchers for the environment and service variables, on series that carry both. */
export const SERVICE = 'deployment_environment_name=~"$env", service_name=~"$service"';

export const COLORS = { ok: 'green', warning: 'yellow', bad: 'red', info: 'blue' } as const;

export interface Query {
  readonly expr: string;
  readonly legend?: string;
  /** One value per series at the end of the range (stats and tables). */
  readonly instant?: boolean;
  /** Exemplars: each links to its trace in Tempo (the data source's exemplar link). */
  readonly exemplar?: boolean;
}

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly queries: readonly Query[];
  /** Threshold ids (C2, W6...) in prometheus/thresholds.json whose alerts this panel shows. */
  readonly alerts?: readonly string[];
  readonly width?: number;
  readonly height?: number;
  readonly min?: number;
  readonly max?: number;
  /** Colour steps: the base colour, then each step's colour from its value up. */
  readonly steps?: readonly dashboard.Threshold[];
}

function target(query: Query, index: number, asTable: boolean): prometheus.DataqueryBuilder {
  const builder = new prometheus.DataqueryBuilder()
    .datasource(PROMETHEUS)
    .refId(String.fromCharCode(65 + index))
    .expr(query.expr)
    .editorMode(prometheus.QueryEditorMode.Code)
    .legendFormat(query.legend ?? '__auto');
  if (query.instant) builder.instant();
  // A table shows one row per series with its labels as columns.
  if (asTable) builder.format(prometheus.PromQueryFormat.Table);
  if (query.exemplar) builder.exemplar(true);
  return builder;
}

export function runbookLinks(alertIds: readonly string[] = []): dashboard.DashboardLinkBuilder[] {
  return alertIds.map((id) => {
    const { name, severity } = alert(id);
    return new dashboard.DashboardLinkBuilder(`Runbook: ${name} (${severity})`)
      .type(dashboard.DashboardLinkType.Link)
      .url(`${RUNBOOK_BASE_URL}docs/runbooks/${name}.md`)
      .targetBlank(true);
  });
}

function thresholds(steps: readonly dashboard.Threshold[] | undefined): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps ? [...steps] : [{ value: null, color: COLORS.ok }]);
}

/** Colour steps: green below `warning`, yellow from it, red from `bad` (either may be omitted). */
export function steps(warning: number | undefined, bad?: number): dashboard.Threshold[] {
  return [
    { value: null, color: COLORS.ok },
    ...(warning === undefined ? [] : [{ value: warning, color: COLORS.warning }]),
    ...(bad === undefined ? [] : [{ value: bad, color: COLORS.bad }]),
  ];
}

function common_<T extends timeseries.PanelBuilder | stat.PanelBuilder | table.PanelBuilder>(builder: T, spec: PanelSpec, asTable = false): T {
  builder
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .span(spec.width ?? 8)
    .height(spec.height ?? 8)
    .thresholds(thresholds(spec.steps))
    .links(runbookLinks(spec.alerts));
  spec.queries.forEach((query, index) => builder.withTarget(target(query, index, asTable)));
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  return builder;
}

export function timeSeries(spec: PanelSpec & { readonly stacked?: boolean }): timeseries.PanelBuilder {
  const builder = common_(new timeseries.PanelBuilder(), spec)
    .lineWidth(1)
    .fillOpacity(spec.stacked ? 30 : 10)
    .legend(new common.VizLegendOptionsBuilder().displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).showLegend(true))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
  if (spec.stacked) builder.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  // Threshold lines only where a threshold was given.
  if (spec.steps) builder.thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed));
  return builder;
}

export function statPanel(spec: PanelSpec & { readonly mappings?: dashboard.ValueMapping[]; readonly noValue?: string }): stat.PanelBuilder {
  const builder = common_(new stat.PanelBuilder(), spec)
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .textMode(common.BigValueTextMode.Auto)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  if (spec.mappings) builder.mappings(spec.mappings);
  if (spec.noValue) builder.noValue(spec.noValue);
  return builder;
}

export function tablePanel(spec: PanelSpec): table.PanelBuilder {
  return common_(new table.PanelBuilder(), spec, true)
    .showHeader(true)
    .cellHeight(common.TableCellHeight.Sm)
    .withTransformation({ id: 'merge', options: {} })
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true } } });
}

/** The environment and service variables, filled from target_info. */
function serviceVariables(): dashboard.QueryVariableBuilder[] {
  const variable = (name: string, label: string, query: string) => new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(PROMETHEUS)
    .query(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .includeAll(true)
    .allValue('.+')
    .multi(false);
  return [
    variable('env', 'environment', 'label_values(target_info, deployment_environment_name)'),
    variable('service', 'service', 'label_values(target_info{deployment_environment_name=~"$env"}, service_name)'),
  ];
}

export function newDashboard(uid: string, title: string, description: string): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['node-otel-stack', 'generated'])
    .editable()
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .link(new dashboard.DashboardLinkBuilder('Dashboards').type(dashboard.DashboardLinkType.Dashboards).tags(['node-otel-stack']).asDropdown(true).includeVars(true).keepTime(true));
}

/** A dashboard about one service at a time: the environment and service variables first. */
export function newServiceDashboard(uid: string, title: string, description: string): dashboard.DashboardBuilder {
  const builder = newDashboard(uid, title, description);
  for (const variable of serviceVariables()) builder.withVariable(variable);
  return builder;
}

/** For gauges that are 1 when something is up and 0 when it is down (probes, health checks, `up`). */
export const UP_DOWN = {
  steps: [{ value: null, color: COLORS.bad }, { value: 1, color: COLORS.ok }],
  mappings: [{ type: dashboard.MappingType.ValueToText, options: { 0: { text: 'Down', color: COLORS.bad, index: 0 }, 1: { text: 'Up', color: COLORS.ok, index: 1 } } }],
} satisfies { steps: dashboard.Threshold[]; mappings: dashboard.ValueMapping[] };
