// The scaled topology's files (docker-compose.scaled.yml and what it mounts), checked by the
// real programs and against each other: the collector validates both tiers, promtool the
// Prometheus configuration, and the pieces that name each other agree (the hashring and the
// receivers, the agents and the gateways, the ruler and the Alertmanagers, the two
// Prometheus configurations' translation of OTLP names). The fault tests in test/e2e/scaled
// run the same files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/app-process.js';
import { composeProject } from './support/compose.js';
import { run } from './e2e/support/binaries.js';

const project = composeProject({ scaled: true });
const services = project.services;
const read = (file) => parse(readFileSync(join(REPO_ROOT, file), 'utf8'));
/** The values of a repeated flag in a service's command. */
const flagValues = (service, flag) => services[service].command.filter((arg) => arg.startsWith(`${flag}=`)).map((arg) => arg.slice(flag.length + 1));

test('the collector validates the agent and gateway configurations, and promtool the scaled Prometheus configuration', () => {
  for (const file of ['otel-collector/agent.yaml', 'otel-collector/gateway.yaml']) {
    const result = run('otelcol-stack', ['validate', `--config=${file}`]);
    assert.equal(result.status, 0, `${file}: ${result.output}`);
  }
  const result = run('promtool', ['check', 'config', 'prometheus/prometheus-scaled.yml']);
  assert.equal(result.status, 0, result.output);
  // The check can fail.
  assert.notEqual(run('otelcol-stack', ['validate', '--config=otel-collector/builder-config.yaml']).status, 0);
});

test('the agent sends to every gateway compose runs, on the ports the gateways listen on', () => {
  const agent = read('otel-collector/agent.yaml');
  const gateway = read('otel-collector/gateway.yaml');
  const gateways = Object.keys(services).filter((name) => name.startsWith('otel-gateway-')).sort();
  assert.equal(gateways.length, 2);
  const portOf = (endpoint) => endpoint.replace(/^\$\{env:\w+:-(.*)\}$/, '$1').split(':').at(-1);
  const byTrace = portOf(gateway.receivers.otlp.protocols.grpc.endpoint);
  const byService = portOf(gateway.receivers['otlp/by-service'].protocols.grpc.endpoint);
  const hostnames = (id) => agent.exporters[id].resolver.static.hostnames.map((entry) => entry.replace(/^\$\{env:\w+:-(.*)\}$/, '$1')).sort();
  assert.deepEqual(hostnames('loadbalancing/by-trace'), gateways.map((name) => `${name}:${byTrace}`));
  assert.deepEqual(hostnames('loadbalancing/by-service'), gateways.map((name) => `${name}:${byService}`));
  assert.equal(agent.exporters['loadbalancing/by-trace'].routing_key, 'traceID');
  assert.equal(agent.exporters['loadbalancing/by-service'].routing_key, 'service');
});

test('the hashring lists every receiver, each knows its own entry, and replication needs a majority of three', () => {
  const receivers = Object.keys(services).filter((name) => name.startsWith('thanos-receive-')).sort();
  assert.equal(receivers.length, 3);
  const [{ endpoints }] = JSON.parse(readFileSync(join(REPO_ROOT, 'thanos/hashring.json'), 'utf8'));
  assert.deepEqual(endpoints.map((endpoint) => endpoint.address).sort(), receivers.map((name) => `${name}:10901`));
  const labels = new Set();
  for (const name of receivers) {
    assert.deepEqual(flagValues(name, '--receive.local-endpoint'), [`${name}:10901`], `${name} knows itself in the hashring`);
    assert.deepEqual(flagValues(name, '--receive.replication-factor'), ['3'], `${name} stores every sample on all three`);
    labels.add(flagValues(name, '--label').join());
  }
  assert.equal(labels.size, 3, 'each receiver has its own replica label');
  const query = services['thanos-query'];
  assert.deepEqual(flagValues('thanos-query', '--endpoint').sort(), [...receivers, 'thanos-rule', 'thanos-sidecar'].map((name) => `${name}:10901`).sort());
  for (const label of ['receive_replica', 'prometheus_replica', 'ruler_replica']) assert.ok(query.command.includes(`--query.replica-label=${label}`), label);
  // Prometheus writes to a receiver that exists.
  const [remoteWrite] = read('prometheus/prometheus-scaled.yml').remote_write;
  assert.ok(receivers.includes(new URL(remoteWrite.url).hostname));
});

test('the ruler evaluates the single-host rule files and notifies every Alertmanager replica, without its replica label', () => {
  const ruler = services['thanos-rule'];
  const mount = ruler.volumes.find((volume) => volume.target === '/etc/prometheus');
  assert.equal(mount.source, join(REPO_ROOT, 'prometheus'));
  assert.deepEqual(flagValues('thanos-rule', '--rule-file'), ['/etc/prometheus/rules/*.yml']);
  assert.deepEqual(read('prometheus/prometheus.yml').rule_files, ['rules/*.yml'], 'the single-host Prometheus reads the same files');
  const replicas = Object.keys(services).filter((name) => name.startsWith('alertmanager')).sort();
  assert.deepEqual(replicas, ['alertmanager', 'alertmanager-2', 'alertmanager-3']);
  assert.deepEqual(flagValues('thanos-rule', '--alertmanagers.url').sort(), replicas.map((name) => `http://${name}:9093`).sort());
  assert.deepEqual(flagValues('thanos-rule', '--alert.label-drop'), ['ruler_replica']);
  for (const name of replicas) {
    assert.deepEqual(flagValues(name, '--cluster.peer').sort(), replicas.filter((other) => other !== name).map((other) => `${other}:9094`).sort(), `${name} gossips with the two others`);
    assert.ok(services[name].volumes.some((volume) => volume.type === 'volume' && volume.target === '/alertmanager'), `${name} keeps its own state`);
  }
  // The scaled Prometheus evaluates nothing, but knows the same three.
  const scaledPrometheus = read('prometheus/prometheus-scaled.yml');
  assert.equal(scaledPrometheus.rule_files, undefined);
  assert.deepEqual(scaledPrometheus.alerting.alertmanagers[0].static_configs[0].targets.sort(), replicas.map((name) => `${name}:9093`).sort());
});

test('both Prometheus configurations translate OTLP names alike and read the same scrape jobs', () => {
  const single = read('prometheus/prometheus.yml');
  const scaled = read('prometheus/prometheus-scaled.yml');
  assert.deepEqual(scaled.otlp, single.otlp);
  assert.deepEqual(scaled.storage, single.storage);
  assert.deepEqual(single.scrape_config_files, ['scrape.yml']);
  assert.deepEqual(scaled.scrape_config_files, ['scrape.yml', 'scrape-scaled.yml']);
  // Job names are unique across the two files, as Prometheus requires.
  const jobs = [...read('prometheus/scrape.yml').scrape_configs, ...read('prometheus/scrape-scaled.yml').scrape_configs].map((job) => job.job_name);
  assert.equal(new Set(jobs).size, jobs.length, jobs.join());
  for (const target of read('prometheus/scrape-scaled.yml').scrape_configs.flatMap((job) => job.static_configs.flatMap((group) => group.targets))) {
    assert.ok(services[target.split(':')[0]], `${target} is a service of the scaled topology`);
  }
});
