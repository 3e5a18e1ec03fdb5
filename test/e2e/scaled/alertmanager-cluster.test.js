// The scaled topology's three Alertmanagers (docker-compose.scaled.yml: one gossip cluster),
// each with its compose command line on 127.0.0.1 and the repository's alertmanager.yml as
// test/e2e/support/alertmanager.js transforms it, delivering to the real alert inbox and its
// stand-ins for PagerDuty, Slack and e-mail. Alerts go to every replica, as Prometheus and the
// Thanos ruler send them; each must be notified once per channel, also after the replica
// that sends is killed.
//
// The timings are the real ones (alertmanager.yml's, and Alertmanager's default 15 s peer
// timeout, which compose does not change), so the test waits for them: about a minute and a half.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../support/app-process.js';
import { startInbox } from '../../support/alert-inbox.js';
import { eventually, scaled } from '../../support/timing.js';
import { startAlertmanagerCluster } from '../support/alertmanager.js';
import { waitUntil } from '../support/component-process.js';

// The alerts are critical: every alert's inbox route and the page-chat-and-mail route take
// them, so each notification is counted on four channels.
const CHANNELS = ['inbox', 'pagerduty', 'slack', 'email'];
const ONCE_ON_EACH_CHANNEL = Object.fromEntries(CHANNELS.map((channel) => [channel, 1]));

const config = parse(readFileSync(join(REPO_ROOT, 'alertmanager/alertmanager.yml'), 'utf8'));
const criticalRoutes = config.route.routes.filter((route) => ['inbox', 'page-chat-and-mail'].includes(route.receiver));
const milliseconds = (duration) => {
  const [, amount, unit] = /^(\d+)([smh])$/.exec(duration);
  return Number(amount) * { s: 1_000, m: 60_000, h: 3_600_000 }[unit];
};
const GROUP_WAIT_MS = Math.max(...criticalRoutes.map((route) => milliseconds(route.group_wait)));
const GROUP_INTERVAL_MS = Math.max(...criticalRoutes.map((route) => milliseconds(route.group_interval)));
// Alertmanager's --cluster.peer-timeout default: the replica at position n in the cluster's
// order (the first is 0) decides whether to notify n times this long after group_wait.
const PEER_TIMEOUT_MS = 15_000;
// For a notification on its way (a few HTTP and SMTP exchanges on 127.0.0.1) to arrive.
const DELIVERY_MS = scaled(3_000);

const sleepUntil = (time) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

describe('three clustered Alertmanagers: one notification per alert, also with a replica killed', () => {
  let inbox;
  let cluster;
  before(async () => {
    inbox = await startInbox();
    cluster = await startAlertmanagerCluster({ inbox });
  });
  after(async () => {
    await cluster?.stop();
    await inbox?.stop();
  });

  // As a ruler sends them: the same startsAt at every evaluation, endsAt ahead of the next.
  const shop = { job: 'demo/shop', service_name: 'shop', deployment_environment_name: 'production' };
  const alert = (alertname) => ({
    labels: { alertname, severity: 'critical', ...shop },
    annotations: { summary: `${alertname} test`, runbook_url: `docs/runbooks/${alertname}.md` },
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
  });
  // Sent again after the kill, unchanged. Neither alert's name contains the other's: the
  // inbox matches PagerDuty, Slack and e-mail notifications by their titles and texts.
  let firstAlert;
  let firstPostedAt;

  const notificationsOf = async (alertname) => Object.fromEntries(await Promise.all(
    CHANNELS.map(async (channel) => [channel, (await inbox.notifications({ channel, alertname, limit: 1000 })).length]),
  ));
  const waitForEveryChannel = (alertname) => eventually(
    async () => Object.values(await notificationsOf(alertname)).every((count) => count >= 1),
    `${alertname} on every channel (${CHANNELS.join(', ')})`,
    GROUP_WAIT_MS + PEER_TIMEOUT_MS * cluster.replicas.length,
  );
  /** Notifications each replica sent (one per channel), in the cluster's order. */
  const sentBy = (replicas) => Promise.all(replicas.map((replica) => replica.metric('alertmanager_notifications_total')));

  test('an alert sent to all three is notified once on each channel, by the first replica in the cluster\'s order', async () => {
    assert.equal(cluster.replicas.length, 3, 'docker-compose.scaled.yml runs three Alertmanagers');
    firstAlert = alert('HighErrorRate');
    firstPostedAt = Date.now();
    await cluster.post([firstAlert]);
    await waitForEveryChannel('HighErrorRate');
    // The last replica decides two peer timeouts after the first notified: only then could
    // a duplicate come.
    await sleepUntil(firstPostedAt + GROUP_WAIT_MS + PEER_TIMEOUT_MS * (cluster.replicas.length - 1) + DELIVERY_MS);
    assert.deepEqual(await notificationsOf('HighErrorRate'), ONCE_ON_EACH_CHANNEL);
    // The first sent; the others found its notifications in the gossiped log.
    assert.deepEqual(await sentBy(cluster.replicas), [CHANNELS.length, 0, 0]);
  });

  test('with that replica killed, the other two notify a new alert once, and the first alert not again', async () => {
    // The sender is killed: the one that would also notify the next alert at once. Now the
    // next in order has to take over, and the first alert's notifications are recorded only
    // in the log the others received by gossip.
    const [sender, ...survivors] = cluster.replicas;
    await sender.stop('SIGKILL');
    // Until the survivors declare it dead (a few probe intervals), it would still count in
    // their order: the new alert would then wait a peer timeout longer, with the same result.
    await Promise.all(survivors.map((replica) => waitUntil(
      replica,
      async () => (await replica.status()).cluster.peers.length === survivors.length,
      'the killed replica to leave the cluster',
    )));
    const postedAt = Date.now();
    // The ruler keeps sending every firing alert to every replica, the killed one included.
    await cluster.post([firstAlert, alert('PaymentFailures')]);
    await waitForEveryChannel('PaymentFailures');
    // Until the second survivor has decided on the new alert, and the first survivor has
    // flushed the first alert's groups again (group_interval after their first flush), when
    // a notification log without the killed replica's entries would notify it a second time.
    await sleepUntil(Math.max(
      postedAt + GROUP_WAIT_MS + PEER_TIMEOUT_MS * (survivors.length - 1) + DELIVERY_MS,
      firstPostedAt + GROUP_WAIT_MS + GROUP_INTERVAL_MS + DELIVERY_MS,
    ));
    assert.deepEqual(await notificationsOf('PaymentFailures'), ONCE_ON_EACH_CHANNEL);
    assert.deepEqual(await notificationsOf('HighErrorRate'), ONCE_ON_EACH_CHANNEL, 'the first alert is not notified again');
    assert.deepEqual(await sentBy(survivors), [CHANNELS.length, 0]);
  });
});
