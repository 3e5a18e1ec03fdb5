// prometheus/tests/alerts.test.yml: the generated promtool cases as promtool reads them.
import type { PromtoolTestCase } from './promtool-tests.js';
import { GENERATED_NOTICE } from './rule-files.js';
import { quoted, quotedValues, yamlFile } from './yaml-output.js';

const HEADER = [
  GENERATED_NOTICE,
  'For each alert: it fires above its threshold, stays silent just below it, and (where the',
  'policy gives a duration) stays silent until its `for` has passed.',
];

export function promtoolTestFile(cases: readonly PromtoolTestCase[]): string {
  return yamlFile(HEADER, {
    rule_files: ['../rules/recording.yml', '../rules/alerts.yml'],
    evaluation_interval: '1m',
    tests: cases.map((testCase) => ({
      name: quoted(testCase.name),
      interval: '1m',
      input_series: testCase.series.map((item) => ({ series: quoted(item.series), values: quoted(item.values) })),
      alert_rule_test: [
        {
          eval_time: testCase.evalTime,
          alertname: testCase.alertName,
          exp_alerts: testCase.expected.map((expected) => ({ exp_labels: quotedValues(expected.exp_labels), exp_annotations: quotedValues(expected.exp_annotations) })),
        },
      ],
    })),
  });
}
