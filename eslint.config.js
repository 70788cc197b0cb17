import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'dist-single', 'docs/examples/reveal-deck/vendor', 'node_modules', 'test-results', 'playwright-report', 'bench/native/*.out', 'bench/out', 'bin/dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/store/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The core runs in the page, the worker, the CLI and the tests: it must stay pure.
    files: ['src/core/**/*.ts'],
    // Tests run in Node and may read fixtures; the code they test may not.
    ignores: ['src/core/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-*', 'react/*'], message: 'src/core must not import React.' },
            { group: ['zustand', 'zustand/*'], message: 'src/core must not import the store.' },
            { group: ['d3', 'd3-*'], message: 'src/core must not import d3.' },
            { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'url', 'worker_threads'], message: 'src/core must not import Node.' },
            { group: ['**/ui/**', '**/store/**', '**/worker/**', '**/cli/**'], message: 'src/core imports only core.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'require'],
    },
  },
);
