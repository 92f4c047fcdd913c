/** `npm run record:histories`: records the workflow histories the replay spec checks against. */
const base = require('../../jest.config.js').projects.find((p) => p.displayName === 'e2e');
module.exports = {
  ...base,
  displayName: 'record',
  rootDir: require('node:path').join(__dirname, '..', '..'),
  testMatch: ['<rootDir>/test/replay/record-histories.ts'],
};
