// The dashboards (grafana/src -> grafana/dashboards/*.json) and the provisioning around them.
// Grafana cannot run on these machines, so the JSON is checked against Grafana's dashboard
// schema as the foundation SDK types it (turned into JSON Schema here), every query is parsed
// by promtool, and test/e2e/pipeline.test.js runs every query against the real pipeline.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';
import { REPO_ROOT } from '../support/app-process.js';
import { composeProject } from '../support/compose.js';
import { run } from '../e2e/support/stack.js';
import { committedDashboards, panels, provisioning, substitute } from './support.js';

const SDK = join(REPO_ROOT, 'node_modules/@grafana/grafana-foundation-sdk/dist');
const thresholds = JSON.parse(readFileSync(join(REPO_ROOT, 'prometheus/thresholds.json'), 'utf8'));
const dashboards = committedDashboards();
const allPanels = panels(dashboards);

test('the committed JSON is exactly what grafana/src generates', async () => {
  const { buildDashboards, fileText } = await import('../../grafana/dist/dashboards.js');
  const generated = buildDashboards();
  assert.deepEqual(Object.keys(generated).sort(), Object.keys(dashboards).sort());
  for (const [name, dashboard] of Object.entries(generated)) {
    assert.equal(readFileSync(join(REPO_ROOT, `grafana/dashboards/${name}.json`), 'utf8'), fileText(dashboard), `grafana/dashboards/${name}.json is stale: run npm run dashboards`);
  }
  // And the script that writes them agrees.
  execFileSync(process.execPath, ['grafana/dist/generate.js', '--check'], { cwd: REPO_ROOT });
});

/** JSON Schema of a type the SDK declares (generated from Grafana's own schema, v11.6). */
function schemaOf(module, type) {
  return createGenerator({ path: join(SDK, module, 'types.gen.d.ts'), type, skipTypeCheck: true, additionalProperties: false, expose: 'all', topRef: true }).createSchema(type);
}

test('every dashboard validates against Grafana\'s dashboard schema, its queries and panel options too', () => {
  const dashboard = schemaOf('dashboard', 'Dashboard');
  const query = schemaOf('prometheus', 'dataquery');
  // A query is a Prometheus query here; the SDK's marker method is not part of the JSON.
  const queryDefinition = query.definitions.dataquery;
  delete queryDefinition.properties._implementsDataqueryVariant;
  queryDefinition.required = queryDefinition.required.filter((name) => name !== '_implementsDataqueryVariant');
  dashboard.definitions = { ...query.definitions, ...dashboard.definitions, Dataquery: queryDefinition };
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(dashboard);
  const options = Object.fromEntries(['stat', 'timeseries', 'table'].map((type) => [type, ajv.compile(schemaOf(type, 'Options'))]));
  for (const [name, json] of Object.entries(dashboards)) {
    assert.ok(validate(json), `${name}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
    for (const panel of json.panels.filter((item) => item.type !== 'row')) {
      const check = options[panel.type];
      assert.ok(check, `${name}: panel type ${panel.type} has a schema here`);
      assert.ok(check(panel.options), `${name} "${panel.title}" options: ${ajv.errorsText(check.errors)}`);
    }
  }
  // The check can fail: a misspelt field is refused.
  const broken = structuredClone(dashboards['service-health']);
  broken.panels[1].titel = 'typo';
  assert.equal(validate(broken), false);
});

test('the seven dashboards, each with unique uids, and environment and service variables where they filter by service', () => {
  assert.deepEqual(Object.values(dashboards).map((item) => item.title).sort(), ['Business events', 'Dependencies', 'Errors', 'Node.js runtime', 'Service health', 'Telemetry pipeline', 'Uptime and TLS']);
  const uids = Object.values(dashboards).map((item) => item.uid);
  assert.equal(new Set(uids).size, uids.length);
  for (const [name, json] of Object.entries(dashboards)) {
    const uses = JSON.stringify(json.panels).includes('$service');
    const variables = (json.templating.list ?? []).map((variable) => variable.name);
    assert.deepEqual(variables, uses ? ['env', 'service'] : [], name);
  }
});

test('every panel has a title, a description, a unit, the Prometheus data source, and runbook links that resolve', () => {
  const { datasources } = provisioning('datasources/datasources.yaml');
  const runbookNames = new Set(Object.values(thresholds.alerts).map((alert) => alert.name));
  let linked = 0;
  for (const { file, panel } of allPanels) {
    const where = `${file}: "${panel.title}"`;
    assert.ok(panel.title && panel.description?.length > 20, `${where} has a description`);
    assert.ok(panel.fieldConfig.defaults.unit, `${where} has a unit`);
    assert.equal(panel.datasource.uid, 'prometheus', where);
    assert.ok(datasources.some((source) => source.uid === panel.datasource.uid && source.type === panel.datasource.type), `${where}: data source provisioned`);
    assert.ok(panel.targets.length > 0, where);
    for (const link of panel.links ?? []) {
      const [, name] = /\/docs\/runbooks\/(\w+)\.md$/.exec(link.url) ?? [];
      assert.ok(runbookNames.has(name), `${where}: ${link.url} is an alert's runbook`);
      assert.ok(existsSync(join(REPO_ROOT, `docs/runbooks/${name}.md`)), `${where}: ${link.url} exists`);
      linked++;
    }
  }
  assert.ok(allPanels.length >= 40, `${allPanels.length} panels`);
  assert.ok(linked >= 30, `${linked} runbook links`);
});

test('colour steps come from prometheus/thresholds.json', () => {
  const panel = (file, title) => allPanels.find((item) => item.file === file && item.panel.title === title)?.panel;
  const stepValues = (found) => found.fieldConfig.defaults.thresholds.steps.map((step) => step.value);
  const { errorRatio, p95Seconds } = thresholds.dashboard;
  assert.deepEqual(stepValues(panel('service-health', 'Error rate (5xx)')), [null, errorRatio.warning, errorRatio.degraded]);
  assert.deepEqual(stepValues(panel('service-health', 'p95 response time')), [null, p95Seconds.warning, p95Seconds.degraded]);
  const status = panel('service-health', 'Status').targets[0].expr;
  for (const number of [errorRatio.warning, errorRatio.degraded, p95Seconds.warning, p95Seconds.degraded]) assert.ok(status.includes(`>= bool ${number}`), `status uses ${number}`);
  assert.deepEqual(stepValues(panel('runtime', 'CPU')), [null, thresholds.alerts.W6.value]);
  assert.deepEqual(stepValues(panel('runtime', 'Resident memory')), [null, thresholds.alerts.W7.value]);
  assert.deepEqual(stepValues(panel('dependencies', 'Database operation latency (p95)')), [null, thresholds.alerts.W3.value]);
  assert.deepEqual(stepValues(panel('business', 'Failed-login rate')), [null, thresholds.alerts.W4.value]);
  assert.equal(stepValues(panel('uptime', 'Days until the certificate expires')).at(-1), thresholds.alerts.I4.value);
});

test('every query is valid PromQL: promtool parses it with the variables substituted', () => {
  let count = 0;
  for (const { file, panel } of allPanels) {
    for (const target of panel.targets) {
      const expr = substitute(target.expr, { env: 'production', service: 'shop' });
      assert.doesNotMatch(expr, /\$/, `${file} "${panel.title}": a variable left in ${expr}`);
      const result = run('promtool', ['promql', 'format', '--experimental', expr]);
      assert.equal(result.status, 0, `${file} "${panel.title}" ${target.refId}: ${result.output}`);
      count++;
    }
  }
  for (const json of Object.values(dashboards)) {
    for (const variable of json.templating.list ?? []) {
      const [, inner] = /^label_values\((.*), \w+\)$/.exec(variable.query);
      assert.equal(run('promtool', ['promql', 'format', '--experimental', substitute(inner, { env: 'production' })]).status, 0, variable.query);
    }
  }
  assert.ok(count >= 60, `${count} queries`);
  // The check can fail.
  assert.notEqual(run('promtool', ['promql', 'format', '--experimental', 'sum(rate(x[5m])']).status, 0);
});

test('Grafana provisions the data sources with fixed uids, linked to each other, and the dashboards from the mounted folder', () => {
  const { datasources } = provisioning('datasources/datasources.yaml');
  const byUid = (uid) => {
    const found = datasources.filter((source) => source.uid === uid);
    assert.equal(found.length, 1, `one data source with uid ${uid}`);
    return found[0];
  };
  for (const [uid, type] of [['prometheus', 'prometheus'], ['tempo', 'tempo'], ['loki', 'loki'], ['alertmanager', 'alertmanager']]) {
    assert.equal(byUid(uid).type, type, uid);
  }
  assert.ok(byUid('prometheus').jsonData.exemplarTraceIdDestinations.some((destination) => destination.name === 'trace_id' && destination.datasourceUid === 'tempo'), 'exemplars open the trace in Tempo');
  assert.equal(byUid('tempo').jsonData.tracesToLogsV2?.datasourceUid, 'loki', 'a trace opens its logs in Loki');
  assert.ok((byUid('loki').jsonData.derivedFields ?? []).some((field) => field.datasourceUid === 'tempo'), 'a trace id in a log line opens the trace');
  const grafana = composeProject().services.grafana;
  const { providers } = provisioning('dashboards/dashboards.yaml');
  assert.ok(providers.length > 0, 'a dashboard provider');
  for (const { options: { path } } of providers) {
    const mount = grafana.volumes.find((volume) => volume.target === path);
    assert.ok(mount, `compose mounts ${path}`);
    assert.equal(mount.source, join(REPO_ROOT, 'grafana/dashboards'));
    assert.equal(mount.read_only, true);
  }
  // Grafana expands ${VARIABLE} in provisioning files from its environment, which compose
  // sets per topology: each URL must resolve to a service of that topology.
  for (const scaled of [false, true]) {
    const project = composeProject({ scaled });
    const environment = project.services.grafana.environment;
    for (const { name, url } of datasources) {
      const resolved = url.replace(/\$\{(\w+)\}/g, (_, variable) => {
        assert.ok(environment[variable], `compose gives Grafana ${variable}${scaled ? ' (scaled)' : ''}`);
        return environment[variable];
      });
      const { protocol, hostname, port } = new URL(resolved);
      assert.ok(protocol === 'http:' && port, `${name}: ${resolved} is http://host:port`);
      assert.ok(project.services[hostname], `data source host ${hostname} is a compose service${scaled ? ' (scaled)' : ''}`);
    }
    assert.equal(new URL(environment.METRICS_QUERY_URL).hostname, scaled ? 'thanos-query' : 'prometheus');
  }
});
