// The PostgreSQL exporter as a process on 127.0.0.1, with compose's command line and its
// environment, the data source pointing at the test's PostgreSQL instead of compose's.
import { composeProject, hostCommand } from '../../support/compose.js';
import { binary } from './binaries.js';
import { startProcess, waitForOutput, waitUntil } from './component-process.js';

/** @param {{ postgresUrl: string, port?: number }} options port: a fixed one; 0 or none, any free one */
export async function startPostgresExporter({ postgresUrl, port: fixedPort = 0 }) {
  const { environment } = composeProject().services['postgres-exporter'];
  const dataSource = new URL(postgresUrl);
  // The compose data source's options (sslmode) on the test's host, port, user and database.
  dataSource.search = new URL(environment.DATA_SOURCE_NAME.replace(/^postgresql:/, 'http:')).search;
  const exporter = startProcess('PostgreSQL exporter', binary('postgres_exporter'), hostCommand('postgres-exporter', { '--web.listen-address': `127.0.0.1:${fixedPort}` }), {
    env: { ...environment, DATA_SOURCE_NAME: dataSource.href },
  });
  const [, port] = await waitForOutput(exporter, /msg="Listening on" address=127\.0\.0\.1:(\d+)/, 'the PostgreSQL exporter\'s listening address');
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(exporter, async () => /^pg_up 1$/m.test(await (await fetch(`${url}/metrics`)).text()), 'the PostgreSQL exporter to reach PostgreSQL');
  return { ...exporter, port: Number(port), url };
}
