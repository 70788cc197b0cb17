/**
 * The core as it ships: bundled by Vite (rolldown), the way the worker and the page get it.
 * tsx, which runs the benchmark harness, compiles with esbuild's keepNames and wraps every
 * function it creates in a naming helper; that costs the engine a third of its throughput,
 * which no user sees. Engine throughput is measured on this bundle.
 */
import { build } from 'vite';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type BundledCore = typeof import('./core-entry.ts');

let loaded: Promise<BundledCore> | null = null;

export function bundledCore(): Promise<BundledCore> {
  loaded ??= (async () => {
    const outDir = `${ROOT}bench/out/core`;
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'silent',
      build: {
        ssr: `${ROOT}bench/core-entry.ts`,
        outDir,
        emptyOutDir: true,
        minify: false,
        sourcemap: false,
        rolldownOptions: { output: { entryFileNames: 'core.mjs' } },
      },
    });
    return (await import(pathToFileURL(`${outDir}/core.mjs`).href)) as BundledCore;
  })();
  return loaded;
}
