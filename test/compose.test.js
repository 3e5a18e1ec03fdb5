// docker-compose.yml, checked without a Docker engine (none runs on these machines): the file
// is loaded by compose-go, the library docker compose itself uses, which validates it against
// the Compose specification's schema and interpolates .env; these tests then hold it to the
// stack's own rules and check that it pins the versions the end-to-end tests run. The files
// around it are read parsed: YAML with the yaml package, .env with Node's parseEnv, and the
// Dockerfiles of the images built here instruction by instruction.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseEnv } from 'node:util';
import { parse, parseDocument, isAlias, isMap } from 'yaml';
import { REPO_ROOT } from './support/app-process.js';
import { composeProject, resolveCompose } from './support/compose.js';
import { POSTGRES_MAJOR } from './e2e/support/postgres.js';

const project = composeProject();
const services = Object.entries(project.services);
// The scaled topology (docker-compose.yml with docker-compose.scaled.yml on top) keeps the
// same rules: the tests below that hold the file to them run on both projects.
const TOPOLOGIES = [['single-host', project], ['scaled', composeProject({ scaled: true })]];
const STACK_BIN = join(REPO_ROOT, '.cache/stack/bin');
/** Services that serve nothing a health check could ask, with the reason. */
const NO_HEALTH_CHECK = { 'load-generator': 'a client only' };
const GO_SERVICES = ['otel-collector', 'prometheus', 'alertmanager', 'blackbox-exporter', 'postgres-exporter', 'tempo', 'loki', 'grafana',
  'otel-gateway-1', 'otel-gateway-2', 'thanos-receive-1', 'thanos-receive-2', 'thanos-receive-3', 'thanos-query', 'thanos-rule', 'thanos-sidecar', 'alertmanager-2', 'alertmanager-3'];

/** The services started under the preload (`node --import ./instrument ...`). */
const PRELOAD_SERVICES = ['auth', 'demo-app', 'load-generator'];

/**
 * A Dockerfile's instructions, stage by stage: continuation lines joined, comments left out.
 * Returns { args } (the ARGs before the first FROM, with their defaults) and stages, each
 * { base, name, instructions: [{ keyword, rest }] }.
 */
function dockerfile(path) {
  const lines = readFileSync(path, 'utf8').replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const args = {};
  const stages = [];
  for (const line of lines) {
    const [, keyword, rest] = /^(\w+)\s+(.*)$/.exec(line);
    if (keyword.toUpperCase() === 'FROM') {
      const [base, as, name] = rest.split(/\s+/);
      stages.push({ base, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (keyword.toUpperCase() === 'ARG') {
        const [name, value] = rest.split('=');
        args[name] = value;
      }
    } else {
      stages.at(-1).instructions.push({ keyword: keyword.toUpperCase(), rest });
    }
  }
  return { args, stages };
}

function bytes(size) {
  const match = /^(\d+)(B|KiB|MiB|GiB)?$/.exec(String(size));
  assert.ok(match, `a byte size: ${size}`);
  return Number(match[1]) * { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[match[2] ?? 'B'];
}

test('the file validates against the Compose specification (and an invalid one is rejected)', () => {
  assert.deepEqual(Object.keys(project.services).sort(), [
    'alert-inbox', 'alertmanager', 'auth', 'blackbox-exporter', 'demo-app', 'grafana', 'load-generator', 'loki', 'otel-collector', 'postgres', 'postgres-exporter', 'prometheus', 'tempo',
  ]);
  const directory = mkdtempSync(join(tmpdir(), 'compose-'));
  try {
    const broken = join(directory, 'docker-compose.yml');
    writeFileSync(broken, 'services:\n  app:\n    image: busybox:1.37\n    helthcheck:\n      test: ["CMD", "true"]\n');
    const result = resolveCompose(broken);
    assert.notEqual(result.status, 0);
    assert.match(result.output, /helthcheck/);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

for (const [topology, project] of TOPOLOGIES) {
  const services = Object.entries(project.services);
  test(`every image is pinned to a version, and images built here pin their base images (${topology})`, () => {
    for (const [name, service] of services) {
      // major.minor.patch, or major.minor where that is the release (PostgreSQL 15.14).
      assert.match(service.image ?? '', /^[\w./-]+:v?\d+\.\d+(\.\d+)?(-[\w.]+)?$/, `${name} image ${service.image}`);
      if (!service.build) continue;
      const { args, stages } = dockerfile(join(service.build.context, service.build.dockerfile ?? 'Dockerfile'));
      assert.ok(stages.length > 0, `${name} Dockerfile has a FROM`);
      const stageNames = new Set(stages.map((stage) => stage.name).filter(Boolean));
      for (const { base } of stages) {
        if (stageNames.has(base)) continue; // built on an earlier stage of the same file
        const image = base.replace(/^\$\{(\w+)\}$/, (_, arg) => args[arg]);
        assert.match(image, /^[\w./-]+:v?\d+\.\d+\.\d+(-[\w.]+)?$/, `${name} base image ${image}`);
      }
    }
  });
}

for (const [topology, project] of TOPOLOGIES) {
  const services = Object.entries(project.services);
  test(`every service that serves has a health check, and dependants wait for it to be healthy (${topology})`, () => {
    for (const [name, service] of services) {
      if (name in NO_HEALTH_CHECK) {
        assert.equal(service.healthcheck?.disable, true, `${name} says it has no health check`);
        assert.equal(service.ports, undefined, `${name} serves nothing`);
        continue;
      }
      assert.ok(Array.isArray(service.healthcheck?.test) && service.healthcheck.test[0] === 'CMD', `${name} health check: ${JSON.stringify(service.healthcheck)}`);
      assert.ok(service.healthcheck.interval && service.healthcheck.timeout && service.healthcheck.retries, `${name} health check timings`);
    }
    for (const [name, service] of services) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        assert.ok(dependency in project.services, `${name} depends on ${dependency}`);
        assert.equal(condition, 'service_healthy', `${name} waits for ${dependency}`);
      }
    }
    // The order a user sees: the app after its database and the collector, the load after the app.
    assert.deepEqual(Object.keys(project.services['demo-app'].depends_on).sort(), ['auth', 'otel-collector', 'postgres']);
    assert.deepEqual(Object.keys(project.services['load-generator'].depends_on).sort(), ['demo-app', 'otel-collector']);
  });
}

for (const [topology, project] of TOPOLOGIES) {
  const services = Object.entries(project.services);
  test(`every container has a memory limit, and Go programs a GOMEMLIMIT below it (${topology})`, () => {
    for (const [name, service] of services) {
      const limit = Number(service.deploy?.resources?.limits?.memory);
      assert.ok(limit > 0, `${name} memory limit`);
      if (!GO_SERVICES.includes(name)) continue;
      const soft = bytes(service.environment?.GOMEMLIMIT);
      assert.ok(soft <= limit * 0.85 && soft >= limit * 0.5, `${name} GOMEMLIMIT ${service.environment.GOMEMLIMIT} against a limit of ${limit} bytes`);
    }
  });
}

for (const [topology, project] of TOPOLOGIES) {
  const services = Object.entries(project.services);
  test(`data lives in named volumes; configuration is mounted read-only and every mounted file exists (${topology})`, () => {
    for (const [name, service] of services) {
      for (const mount of service.volumes ?? []) {
        if (mount.type === 'volume') {
          assert.ok(mount.source in project.volumes, `${name}: volume ${mount.source} is declared`);
          continue;
        }
        assert.equal(mount.type, 'bind', `${name}: ${mount.type} mount`);
        assert.equal(mount.read_only, true, `${name}: ${mount.source} is read-only`);
        const inside = relative(REPO_ROOT, mount.source);
        assert.ok(!inside.startsWith('..'), `${name}: ${mount.source} is in the repository`);
        assert.ok(existsSync(mount.source), `${name}: ${inside} exists`);
        // A file mounted over a file, a directory over a directory.
        assert.equal(statSync(mount.source).isDirectory(), !/\.\w+$/.test(mount.target), `${name}: ${inside} -> ${mount.target}`);
      }
    }
    const stateful = { prometheus: '/prometheus', alertmanager: '/alertmanager', tempo: '/var/tempo', loki: '/loki', grafana: '/var/lib/grafana', postgres: '/var/lib/postgresql/data' };
    for (const [name, target] of Object.entries(stateful)) {
      assert.ok(project.services[name].volumes.some((mount) => mount.type === 'volume' && mount.target === target), `${name} keeps ${target} in a named volume`);
    }
  });
}

for (const [topology, project] of TOPOLOGIES) {
  const services = Object.entries(project.services);
  test(`every published port is bound to 127.0.0.1 (${topology})`, () => {
    let published = 0;
    for (const [name, service] of services) {
      for (const port of service.ports ?? []) {
        assert.equal(port.host_ip, '127.0.0.1', `${name} publishes ${port.published} on ${port.host_ip ?? 'all interfaces'}`);
        published++;
      }
    }
    assert.ok(published >= 8, `${published} ports published`);
  });
}


test('Grafana takes its admin password from the environment and has no anonymous access', () => {
  const grafana = (env) => resolveCompose(join(REPO_ROOT, 'docker-compose.yml'), env);
  const chosen = grafana({ GRAFANA_ADMIN_PASSWORD: 'from-the-environment-7c1f' });
  assert.equal(chosen.status, 0, chosen.output);
  assert.equal(chosen.project.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD, 'from-the-environment-7c1f');
  const { environment } = project.services.grafana;
  assert.equal(environment.GF_AUTH_ANONYMOUS_ENABLED, 'false');
  assert.equal(environment.GF_USERS_ALLOW_SIGN_UP, 'false');
  assert.notEqual(environment.GF_SECURITY_ADMIN_PASSWORD, 'admin');
  // Unset (an empty .env value), compose refuses to start rather than fall back to admin/admin.
  const unset = grafana({ GRAFANA_ADMIN_PASSWORD: '' });
  assert.notEqual(unset.status, 0);
  assert.match(unset.output, /GRAFANA_ADMIN_PASSWORD/);
});

test('Alertmanager reads its secrets from files filled from the environment; none is in the repository, and none needs setting', () => {
  const config = parse(readFileSync(join(REPO_ROOT, 'alertmanager/alertmanager.yml'), 'utf8'));
  /** Every key of the document at any depth, with its value. */
  const entries = (node) => {
    if (Array.isArray(node)) return node.flatMap(entries);
    if (node === null || typeof node !== 'object') return [];
    return Object.entries(node).flatMap(([key, value]) => [[key, value], ...entries(value)]);
  };
  const keys = entries(config);
  // Only the *_file forms: a secret written inline would be committed with the file.
  for (const inline of ['routing_key', 'service_key', 'api_url', 'auth_password', 'auth_secret', 'slack_api_url', 'smtp_auth_password']) {
    assert.ok(!keys.some(([key]) => key === inline), `${inline} inline in alertmanager.yml`);
  }
  const alertmanager = project.services.alertmanager;
  const mounted = new Map((alertmanager.secrets ?? []).map((secret) => [secret.target, secret.source]));
  const referenced = keys.filter(([key]) => key.endsWith('_file')).map(([, value]) => value);
  assert.ok(referenced.length >= 4, `secret files referenced: ${referenced.join(', ')}`);
  const dotEnv = parseEnv(readFileSync(join(REPO_ROOT, '.env'), 'utf8'));
  for (const path of referenced) {
    const source = mounted.get(path);
    assert.ok(source, `${path} is a secret compose mounts into alertmanager`);
    const variable = project.secrets[source].environment;
    assert.ok(variable, `secret ${source} comes from an environment variable`);
    // Defined in .env, so compose starts with nothing set in the shell; the defaults are the
    // inbox's stand-ins or empty, never a credential.
    const value = dotEnv[variable];
    assert.notEqual(value, undefined, `${variable} has a default in .env`);
    assert.ok(value === '' || value.startsWith('http://alert-inbox:9095/sandbox/'), `${variable}=${value}`);
  }
});

test('every service merges x-defaults: rotated logs and a restart policy', () => {
  for (const [name, service] of services) {
    assert.equal(service.restart, 'unless-stopped', `${name} restart policy`);
    assert.equal(service.logging?.driver, 'json-file', `${name} log driver`);
    const { 'max-size': maxSize, 'max-file': maxFile } = service.logging.options ?? {};
    const size = /^(\d+)([kmg])$/.exec(maxSize ?? '');
    assert.ok(size, `${name} rotates its log at a size: max-size ${maxSize}`);
    assert.ok(Number.isInteger(Number(maxFile)) && Number(maxFile) >= 1, `${name} keeps a bounded number of log files: max-file ${maxFile}`);
    const total = Number(size[1]) * { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[size[2]] * Number(maxFile);
    assert.ok(total <= 100 * 1024 ** 2, `${name} keeps at most 100 MiB of logs (${maxSize} x ${maxFile})`);
  }
  // One policy, from one anchor: every service of the file merges x-defaults.
  const document = parseDocument(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'));
  assert.equal(document.get('x-defaults', true)?.anchor, 'defaults');
  const merged = (node) => node.items.filter((pair) => pair.key?.value === '<<' && isAlias(pair.value)).map((pair) => pair.value.source);
  const sourceServices = document.get('services', true);
  assert.ok(isMap(sourceServices));
  assert.deepEqual(sourceServices.items.map((pair) => pair.key.value).sort(), Object.keys(project.services).sort());
  for (const { key, value } of sourceServices.items) assert.deepEqual(merged(value), ['defaults'], `${key.value} merges x-defaults`);
  for (const name of PRELOAD_SERVICES) {
    assert.deepEqual(merged(sourceServices.get(name).get('environment', true)), ['otel-environment'], `${name} environment merges x-otel-environment`);
  }
});

test('every service the scaled file adds merges its x-defaults; the services it overrides keep the single-host ones', () => {
  const document = parseDocument(readFileSync(join(REPO_ROOT, 'docker-compose.scaled.yml'), 'utf8'));
  assert.equal(document.get('x-defaults', true)?.anchor, 'defaults');
  // The replica anchors (x-gateway, x-receive, x-alertmanager) merge x-defaults themselves;
  // a merge key takes one alias or a list of them.
  const mergedAliases = (node) => node.items.filter((pair) => pair.key?.value === '<<')
    .flatMap((pair) => (isAlias(pair.value) ? [pair.value] : (pair.value.items ?? []).filter(isAlias)));
  const mergesDefaults = (node) => mergedAliases(node).some((alias) => alias.source === 'defaults' || mergesDefaults(document.get(`x-${alias.source}`, true)));
  for (const { key, value } of document.get('services', true).items) {
    if (key.value in project.services) assert.ok(!mergesDefaults(value), `${key.value} is only overridden`);
    else assert.ok(mergesDefaults(value), `${key.value} merges x-defaults`);
  }
});

test('the scaled topology runs the pinned collector in both tiers, Thanos as the build script pins it, and the single-host files it shares', () => {
  const scaled = composeProject({ scaled: true });
  const script = readFileSync(join(REPO_ROOT, 'scripts/build-stack-binaries.sh'), 'utf8');
  const thanosVersion = /^THANOS_VERSION=(\S+)/m.exec(script)[1];
  // Thanos: the release image the build script's version names, with its data directories
  // owned by its user (thanos/Dockerfile).
  const thanosBuild = dockerfile(join(REPO_ROOT, 'thanos/Dockerfile'));
  assert.equal(thanosBuild.args.THANOS_IMAGE, `quay.io/thanos/thanos:${thanosVersion}`);
  for (const [name, service] of Object.entries(scaled.services)) {
    if (name.startsWith('thanos-')) {
      assert.equal(service.image, `node-otel-stack/thanos:${thanosVersion.slice(1)}`, name);
      assert.equal(service.build.context, join(REPO_ROOT, 'thanos'), name);
    }
    if (name.startsWith('otel-')) assert.equal(service.image, project.services['otel-collector'].image, name);
    if (name.startsWith('alertmanager')) assert.equal(service.image, project.services.alertmanager.image, name);
  }
  const thanos = spawnSync(join(STACK_BIN, 'thanos'), ['--version'], { encoding: 'utf8' });
  assert.match(`${thanos.stdout}${thanos.stderr}`, new RegExp(`thanos, version ${thanosVersion.slice(1).replaceAll('.', '\\.')} `));
  // A new named volume takes the owner of the directory it is mounted on: each one that a
  // non-root image built here writes is made and handed to that user in its Dockerfile.
  for (const [name, service] of Object.entries(scaled.services)) {
    if (!service.build || !['thanos', 'otel-collector'].includes(relative(REPO_ROOT, service.build.context))) continue;
    const runs = dockerfile(join(service.build.context, 'Dockerfile')).stages.at(-1).instructions.filter((step) => step.keyword === 'RUN').map((step) => step.rest).join(' ');
    for (const mount of (service.volumes ?? []).filter((volume) => volume.type === 'volume' && !volume.read_only)) {
      assert.ok(runs.includes(`mkdir -p`) && runs.includes(mount.target), `${name}: ${mount.target} is made in its image, owned by its user`);
    }
  }
  // The ruler evaluates the single-host rule files; the agent keeps the collector's ports.
  assert.ok(scaled.services['thanos-rule'].command.includes('--rule-file=/etc/prometheus/rules/*.yml'));
  assert.deepEqual(scaled.services['otel-collector'].ports, project.services['otel-collector'].ports);
  assert.deepEqual(scaled.services['otel-collector'].command, ['--config=/etc/otelcol/agent.yaml']);
});

test('the services under the preload share one OTEL_* environment; only the service name is their own', () => {
  const preloaded = services.filter(([, service]) => service.command?.slice(0, 3).join(' ') === 'node --import ./instrument').map(([name]) => name);
  assert.deepEqual(preloaded.sort(), PRELOAD_SERVICES);
  const shared = (name) => Object.fromEntries(Object.entries(project.services[name].environment).filter(([key]) => key.startsWith('OTEL_') && key !== 'OTEL_SERVICE_NAME'));
  const [first, ...rest] = PRELOAD_SERVICES;
  assert.ok(shared(first).OTEL_EXPORTER_OTLP_ENDPOINT && shared(first).OTEL_RESOURCE_ATTRIBUTES, JSON.stringify(shared(first)));
  for (const name of rest) assert.deepEqual(shared(name), shared(first), `${name} and ${first}`);
  const names = PRELOAD_SERVICES.map((name) => project.services[name].environment.OTEL_SERVICE_NAME);
  assert.deepEqual(names, ['auth', 'shop', 'load-generator']);
});

test('the demo services run under the preload and send to the collector', () => {
  for (const name of ['demo-app', 'auth', 'load-generator']) {
    const service = project.services[name];
    assert.deepEqual(service.command.slice(0, 3), ['node', '--import', './instrument'], name);
    assert.equal(service.environment.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://otel-collector:4318', name);
    assert.match(service.environment.OTEL_RESOURCE_ATTRIBUTES, /service\.namespace=demo,service\.version=/, name);
  }
  const app = project.services['demo-app'];
  assert.equal(app.environment.AUTH_URL, 'http://auth:3001');
  assert.match(app.environment.DATABASE_URL, /^postgres:\/\/shop:[^@]+@postgres:5432\/shop$/);
  assert.equal(project.services['load-generator'].environment.TARGET_URL, 'http://demo-app:3000');
});

test('compose pins the versions the end-to-end tests build and run', () => {
  const image = (name) => project.services[name].image.split(':')[1];
  const script = readFileSync(join(REPO_ROOT, 'scripts/build-stack-binaries.sh'), 'utf8');
  const scriptVersion = (variable) => new RegExp(`^${variable}=(\\S+)`, 'm').exec(script)[1];
  const binaryVersion = (name, args = ['--version']) => {
    const result = spawnSync(join(STACK_BIN, name), args, { encoding: 'utf8' });
    assert.equal(result.status, 0, `${name} ${args.join(' ')}: ${result.error ?? result.stderr}`);
    return `${result.stdout}${result.stderr}`;
  };

  // Collector: the compose build argument, the builder manifest and the built binary agree.
  const collectorVersion = project.services['otel-collector'].build.args.OTELCOL_VERSION;
  assert.equal(image('otel-collector'), collectorVersion);
  assert.equal(scriptVersion('COLLECTOR_VERSION'), `v${collectorVersion}`);
  const manifest = parse(readFileSync(join(REPO_ROOT, 'otel-collector/builder-config.yaml'), 'utf8'));
  assert.equal(manifest.dist.version, collectorVersion);
  const components = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'].flatMap((kind) => manifest[kind] ?? []).map(({ gomod }) => gomod.split(' '));
  assert.ok(components.length >= 6);
  for (const [module, version] of components) assert.equal(version, `v${collectorVersion}`, module);
  assert.equal(parse(binaryVersion('otelcol-stack', ['components'])).buildinfo.version, collectorVersion);

  assert.match(binaryVersion('prometheus'), new RegExp(`prometheus, version ${image('prometheus').slice(1).replaceAll('.', '\\.')} `));
  assert.match(binaryVersion('alertmanager'), new RegExp(`alertmanager, version ${image('alertmanager').slice(1).replaceAll('.', '\\.')} `));
  assert.match(binaryVersion('blackbox_exporter'), new RegExp(`blackbox_exporter, version ${image('blackbox-exporter').slice(1).replaceAll('.', '\\.')} `));
  assert.equal(image('alertmanager'), scriptVersion('ALERTMANAGER_VERSION'));
  assert.equal(image('blackbox-exporter'), scriptVersion('BLACKBOX_VERSION'));
  assert.match(binaryVersion('postgres_exporter'), new RegExp(`postgres_exporter, version ${image('postgres-exporter').slice(1).replaceAll('.', '\\.')} `));
  assert.equal(image('postgres-exporter'), scriptVersion('POSTGRES_EXPORTER_VERSION'));
  assert.equal(Number(image('postgres').split('.')[0]), POSTGRES_MAJOR);
  // The demo image's Node is one the project's CI runs.
  const ciNode = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8');
  const shopBases = dockerfile(join(REPO_ROOT, 'examples/shop/Dockerfile')).stages.map((stage) => /^node:(\d+\.\d+\.\d+)/.exec(stage.base)?.[1]);
  assert.ok(shopBases.length > 0);
  for (const shopBase of shopBases) {
    assert.ok(shopBase, 'the demo image is built on node images');
    assert.ok(ciNode.includes(shopBase), `node ${shopBase} is installed by .ci/run`);
  }
});

test('the shop image holds production dependencies only, with the compiled library and shop', () => {
  const { stages } = dockerfile(join(REPO_ROOT, 'examples/shop/Dockerfile'));
  const final = stages.at(-1);
  const stage = (name) => {
    const found = stages.find((item) => item.name === name);
    assert.ok(found, `stage ${name}`);
    return found;
  };
  const copiesFrom = (from) => final.instructions.filter((item) => item.keyword === 'COPY' && item.rest.startsWith(`--from=${from} `)).map((item) => item.rest.split(/\s+/).slice(1, -1)).flat();
  const installs = (item) => item.instructions.filter((instruction) => instruction.keyword === 'RUN' && /\bnpm (ci|install|i)\b/.test(instruction.rest));
  // node_modules: installed in the final stage itself, or copied from a stage that installs it
  // (including what that stage inherits from an earlier one).
  const sources = [final];
  for (const item of final.instructions.filter((instruction) => instruction.keyword === 'COPY')) {
    const from = /^--from=(\S+)\s/.exec(item.rest)?.[1];
    if (!item.rest.includes('node_modules')) continue;
    assert.ok(from, `the final stage copies node_modules from a stage, not the build context: COPY ${item.rest}`);
    for (let source = stage(from); source; source = stages.find((other) => other.name === source.base)) sources.push(source);
  }
  const dependencyInstalls = sources.flatMap(installs);
  assert.ok(dependencyInstalls.length > 0, 'the final stage gets its node_modules from an npm install');
  for (const { rest } of dependencyInstalls) {
    assert.match(rest, /\bnpm ci\b[^&]*--omit=dev/, `production dependencies only: ${rest}`);
    assert.doesNotMatch(rest, /--include=dev/, rest);
  }
  // The shop's runtime packages that the repository lists as dev dependencies are named in
  // that install, which moves them to dependencies (and nothing else is needed at run time).
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const shopDist = join(REPO_ROOT, 'examples/shop/dist');
  const imported = new Set(readdirSync(shopDist).filter((file) => file.endsWith('.js'))
    .flatMap((file) => [...readFileSync(join(shopDist, file), 'utf8').matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]))
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
    .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')));
  assert.ok(imported.has('fastify') && imported.has('pg'), `the shop's imports were read: ${[...imported]}`);
  for (const name of imported) {
    if (name === pkg.name || name in pkg.dependencies) continue;
    assert.ok(name in pkg.devDependencies, `${name} is a dependency of the repository`);
    assert.ok(dependencyInstalls.some(({ rest }) => rest.includes(`'${name}'`)), `${name}, a dev dependency the shop imports, is installed into the image`);
  }
  // What it builds: the library and the shop, compiled in a stage of their own, and run
  // under the preload.
  for (const output of ['/app/dist', '/app/examples/shop/dist']) {
    const from = stages.find((item) => item.name && copiesFrom(item.name).includes(output));
    assert.ok(from, `the final stage copies ${output} from a build stage`);
    assert.ok(from.instructions.some((item) => item.keyword === 'RUN' && /\btsc\b/.test(item.rest)), `${from.name} compiles ${output}`);
  }
  assert.ok(final.instructions.some((item) => item.keyword === 'COPY' && !item.rest.startsWith('--from=') && item.rest.split(/\s+/).includes('instrument')), 'the preload entry is in the image');
  const cmd = final.instructions.find((item) => item.keyword === 'CMD');
  assert.deepEqual(JSON.parse(cmd.rest), ['node', '--import', './instrument', 'examples/shop/dist/server.js']);
  assert.ok(final.instructions.some((item) => item.keyword === 'USER' && item.rest !== 'root'), 'the shop does not run as root');
});
