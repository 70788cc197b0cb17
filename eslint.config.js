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
  // Each layer imports only what its README allows (src/*/README.md). Tests may reach further.
  {
    files: ['src/worker/**/*.ts'],
    ignores: ['src/worker/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-*', 'react/*', 'zustand', 'zustand/*', 'd3', 'd3-*'], message: 'src/worker runs the core: no React, store or d3.' },
            { group: ['**/ui/**', '**/store/**', '**/cli/**'], message: 'src/worker imports only core (and Comlink).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    ignores: ['src/store/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-*', 'react/*', 'd3', 'd3-*'], message: 'src/store is plain data: no React or d3.' },
            { group: ['**/ui/**', '**/cli/**'], message: 'src/store imports core, the worker engine and its libraries, never the UI.' },
            { group: ['**/core/engine/**', '**/core/timeline/timeline.ts', '**/core/fleet/fleet-stats.ts'], message: 'src/store talks to the engine through src/worker, never runs it.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['src/ui/**/*.test.ts', 'src/ui/**/*.testkit.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/cli/**'], message: 'src/ui never imports the command line.' },
            {
              group: ['**/core/engine/**', '**/core/timeline/timeline.ts', '**/core/timeline/effect-log.ts', '**/core/timeline/ledger.ts'],
              message: 'src/ui never runs the engine: it asks the store.',
              allowTypeImports: true,
            },
            { group: ['**/worker/*', '!**/worker/engine.ts'], message: 'src/ui reaches the engine through the store; from src/worker only types.', allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/**/*.test.ts', 'src/cli/**/*.testkit.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['react', 'react-*', 'zustand', 'd3', 'd3-*', '**/ui/**', '**/store/**', '**/worker/**'], message: 'src/cli imports core and Node only.' }] },
      ],
    },
  },
);
