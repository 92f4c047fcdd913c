// The e2e specs' Jest environment: Node's, plus `__testFailed`, true in `afterEach` hooks when
// the test just run failed (a thrown error or its timeout), so a journey can photograph the
// console as it was (test/support/journey.ts). Jest tells hooks nothing of the test's outcome.
const { TestEnvironment } = require('jest-environment-node');

class E2eEnvironment extends TestEnvironment {
  handleTestEvent(event) {
    if (event.name === 'test_start') this.global.__testFailed = false;
    if (event.name === 'test_fn_failure') this.global.__testFailed = true;
  }
}

module.exports = E2eEnvironment;
