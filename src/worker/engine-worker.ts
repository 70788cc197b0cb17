/**
 * The Web Worker's entry: the engine API of worker-api.ts on the worker's global scope.
 * A worker can run long slices (the page stays responsive anyway); it yields between
 * them so a cancel or a progress callback gets through.
 */
import './zod-jitless.ts';
import * as Comlink from 'comlink';
import { createWorkerApi } from './worker-api.ts';

Comlink.expose(
  createWorkerApi({
    sliceMs: 40,
    yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)),
  }),
);
