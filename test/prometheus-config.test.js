// prometheus/prometheus.yml, parsed: what a fresh stack scrapes and probes. Every target left
// after the file's own relabelling must be a compose service, so a stack on a machine
// without internet has no probe that fails from the start (ServiceDown pages on any failing
// probe of the `blackbox` job). The TLS-expiry placeholder is dropped while unchanged, and
// probed once a user puts a real host:port in its place.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/app-process.js';
import { composeProject } from './support/compose.js';

const text = readFileSync(join(REPO_ROOT, 'prometheus/prometheus.yml'), 'utf8');
const config = parse(text);
const services = new Set(Object.keys(composeProject().services));
const PLACEHOLDER = 'example.com:443';

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
function targets(job, staticConfigs = job.static_configs) {
  return staticConfigs.flatMap((group) => group.targets.map((address) => relabel({
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
  for (const { static_configs: groups } of config.alerting.alertmanagers) {
    for (const address of groups.flatMap((group) => group.targets)) assert.ok(services.has(hostOf(address)), `alerts go to ${address}`);
  }
});

test('the TLS-expiry placeholder is dropped while unchanged, and probed once replaced by a real host:port', () => {
  const blackbox = config.scrape_configs.find((job) => job.job_name === 'blackbox');
  const tlsGroups = blackbox.static_configs.filter((group) => group.labels?.__param_module === 'tls_expiry');
  assert.deepEqual(tlsGroups.map((group) => group.targets), [[PLACEHOLDER]], 'the file keeps the placeholder as the example to replace');
  assert.deepEqual(targets(blackbox, tlsGroups), [], `${PLACEHOLDER} is not probed`);
  // What a user's edit (and the end-to-end tests' substitution) makes of it: probed, through
  // the blackbox exporter, with the TLS module and the labels the expiry alert reports.
  const replaced = parse(text.replaceAll(PLACEHOLDER, 'shop.example.org:443')).scrape_configs.find((job) => job.job_name === 'blackbox');
  const [site] = targets(replaced, replaced.static_configs.filter((group) => group.labels?.__param_module === 'tls_expiry'));
  assert.ok(site, 'the replaced target is probed');
  assert.equal(site.__param_target, 'shop.example.org:443');
  assert.equal(site.instance, 'shop.example.org:443');
  assert.equal(site.service, 'website');
  assert.equal(site.__address__, 'blackbox-exporter:9115');
  assert.equal(site.job, 'blackbox');
});
