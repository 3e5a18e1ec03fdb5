import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeExpositions, withWorkerLabel } from '../../dist/sdk/prometheus-merge.js';

test('withWorkerLabel adds the label to labelled and bare samples', () => {
  assert.equal(withWorkerLabel('up{job="a"} 1', '2'), 'up{worker="2",job="a"} 1');
  assert.equal(withWorkerLabel('up 1', '2'), 'up{worker="2"} 1');
  assert.equal(withWorkerLabel('up{} 1', '2'), 'up{worker="2"} 1');
});

test('mergeExpositions keeps one HELP and TYPE per family and every worker\'s samples', () => {
  const page = (value) => `# HELP requests_total Requests.\n# TYPE requests_total counter\nrequests_total{route="/a"} ${value}\n`;
  const merged = mergeExpositions([{ worker: '1', text: page(3) }, { worker: '2', text: page(4) }]);
  assert.equal(merged, '# HELP requests_total Requests.\n# TYPE requests_total counter\nrequests_total{worker="1",route="/a"} 3\nrequests_total{worker="2",route="/a"} 4\n');
});
