/**
 * Start the engine's Web Worker from its own file next to the page (the served build).
 * The single-file build swaps this module for `start-engine-worker-inline.ts` (an alias in
 * vite.config.ts), because a page opened from `file://` cannot load a worker file.
 */
export function startEngineWorker(): Worker {
  return new Worker(new URL('./engine-worker.ts', import.meta.url), {
    type: 'module',
    name: 'pasidscope-engine',
  });
}
