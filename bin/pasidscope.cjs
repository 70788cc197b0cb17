#!/usr/bin/env node
// The pasidscope command: runs the bundle that `npm install` / `npm ci` builds
// (bin/build.mjs), with the V8 code cache the build made for it, so that most of the
// functions a run needs are not compiled again at every start. A missing cache, or one
// this Node rejects (another version or flags), only costs that compiling.
// CommonJS, like the bundle: Node starts a CommonJS program some 15 ms sooner than a module.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS program */
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const Module = require('node:module');

const file = join(__dirname, 'dist', 'pasidscope.cjs');
let source;
try {
  source = readFileSync(file, 'utf8');
} catch {
  process.stderr.write('pasidscope: the command is not built yet: run `npm install` (or `npm run build:cli`)\n');
  process.exit(2);
}
let cachedData;
try {
  cachedData = readFileSync(join(__dirname, 'dist', 'pasidscope.cache'));
} catch {
  // Compiled as it runs.
}
const script = new Script(Module.wrap(source), { filename: file, cachedData });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, dirname(file));
