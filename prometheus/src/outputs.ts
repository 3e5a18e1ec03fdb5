// Every file the generator writes, by its path from the repository root, with the function that
// renders its text. generate.ts writes them; test/alerts/rules.test.js compares them.
import { generateAlerts } from './alerts.js';
import { alertsDoc } from './alerts-doc.js';
import { promtoolTestFile } from './promtool-test-file.js';
import { promtoolTestCases } from './promtool-tests.js';
import { recordingGroups } from './recording-rules.js';
import { alertRulesFile, recordingRulesFile } from './rule-files.js';
import type { Thresholds } from './thresholds.js';

export type Outputs = Readonly<Record<string, string>>;

export function renderOutputs(thresholds: Thresholds): Outputs {
  const alerts = generateAlerts(thresholds);
  const inOrder = Object.values(alerts);
  return {
    'prometheus/rules/recording.yml': recordingRulesFile(recordingGroups(thresholds)),
    'prometheus/rules/alerts.yml': alertRulesFile(inOrder),
    'prometheus/tests/alerts.test.yml': promtoolTestFile(promtoolTestCases(alerts)),
    'docs/alerts.md': alertsDoc(inOrder, thresholds),
  };
}
