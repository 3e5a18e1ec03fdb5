// Resource detectors named in OTEL_NODE_RESOURCE_DETECTORS load (the container and cloud ones
// are declared optional dependencies of the package) and their attributes reach the exported
// resource; nothing warns that a part did not start. The resource is scrubbed as attributes
// are.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { attributesOf, startReceiver } from '../support/otlp-receiver.js';

test('OTEL_NODE_RESOURCE_DETECTORS=env,host,container: each loads and the resource carries their attributes', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/cjs-app.cjs', {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_NODE_RESOURCE_DETECTORS: 'env,host,container', OTEL_RESOURCE_ATTRIBUTES: 'team=checkout,deploy.token=resource-secret-5d1e,owner=ops%40example.com' },
  });
  try {
    await app.get('/detected');
    const span = await receiver.waitFor((r) => r.spans().find((s) => attributesOf(s.attributes)['url.path'] === '/detected'));
    const resource = attributesOf(span.resource.attributes);
    assert.equal(resource['host.name'], hostname(), 'the host detector ran');
    assert.equal(resource.team, 'checkout', 'the env detector and OTEL_RESOURCE_ATTRIBUTES');
    assert.equal(resource['deploy.token'], '[REDACTED]', 'a resource attribute under a sensitive key is masked');
    assert.equal(resource.owner, '[REDACTED]', 'an e-mail address in a resource attribute is masked');
    assert.ok(!JSON.stringify(receiver.received).includes('resource-secret-5d1e'), 'the value is in nothing exported');
    // Detectors not listed do not run: no process or OS attributes.
    assert.equal(resource['process.pid'], undefined);
    assert.equal(resource['os.type'], undefined);
    assert.doesNotMatch(app.stderr, /OBS_START_PARTIAL|could not be loaded/, 'the container detector package loaded');
  } finally {
    await app.stop('SIGKILL');
    await receiver.close();
  }
});
