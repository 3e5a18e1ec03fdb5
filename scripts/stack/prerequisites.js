// What `npm run stack` needs before it starts anything, each missing piece with the command
// that provides it: a Node the preload supports, the built TypeScript (npm run build) and the
// stack's binaries (npm run build:stack). PostgreSQL and Grafana are optional and reported
// where they are started.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/support/app-process.js';
import { STACK_BIN } from '../../test/e2e/support/binaries.js';

const BUILT = ['dist/register.js', 'examples/shop/dist/server.js', 'examples/shop/dist/auth-service.js', 'examples/shop/dist/load.js', 'services/alert-inbox/dist/main.js'];
const BINARIES = ['otelcol-stack', 'prometheus', 'alertmanager', 'blackbox_exporter', 'postgres_exporter', 'compose-check'];
// package.json's engines.
const NODE_MINIMUM = [22, 15];

/** One message per missing prerequisite; none when the stack can start. */
export function missingPrerequisites() {
  const problems = [];
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < NODE_MINIMUM[0] || (major === NODE_MINIMUM[0] && minor < NODE_MINIMUM[1])) {
    problems.push(`Node ${process.versions.node} is too old: the preload needs Node ${NODE_MINIMUM.join('.')} or newer`);
  }
  const unbuilt = BUILT.filter((file) => !existsSync(join(REPO_ROOT, file)));
  if (unbuilt.length > 0) problems.push(`${unbuilt.join(', ')} missing: run npm run build`);
  const absent = BINARIES.filter((name) => !existsSync(join(STACK_BIN, name)));
  if (absent.length > 0) problems.push(`${absent.map((name) => join(STACK_BIN, name)).join(', ')} missing: run npm run build:stack (it builds them from source with Go)`);
  return problems;
}
