/**
 * The payload key of the test suite and of the recorded histories (test/replay/histories). Test-only:
 * the running system generates its own key in its data directory.
 */
export const TEST_PAYLOAD_KEY = Buffer.from('yiyang-test-payload-key-32-bytes').toString('base64');
