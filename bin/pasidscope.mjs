#!/usr/bin/env node
// The pasidscope command: runs the bundle that `npm install` / `npm ci` builds (bin/build.mjs).
try {
  await import('./dist/pasidscope.mjs');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('pasidscope.mjs')) throw e;
  process.stderr.write('pasidscope: the command is not built yet: run `npm install` (or `npm run build:cli`)\n');
  process.exitCode = 2;
}
