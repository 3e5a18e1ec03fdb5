// prometheus/prometheus.yml's scrape jobs (prometheus/scrape.yml) and the probe targets they
// read (prometheus/targets/*.yml, file-based discovery), parsed: what a fresh stack scrapes and probes. Every target left
// after the file's own relabelling must be a compose service, so a stack on a machine
// without internet has no probe that fails from the start (ServiceDown pages on any failing
// probe of the `blackbox` job). The TLS-expiry placeholder is dropped while unchanged, and
// probed once a user puts a real host:port in its place.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/app-process.js';
import { composeProject } from './support/compose.js';

const config = parse(readFileSync(join(REPO_ROOT, 'prometheus/scrape.yml'), 'utf8'));
const main = parse(readFileSync(join(REPO_ROOT, 'prometheus/prometheus.yml'), 'utf8'));
const services = new Set(Object.keys(composeProject().services));
const PLACEHOLDER = 'example.com:443';
const TARGETS_DIR = join(REPO_ROOT, 'prometheus/targets');

/** The target groups of a job: its static ones and those of its discovery files. */
function groupsOf(job, read = (file) => readFileSync(join(TARGETS_DIR, file), 'utf8')) {
  const files = (job.file_sd_configs ?? []).flatMap((sd) => sd.files);
  const discovered = files.flatMap((pattern) => {
    assert.match(pattern, /^targets\/\*\.yml$/, 'discovery files are read from targets/');
    return readdirSync(TARGETS_DIR).filter((name) => name.endsWith('.yml')).flatMap((name) => parse(read(name)) ?? []);
  });
  return [...(job.static_configs ?? []), ...discovered];
}

/**
 * Prometheus' target relabelling (drop, keep and replace, the actions the file uses), with
 * Prometheus' defaults: separator `;`, regex `(.*)` anchored at both ends, replacement `$1`.
 * Returns the target's labels, or undefined when a rule drops it.
 */
function relabel(labels, rules = []) {
  const result = { ...labels };
  for (const rule of rules) {
    const action = rule.action ?? 'replace';
    const value = (rule.source_labels ?? []).map((name) => result[name] ?? '').join(rule.separator ?? ';');
    const match = new RegExp(`^(?:${rule.regex ?? '(.*)'})$`).exec(value);
    if (action === 'drop' && match) return undefined;
    if (action === 'keep' && !match) return undefined;
    if (action === 'replace') {
      if (!match) continue;
      const replaced = (rule.replacement ?? '$1').replace(/\$\{?(\d+)\}?/g, (_, group) => match[Number(group)] ?? '');
      if (replaced === '') delete result[rule.target_label];
      else result[rule.target_label] = replaced;
      continue;
    }
    assert.ok(['drop', 'keep'].includes(action), `relabel action ${action} is modelled here`);
  }
  return result;
}

/** The targets of a scrape job as Prometheus would scrape them: labels after relabelling. */
function targets(job, groups = groupsOf(job)) {
  return groups.flatMap((group) => group.targets.map((address) => relabel({
    job: job.job_name, __address__: address, __metrics_path__: job.metrics_path ?? '/metrics', ...group.labels,
  }, job.relabel_configs))).filter(Boolean);
}

/** The host of a target: a URL's host name, or the host of host:port. */
function hostOf(target) {
  return target.includes('://') ? new URL(target).hostname : target.split(':')[0];
}

test('a fresh stack scrapes and probes only compose services', () => {
  let scraped = 0;
  let probed = 0;
  for (const job of config.scrape_configs) {
    for (const labels of targets(job)) {
      assert.ok(services.has(hostOf(labels.__address__)), `${job.job_name} scrapes ${labels.__address__}, which is not a compose service`);
      scraped++;
      if (labels.__param_target === undefined) continue;
      assert.ok(services.has(hostOf(labels.__param_target)), `${job.job_name} probes ${labels.__param_target}, outside the stack`);
      probed++;
    }
  }
  assert.ok(scraped >= 4, `${scraped} targets`);
  assert.ok(probed >= 1, `${probed} probes`);
  for (const { static_configs: groups } of main.alerting.alertmanagers) {
    for (const address of groups.flatMap((group) => group.targets)) assert.ok(services.has(hostOf(address)), `alerts go to ${address}`);
  }
});

test('the TLS-expiry placeholder is dropped while unchanged, and probed once replaced by a real host:port', () => {
  const blackbox = config.scrape_configs.find((job) => job.job_name === 'blackbox');
  const tlsGroups = groupsOf(blackbox).filter((group) => group.labels?.__param_module === 'tls_expiry');
  assert.deepEqual(tlsGroups.map((group) => group.targets), [[PLACEHOLDER]], 'the file keeps the placeholder as the example to replace');
  assert.deepEqual(targets(blackbox, tlsGroups), [], `${PLACEHOLDER} is not probed`);
  // What a user's edit (and the end-to-end tests' substitution) makes of it: probed, through
  // the blackbox exporter, with the TLS module and the labels the expiry alert reports.
  const edited = groupsOf(blackbox, (file) => readFileSync(join(TARGETS_DIR, file), 'utf8').replaceAll(PLACEHOLDER, 'shop.example.org:443'));
  const [site] = targets(blackbox, edited.filter((group) => group.labels?.__param_module === 'tls_expiry'));
  assert.ok(site, 'the replaced target is probed');
  assert.equal(site.__param_target, 'shop.example.org:443');
  assert.equal(site.instance, 'shop.example.org:443');
  assert.equal(site.service, 'website');
  assert.equal(site.__address__, 'blackbox-exporter:9115');
  assert.equal(site.job, 'blackbox');
});

test('every probe group, shipped or in the examples to copy, names a module prometheus/blackbox.yml defines, and a service', () => {
  const modules = new Set(Object.keys(parse(readFileSync(join(REPO_ROOT, 'prometheus/blackbox.yml'), 'utf8')).modules));
  const blackbox = config.scrape_configs.find((job) => job.job_name === 'blackbox');
  const shipped = groupsOf(blackbox);
  // The commented examples, uncommented: a team copies them as they are.
  const examples = readdirSync(TARGETS_DIR).filter((name) => name.endsWith('.yml')).flatMap((name) => {
    const commented = readFileSync(join(TARGETS_DIR, name), 'utf8').split('\n').filter((line) => /^# (- targets|  labels)/.test(line)).map((line) => line.slice(2));
    return parse(commented.join('\n')) ?? [];
  });
  assert.ok(examples.length >= 4, `${examples.length} examples`);
  for (const group of [...shipped, ...examples]) {
    assert.ok(modules.has(group.labels?.__param_module), `${group.targets} uses module ${group.labels?.__param_module}, which blackbox.yml defines`);
    assert.ok(group.labels?.service, `${group.targets} names its service`);
  }
  assert.deepEqual(new Set(examples.map((group) => group.labels.__param_module)), new Set(['http_2xx', 'tcp_connect', 'icmp', 'dns_site_record']));
});
