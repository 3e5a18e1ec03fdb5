// docker-compose.yml as docker compose resolves it (schema-validated, variables from .env
// interpolated), read through the compose-check tool that scripts/build-stack-binaries.sh
// builds from compose-go; and the scaled topology, docker-compose.yml with
// docker-compose.scaled.yml merged on top (`docker compose -f ... -f ...`). The end-to-end
// tests take each component's command line from here, so the processes they start run with
// exactly the flags compose gives the containers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './app-process.js';

export const COMPOSE_CHECK = join(REPO_ROOT, '.cache/stack/bin/compose-check');
export const COMPOSE_FILE = join(REPO_ROOT, 'docker-compose.yml');
export const SCALED_COMPOSE_FILES = [COMPOSE_FILE, join(REPO_ROOT, 'docker-compose.scaled.yml')];

/** Runs compose-check on a file, or on files merged in order; returns { status, project, output }. */
export function resolveCompose(files = COMPOSE_FILE, env = {}) {
  if (!existsSync(COMPOSE_CHECK)) throw new Error(`${COMPOSE_CHECK} is missing: run scripts/build-stack-binaries.sh (npm test runs it first)`);
  const result = spawnSync(COMPOSE_CHECK, [files].flat(), { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  return { status: result.status, project: result.status === 0 ? JSON.parse(result.stdout) : undefined, output: result.stderr };
}

const cached = new Map();
/**
 * The repository's compose project (`scaled`: with docker-compose.scaled.yml on top); a file
 * compose would reject fails loudly here.
 */
export function composeProject({ scaled = false } = {}) {
  if (cached.has(scaled)) return cached.get(scaled);
  const { status, project, output } = resolveCompose(scaled ? SCALED_COMPOSE_FILES : COMPOSE_FILE);
  if (status !== 0) throw new Error(`${scaled ? 'docker-compose.yml with docker-compose.scaled.yml' : 'docker-compose.yml'} does not load: ${output}`);
  cached.set(scaled, project);
  return project;
}

/** Splits `--flag=value` (or a bare `--flag`) into its parts. */
function splitFlag(arg) {
  const index = arg.indexOf('=');
  return index === -1 ? [arg, undefined] : [arg.slice(0, index), arg.slice(index + 1)];
}

/**
 * A service's command with container paths turned into host paths: a path under a bind
 * mount becomes the same path in the repository, a path under a named volume a fresh
 * temporary directory (removed at exit). `overrides` replaces a flag's value (addresses);
 * `scaled` reads the service from the scaled topology.
 */
export function hostCommand(serviceName, overrides = {}, { scaled = false } = {}) {
  const service = composeProject({ scaled }).services[serviceName];
  if (!service) throw new Error(`the compose project${scaled ? ' (scaled)' : ''} has no service ${serviceName}`);
  const volumeDirectories = new Map();
  const hostPath = (value) => {
    for (const mount of service.volumes ?? []) {
      if (value !== mount.target && !value.startsWith(`${mount.target}/`)) continue;
      const rest = value.slice(mount.target.length);
      if (mount.type === 'bind') return `${mount.source}${rest}`;
      if (!volumeDirectories.has(mount.source)) {
        const directory = mkdtempSync(join(tmpdir(), `${serviceName}-${mount.source}-`));
        process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
        volumeDirectories.set(mount.source, directory);
      }
      return `${volumeDirectories.get(mount.source)}${rest}`;
    }
    return value;
  };
  const args = (service.command ?? []).map((arg) => {
    const [flag, value] = splitFlag(arg);
    if (flag in overrides) return `${flag}=${overrides[flag]}`;
    return value === undefined ? arg : `${flag}=${hostPath(value)}`;
  });
  for (const [flag, value] of Object.entries(overrides)) {
    if (!args.some((arg) => splitFlag(arg)[0] === flag)) args.push(`${flag}=${value}`);
  }
  return args;
}
