import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { cspPlugin } from './scripts/vite-plugin-csp.ts';
import { e2eFixturesPlugin } from './scripts/vite-plugin-e2e-fixtures.ts';

// `vite build --mode single` (npm run build:single): one HTML file with the code, the
// styles, the worker and the bundled scenarios inlined, for a laptop with no network.
export default defineConfig(({ mode }) => {
  const single = mode === 'single';
  return {
    plugins: [react(), ...(single ? [viteSingleFile({ outputFileName: 'pasidscope.html' })] : []), cspPlugin(single ? 'single' : 'served'), e2eFixturesPlugin()],
    base: './',
    // The single file needs nothing from public/: the bundled scenarios are inlined (bundled.ts).
    publicDir: single ? false : 'public',
    // A module worker from a blob: URL does not start in a file:// page (Chromium refuses
    // the module fetch from an opaque origin); a classic one does.
    worker: { format: single ? 'iife' : 'es' },
    resolve: single
      ? {
          // A page opened from file:// cannot load a worker file: start it from inlined code.
          alias: [
            {
              find: /^\.\/start-engine-worker\.ts$/,
              replacement: fileURLToPath(new URL('./src/worker/start-engine-worker-inline.ts', import.meta.url)),
            },
          ],
        }
      : undefined,
    build: {
      target: 'es2022',
      outDir: single ? 'dist-single' : 'dist',
      // No source maps in what is served or handed out: `npx vite build --sourcemap` makes
      // them for a debugging session (docs/embedding.md, "Security headers").
      sourcemap: false,
      rolldownOptions: {
        output: {
          // Libraries change less often than the app: a separate chunk caches across releases.
          // The editor's libraries get their own, fetched only when the editor pane opens.
          codeSplitting: single
            ? false
            : {
                groups: [
                  { name: 'editor-vendor', test: /node_modules[\\/](@codemirror|@lezer|@marijn|jsonc-parser|style-mod|w3c-keyname|crelt)[\\/]/, priority: 2 },
                  { name: 'vendor', test: /node_modules/, priority: 1 },
                ],
              },
        },
      },
    },
    preview: { port: 4173, strictPort: true },
    test: {
      include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
    },
  };
});
