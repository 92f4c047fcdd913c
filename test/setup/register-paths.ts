// Jest's moduleNameMapper does not apply to globalSetup/globalTeardown: resolve @app/* here.
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

const root = join(__dirname, '..', '..');
register({
  baseUrl: root,
  paths: {
    '@app/domain': ['libs/domain/src'],
    '@app/domain/*': ['libs/domain/src/*'],
    '@app/contracts': ['libs/contracts/src'],
    '@app/contracts/*': ['libs/contracts/src/*'],
    '@app/persistence': ['libs/persistence/src'],
    '@app/persistence/*': ['libs/persistence/src/*'],
    '@app/runtime': ['libs/runtime/src'],
    '@app/runtime/*': ['libs/runtime/src/*'],
  },
});
