// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'test-results/**',
      'apps/console/src/api/schema.d.ts',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The console's async form handlers catch their own errors; antd ignores what onFinish returns.
    files: ['apps/console/**/*.tsx'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }] },
  },
  {
    // Workflow code must be deterministic: no Node built-ins, no I/O libraries, only types from activities.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net'],
              message: 'Workflow code may not use Node built-ins.',
            },
            {
              group: ['typeorm', 'pg', '@nestjs/*', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'chinese-days'],
              message: 'Workflow code may import only @temporalio/workflow, libs/domain and libs/contracts.',
            },
            {
              group: ['@app/persistence', '@app/runtime', '@app/domain/calendar', '@app/domain/calendar/*'],
              message: 'Workflow code may import only deterministic libraries.',
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/activities', '**/activities/*'], message: 'Import activities as types only.', allowTypeImports: true }],
        },
      ],
    },
  },
);
