// Prometheus 3 as a process on 127.0.0.1, with prometheus/prometheus.yml as compose mounts it
// and compose's command line (test/support/compose.js). The one substitution: each compose
// `host:port` in the file becomes the 127.0.0.1 port of the process standing in for it; the
// result is written beside the original (a git-ignored `.e2e-*` name) so that the relative
// `rules/` path resolves alike. `rulesDir` loads other rule files instead of prometheus/rules
// (test/e2e/support/scaled-rules.js: the same rules, `for:` scaled).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '../../support/app-process.js';
import { hostCommand } from '../../support/compose.js';
import { binary } from './binaries.js';
import { startProcess, waitUntil } from './component-process.js';
import { scaled } from './time-scale.js';

/**
 * @param {Record<string, number>} ports compose `host:port` -> the 127.0.0.1 port standing in
 *   for it (Prometheus' own address is added here).
 * @param {{ rulesDir?: string, port?: number }} options port: a fixed port (npm run stack);
 *   0 or none, a free one.
 */
export async function startPrometheus(ports, { rulesDir, port: fixedPort = 0 } = {}) {
  // Not port 0: the configuration names Prometheus' own address (its self-scrape job) before
  // it starts, so the port is asked of the OS first and handed over. Something else could
  // take it in between; the start then fails saying the port is in use.
  const port = fixedPort || await freePort();
  let config = readFileSync(join(REPO_ROOT, 'prometheus/prometheus.yml'), 'utf8');
  for (const [address, localPort] of Object.entries({ ...ports, 'prometheus:9090': port })) {
    config = config.replaceAll(address, `127.0.0.1:${localPort}`);
  }
  if (rulesDir) config = config.replace('  - rules/*.yml', `  - ${rulesDir}/*.yml`);
  const configFile = join(REPO_ROOT, 'prometheus', `.e2e-prometheus-${port}.yml`);
  writeFileSync(configFile, config);
  process.on('exit', () => rmSync(configFile, { force: true }));
  const server = startProcess('Prometheus', binary('prometheus'), hostCommand('prometheus', { '--config.file': configFile, '--web.listen-address': `127.0.0.1:${port}` }));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(server, async () => (await fetch(`${url}/-/ready`)).ok, 'Prometheus to be ready');
  return {
    ...server,
    port,
    url,
    async query(promql) {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
      const body = await response.json();
      if (body.status !== 'success') throw new Error(`query ${promql} failed: ${JSON.stringify(body)}`);
      return body.data.result;
    },
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
