/**
 * Start the engine's Web Worker from code inlined in the page (the single-file build):
 * Vite's `?worker&inline` bundles the worker into a string and starts it from a `blob:`
 * URL, which a strict CSP allows by `worker-src blob:`. Where that fails (a policy without
 * `blob:`), the constructor throws and `createEngine` runs the engine in the page.
 */
import EngineWorker from './engine-worker.ts?worker&inline';

export function startEngineWorker(): Worker {
  return new EngineWorker({ name: 'pasidscope-engine' });
}
