// Alertmanager as a process on 127.0.0.1, with alertmanager/alertmanager.yml as compose mounts
// it, transformed the documented way: compose addresses become 127.0.0.1 ports (the alert
// inbox's HTTP and SMTP ports), /run/secrets, which compose fills from the environment,
// becomes a temporary directory holding `secrets`, and (for the tests, which have no
// internet) PagerDuty's address becomes the inbox's PagerDuty stand-in. It binds the port it
// is given, or one the OS picks (port 0) and reports in its "Listening on" log line.
//
// The scaled topology (docker-compose.scaled.yml) runs three Alertmanagers in one gossip
// cluster; startAlertmanagerCluster starts them all with their compose command lines, the
// gossip addresses moved to 127.0.0.1 like every other address.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort, REPO_ROOT } from '../../support/app-process.js';
import { composeProject, hostCommand } from '../../support/compose.js';
import { binary } from './binaries.js';
import { startProcess, waitForOutput, waitUntil } from './component-process.js';
import { scrape, sumOf } from './exposition.js';

let started = 0;

/**
 * @param {{ inbox: { port: number, smtpPort: number, url: string }, secrets?: Record<string, string>,
 *   port?: number, pagerDutyStandIn?: boolean, adjust?: (config: object) => void,
 *   cluster?: { service: string, port: number, peers: Record<string, string> } }} options
 *   secrets: values for the files under /run/secrets (compose addresses in them are mapped
 *   like the file's); port: a fixed port (npm run stack), 0 or none for any free one;
 *   pagerDutyStandIn: false keeps PagerDuty's real address (npm run stack, as compose);
 *   adjust: changes the parsed configuration in place (a test that cannot wait a day for a
 *   route's interval shortens that one value);
 *   cluster: run one replica of the scaled topology instead of the single-host Alertmanager:
 *   `service` is its compose service, `port` its gossip port on 127.0.0.1, `peers` the
 *   127.0.0.1 gossip address of each compose service it names as a peer.
 */
export async function startAlertmanager({ inbox, secrets = {}, port: fixedPort = 0, pagerDutyStandIn = true, adjust, cluster }) {
  const toLocal = (text) => text
    .replaceAll('alert-inbox:9095', `127.0.0.1:${inbox.port}`)
    .replaceAll('alert-inbox:2525', `127.0.0.1:${inbox.smtpPort}`);
  const secretsDir = mkdtempSync(join(tmpdir(), 'alertmanager-secrets-'));
  const values = {
    pagerduty_routing_key: 'e2e-routing-key',
    slack_webhook_url: `${inbox.url}/sandbox/slack`,
    heartbeat_url: `${inbox.url}/sandbox/heartbeat`,
    smtp_auth_password: '',
    ...secrets,
  };
  for (const [name, value] of Object.entries(values)) writeFileSync(join(secretsDir, name), toLocal(value));
  let config = toLocal(readFileSync(join(REPO_ROOT, 'alertmanager/alertmanager.yml'), 'utf8')).replaceAll('/run/secrets/', `${secretsDir}/`);
  if (pagerDutyStandIn) config = config.replaceAll('https://events.pagerduty.com', `${inbox.url}/sandbox/pagerduty`);
  if (adjust) {
    const parsed = parse(config);
    adjust(parsed);
    config = stringify(parsed);
  }
  // Beside the original (git-ignored name), so the relative templates path resolves alike;
  // named by this process and a count, since the port is not known before the start.
  const configFile = join(REPO_ROOT, 'alertmanager', `.e2e-alertmanager-${process.pid}-${++started}.yml`);
  writeFileSync(configFile, config);
  process.on('exit', () => {
    rmSync(configFile, { force: true });
    rmSync(secretsDir, { recursive: true, force: true });
  });
  const overrides = { '--config.file': configFile, '--web.listen-address': `127.0.0.1:${fixedPort}` };
  const component = cluster ? `Alertmanager (${cluster.service})` : 'Alertmanager';
  const alertmanager = startProcess(component, binary('alertmanager'), cluster ? replicaCommand(cluster, overrides) : hostCommand('alertmanager', overrides));
  const [, port] = await waitForOutput(alertmanager, /msg="Listening on" address=127\.0\.0\.1:(\d+)/, `${component}'s listening address`);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(alertmanager, async () => (await fetch(`${url}/-/ready`)).ok, `${component} to be ready`);
  return {
    ...alertmanager,
    port: Number(port),
    url,
    configFile,
    async alerts() {
      return (await fetch(`${url}/api/v2/alerts`)).json();
    },
    async post(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!response.ok) throw new Error(`Alertmanager refused alerts: ${response.status} ${await response.text()}`);
    },
    /** GET /api/v2/status: among others `cluster` ({ name, status, peers }). */
    async status() {
      return (await fetch(`${url}/api/v2/status`)).json();
    },
    /** A counter from Alertmanager's own metrics, summed over the series that match `labels`. */
    async metric(name, labels = {}) {
      return sumOf(await scrape(`${url}/metrics`), name, labels);
    },
  };
}

/**
 * The command line compose gives a replica of the scaled topology, with its gossip addresses
 * on 127.0.0.1: the listener on `port`, and each `--cluster.peer=service:9094` replaced by the
 * loopback address of that service's replica. This address substitution is the only change.
 * (hostCommand's overrides cannot do it: --cluster.peer is repeated, and an override gives
 * every occurrence the same value.)
 */
function replicaCommand({ service, port, peers }, overrides) {
  return hostCommand(service, { ...overrides, '--cluster.listen-address': `127.0.0.1:${port}` }, { scaled: true }).map((arg) => {
    if (!arg.startsWith('--cluster.peer=')) return arg;
    const peerService = arg.slice('--cluster.peer='.length).replace(/:\d+$/, '');
    if (!peers[peerService]) throw new Error(`${service} names the peer ${peerService}, which has no 127.0.0.1 address here`);
    return `--cluster.peer=${peers[peerService]}`;
  });
}

/** The scaled topology's Alertmanager replicas: the compose services that name gossip peers. */
export function clusterServices() {
  return Object.entries(composeProject({ scaled: true }).services)
    .filter(([, service]) => (service.command ?? []).some((arg) => arg.startsWith('--cluster.peer=')))
    .map(([name]) => name)
    .sort();
}

/**
 * Every Alertmanager replica of the scaled topology, started together with its compose
 * command line (gossip and web ports on 127.0.0.1, its own temporary storage), once each
 * reports the cluster settled with all of them in it. Options as startAlertmanager's, apart
 * from the ports, which are picked here.
 *
 * Replicas share silences and the notification log by gossip. All of them receive every
 * alert and evaluate it; the one first in the cluster's order (peers sorted by their gossip
 * name) notifies after group_wait, the one at position n (the first is 0) waits n peer
 * timeouts longer and notifies only if the gossiped log does not show the notification sent
 * already (--cluster.peer-timeout: compose sets none, so Alertmanager's 15 s). `replicas` is
 * in that order.
 * @param {{ inbox: { port: number, smtpPort: number, url: string }, secrets?: Record<string, string>,
 *   pagerDutyStandIn?: boolean }} options
 */
export async function startAlertmanagerCluster(options) {
  const services = clusterServices();
  // Asked of the OS before any replica starts: each one's command line names the others'.
  const gossipPorts = Object.fromEntries(await Promise.all(services.map(async (service) => [service, await freePort()])));
  const peers = Object.fromEntries(services.map((service) => [service, `127.0.0.1:${gossipPorts[service]}`]));
  const starts = await Promise.allSettled(services.map((service) => startAlertmanager({ ...options, cluster: { service, port: gossipPorts[service], peers } })));
  const replicas = starts.filter((start) => start.status === 'fulfilled').map((start) => start.value);
  const failed = starts.find((start) => start.status === 'rejected');
  try {
    if (failed) throw failed.reason;
    // Settling (3 unchanged peer counts, 10 gossip intervals apart) takes about 10 s; a peer
    // that was not listening yet when another joined is retried every 10 s.
    await Promise.all(replicas.map(async (replica) => {
      const { cluster } = await waitUntil(replica, async () => {
        const status = await replica.status();
        return status.cluster.status === 'ready' && status.cluster.peers.length === services.length && status;
      }, `the gossip cluster to settle with ${services.length} peers`, 60_000);
      replica.gossipName = cluster.name;
    }));
  } catch (error) {
    await Promise.all(replicas.map((replica) => replica.stop()));
    throw error;
  }
  replicas.sort((a, b) => (a.gossipName < b.gossipName ? -1 : 1));
  return {
    replicas,
    /**
     * Sends alerts to every replica, as Prometheus and the Thanos ruler do (never through a
     * load balancer). A replica that was stopped refuses the connection; they log that and
     * carry on, and so does this. Any other failure throws.
     */
    async post(alerts) {
      await Promise.all(replicas.map(async (replica) => {
        try {
          await replica.post(alerts);
        } catch (error) {
          if (!replica.hasExited()) throw error;
        }
      }));
    },
    stop: () => Promise.all(replicas.map((replica) => replica.stop())),
  };
}
