#!/usr/bin/env node
// Builds the pasidscope command: src/cli/bin.ts and everything it imports (the core, zod)
// bundled into one file, bin/dist/pasidscope.cjs, so the command starts without compiling
// TypeScript and its package needs no runtime dependencies. Run by `npm install` /
// `npm ci` (the `prepare` script) and by `npm pack`; `npm run build:cli` runs it by hand.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let build;
try {
  ({ build } = await import('vite'));
} catch {
  process.stderr.write('pasidscope: building the command needs the dev dependencies (npm install, not --omit=dev)\n');
  process.exit(1);
}

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: `${root}src/cli/bin.ts`,
    outDir: `${root}bin/dist`,
    emptyOutDir: true,
    target: 'node20',
    minify: process.env.PASIDSCOPE_NO_MINIFY ? false : true,
    sourcemap: false,
    rolldownOptions: {
      output: { format: 'cjs', entryFileNames: 'pasidscope.cjs', codeSplitting: false },
    },
  },
  // Bundle the dependencies too (zod): the command then works from a packed tarball offline.
  ssr: { noExternal: true, target: 'node' },
});

// The V8 code cache bin/pasidscope.cjs starts with: the bundle compiled exactly as the
// launcher compiles it, run once on a bundled scenario (output thrown away), and the
// cache of every function that run compiled written beside it.
const makeCache = `
  const { readFileSync, writeFileSync } = require('node:fs');
  const { Script } = require('node:vm');
  const Module = require('node:module');
  const [file, out] = process.argv.slice(1, 3);
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
  process.argv.splice(2, 1);
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, require('node:path').dirname(file));
  process.on('exit', () => writeFileSync(out, script.createCachedData()));
`;
const cache = spawnSync(
  process.execPath,
  ['-e', makeCache, `${root}bin/dist/pasidscope.cjs`, `${root}bin/dist/pasidscope.cache`, 'run', `${root}public/scenarios/s1-vf-migration-busy-destination.json`],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
if (cache.status !== 0) {
  process.stderr.write('pasidscope: the code cache was not made (the command works without it, a little slower)\n');
}
