// docker-compose.yml's settings for the components `npm run stack` runs as processes: the
// project as compose resolves it with this shell's environment (so `LOAD_RPS=20 npm run
// stack` works as it does for compose), a service's command and environment with compose's
// `host:port` addresses turned into 127.0.0.1 ports (the substitution prometheus.yml and
// alertmanager.yml get, test/e2e/support/stack.js), and the values of compose's secrets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/support/app-process.js';
import { resolveCompose } from '../../test/support/compose.js';

/** The compose project with variables from this environment, then .env; throws if compose would refuse it. */
export function composeProjectWith(env = process.env) {
  const { status, project, output } = resolveCompose(join(REPO_ROOT, 'docker-compose.yml'), env);
  if (status !== 0) throw new Error(`docker-compose.yml does not load: ${output}`);
  return project;
}

/** `text` with each compose `host:port` of `addresses` replaced by its local address. */
export function localize(text, addresses) {
  let result = text;
  for (const [composeAddress, local] of Object.entries(addresses)) result = result.replaceAll(composeAddress, local);
  return result;
}

/** A service's environment as compose gives it, addresses localized. */
export function serviceEnvironment(project, service, addresses) {
  const environment = project.services[service]?.environment ?? {};
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, localize(String(value ?? ''), addresses)]));
}

/** A service's command (`node --import ./instrument examples/shop/dist/server.js`) split into Node's options and the script. */
export function nodeCommand(project, service) {
  const command = project.services[service]?.command ?? [];
  if (command[0] !== 'node' || command.length < 2) throw new Error(`docker-compose.yml: ${service} is not a \`node ...\` command (${JSON.stringify(command)})`);
  return { options: command.slice(1, -1), script: command.at(-1) };
}

/** KEY=VALUE lines of the .env file beside docker-compose.yml (comments and blank lines skipped). */
function dotEnv() {
  let text = '';
  try {
    text = readFileSync(join(REPO_ROOT, '.env'), 'utf8');
  } catch {
    return {};
  }
  const values = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

/**
 * The value of each compose secret (name -> value), read as compose reads them: from the
 * environment variable the secret names, in this shell first, then in .env.
 */
export function secretValues(project, env = process.env) {
  const fromFile = dotEnv();
  return Object.fromEntries(Object.entries(project.secrets ?? {}).filter(([, secret]) => secret.environment)
    .map(([name, secret]) => [name, env[secret.environment] ?? fromFile[secret.environment] ?? '']));
}
