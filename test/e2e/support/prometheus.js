// Prometheus 3 as a process on 127.0.0.1, with prometheus/prometheus.yml as compose mounts it
// and compose's command line (test/support/compose.js). The one substitution: each compose
// `host:port` in the file, in its scrape jobs (scrape.yml) and in the probe targets they
// discover (targets/*.yml), becomes the
// 127.0.0.1 port of the process standing in for it; the results are written beside the
// originals (git-ignored `.e2e-*` names) so that the relative `rules/` path resolves alike. `rulesDir` loads other rule files instead of prometheus/rules
// (test/e2e/support/scaled-rules.js: the same rules, `for:` scaled).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '../../support/app-process.js';
import { hostCommand } from '../../support/compose.js';
import { binary } from './binaries.js';
import { startProcess, waitUntil } from './component-process.js';
import { scaled } from './time-scale.js';

/**
 * @param {Record<string, number>} ports compose `host:port` -> the 127.0.0.1 port standing in
 *   for it (Prometheus' own address is added here).
 * @param {{ rulesDir?: string, port?: number, topology?: 'single-host' | 'scaled', dataDirectory?: string }} options
 *   port: a fixed port (npm run stack); 0 or none, a free one. topology 'scaled': the scaled
 *   topology's Prometheus (prometheus-scaled.yml, with its compose command line).
 *   dataDirectory: the TSDB's directory (compose's prometheus-data volume), to start a second
 *   Prometheus on the first one's data; a fresh one when omitted.
 */
export async function startPrometheus(ports, { rulesDir, port: fixedPort = 0, topology = 'single-host', dataDirectory } = {}) {
  // Not port 0: the configuration names Prometheus' own address (its self-scrape job) before
  // it starts, so the port is asked of the OS first and handed over. Something else could
  // take it in between; the start then fails saying the port is in use.
  const port = fixedPort || await freePort();
  const substitute = (text) => Object.entries({ ...ports, 'prometheus:9090': port })
    .reduce((result, [address, localPort]) => result.replaceAll(address, `127.0.0.1:${localPort}`), text);
  const scaledTopology = topology === 'scaled';
  const written = [];
  const write = (name, text) => { writeFileSync(join(REPO_ROOT, 'prometheus', name), text); written.push(name); };
  let config = substitute(readFileSync(join(REPO_ROOT, 'prometheus', scaledTopology ? 'prometheus-scaled.yml' : 'prometheus.yml'), 'utf8'));
  if (rulesDir) config = config.replace('  - rules/*.yml', `  - ${rulesDir}/*.yml`);
  const targetsDir = `.e2e-targets-${port}`;
  mkdirSync(join(REPO_ROOT, 'prometheus', targetsDir), { recursive: true });
  written.push(targetsDir);
  for (const name of readdirSync(join(REPO_ROOT, 'prometheus/targets')).filter((file) => file.endsWith('.yml'))) {
    writeFileSync(join(REPO_ROOT, 'prometheus', targetsDir, name), substitute(readFileSync(join(REPO_ROOT, 'prometheus/targets', name), 'utf8')));
  }
  // The scrape jobs' files, each substituted and written beside its original.
  for (const name of scaledTopology ? ['scrape.yml', 'scrape-scaled.yml'] : ['scrape.yml']) {
    let jobs = substitute(readFileSync(join(REPO_ROOT, 'prometheus', name), 'utf8'));
    if (name === 'scrape.yml') {
      jobs = jobs.replace("- files: ['targets/*.yml']", `- files: ['${targetsDir}/*.yml']`);
      if (!jobs.includes(targetsDir)) throw new Error('prometheus/scrape.yml no longer reads targets/*.yml: update the substitution here');
    }
    const local = `.e2e-${name.replace('.yml', '')}-${port}.yml`;
    write(local, jobs);
    config = config.replace(`  - ${name}\n`, `  - ${local}\n`);
    if (!config.includes(local)) throw new Error(`the Prometheus configuration no longer reads ${name}: update the substitution here`);
  }
  const configFile = `.e2e-prometheus-${port}.yml`;
  write(configFile, config);
  process.on('exit', () => {
    for (const name of written) rmSync(join(REPO_ROOT, 'prometheus', name), { recursive: true, force: true });
  });
  const overrides = { '--config.file': join(REPO_ROOT, 'prometheus', configFile), '--web.listen-address': `127.0.0.1:${port}`, ...(dataDirectory ? { '--storage.tsdb.path': dataDirectory } : {}) };
  const server = startProcess('Prometheus', binary('prometheus'), hostCommand('prometheus', overrides, { scaled: scaledTopology }));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(server, async () => (await fetch(`${url}/-/ready`)).ok, 'Prometheus to be ready');
  /** An instant query evaluated at `time` (seconds since the epoch; now when omitted). */
  const queryAt = async (promql, time) => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql, ...(time ? { time: String(time) } : {}) })}`);
    const body = await response.json();
    if (body.status !== 'success') throw new Error(`query ${promql} failed: ${JSON.stringify(body)}`);
    return body.data.result;
  };
  return {
    ...server,
    port,
    url,
    query: (promql) => queryAt(promql),
    queryAt,
    async exemplars(promql) {
      const end = Date.now() / 1000;
      const response = await fetch(`${url}/api/v1/query_exemplars?${new URLSearchParams({ query: promql, start: String(end - 3600), end: String(end) })}`);
      return (await response.json()).data ?? [];
    },
  };
}

/** Polls Prometheus until the query returns series, or fails with what it last saw. */
export async function waitForSeries(prometheus, promql, timeoutMs = scaled(60_000)) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await prometheus.query(promql);
    if (result.length > 0) return result;
    if (Date.now() > deadline) throw new Error(`no series for ${promql} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
