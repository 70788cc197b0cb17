#!/usr/bin/env node
// The pasidscope command: runs the TypeScript core through tsx (a runtime dependency),
// so it works straight after `npm install` / `npm ci` with no build step.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/cli/index.ts', import.meta.url);
const code = await main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
});
process.exitCode = code;
