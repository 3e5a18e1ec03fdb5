// OTEL_EXPORTER_OTLP_COMPRESSION=gzip: every export of the three signals is sent compressed
// (the receiver decodes it as a collector would), and a bad value is warned about once, by
// the configuration, not again by the exporters in the worker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { startReceiver } from '../support/otlp-receiver.js';

test('gzip compresses every export; a bad value gives one warning and exports uncompressed', async () => {
  for (const [value, encoding] of [['gzip', 'gzip'], ['zstd', '']]) {
    const receiver = await startReceiver();
    const app = await startApp('test/fixtures/cjs-app.cjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_COMPRESSION: value, OTEL_TRACES_SAMPLER: 'always_on' } });
    try {
      assert.equal((await app.get('/compressed')).status, 200);
      await receiver.waitFor((r) => r.spans().length > 0 && r.metrics().length > 0, { what: 'spans and metrics' });
      const exports = receiver.requests.filter((request) => request.path.startsWith('/v1/'));
      assert.ok(exports.length >= 2);
      assert.deepEqual([...new Set(exports.map((request) => request.contentEncoding))], [encoding], `with ${value}`);
      const mentions = app.stderr.split('\n').filter((line) => line.includes(value));
      assert.equal(mentions.length, value === 'zstd' ? 1 : 0, app.stderr);
    } finally {
      await app.stop('SIGKILL');
      await receiver.close();
    }
  }
});
