#!/usr/bin/env node
// Builds the pasidscope command: src/cli/bin.ts and everything it imports (the core, zod)
// bundled into one file, bin/dist/pasidscope.mjs, so the command starts without compiling
// TypeScript and its package needs no runtime dependencies. Run by `npm install` /
// `npm ci` (the `prepare` script) and by `npm pack`; `npm run build:cli` runs it by hand.
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
      output: { entryFileNames: 'pasidscope.mjs', codeSplitting: false, banner: '#!/usr/bin/env node' },
    },
  },
  // Bundle the dependencies too (zod): the command then works from a packed tarball offline.
  ssr: { noExternal: true, target: 'node' },
});
