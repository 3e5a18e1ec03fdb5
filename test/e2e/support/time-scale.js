// The stack harness's time limits follow the tests' one factor, TIME_SCALE
// (test/support/timing.js): start-up waits, stop grace periods and polling deadlines of
// test/e2e/support, scripts/stack and test/e2e/stack-command.test.js.
export { scaled, TIME_SCALE } from '../../support/timing.js';
