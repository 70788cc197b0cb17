/**
 * The engine in the page: the same scenario session and bulk backend as in the worker,
 * called directly. The fallback where workers are unavailable (or `?engine=page` asks for
 * it); bulk runs go in short slices that yield to the event loop, so the page stays usable.
 */
import type { Engine } from './engine.ts';
import { createScenarioSession } from './scenario-session.ts';
import { Cancelled, createWorkloadBackend } from './workload-backend.ts';

/** Give the page a turn: a message task, so input and rendering get in between slices. */
function yieldToPage(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

export function createPageEngine(): Engine {
  const session = createScenarioSession();
  const backend = createWorkloadBackend({ sliceMs: 8, yieldNow: yieldToPage });
  const withSignal = <T>(p: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    if (signal?.aborted) return Promise.reject(new Cancelled());
    const onAbort = () => backend.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    return p().finally(() => signal?.removeEventListener('abort', onAbort));
  };
  // Async like the worker's, so callers cannot tell the transports apart.
  const later = <T>(f: () => T): Promise<T> => Promise.resolve().then(f);
  return {
    mode: 'page',
    // Built in slices with turns for the page in between, so a large scenario does not freeze it.
    open: (text, keys, opts) => session.open(text, keys, { onProgress: opts?.onProgress, yieldNow: yieldToPage }),
    ensure: (keys, opts) => session.ensure(keys, { onProgress: opts?.onProgress, yieldNow: yieldToPage }),
    frame: (key, cursor) => later(() => session.frame(key, cursor)),
    outcome: (key, index) => later(() => session.outcome(key, index)),
    events: (from, to) => later(() => session.events(from, to)),
    touching: (key, holder) => later(() => session.touching(key, holder)),
    search: (keys, text, max) => later(() => session.search(keys, text, max)),
    run: (req, opts) => withSignal(() => backend.run(req, opts?.onProgress), opts?.signal),
    timeline: (kind, opts) => withSignal(() => backend.timeline(kind, opts?.onProgress), opts?.signal),
    sweep: (req, levels, opts) => withSignal(() => backend.sweep(req, levels, opts?.onProgress), opts?.signal),
    rows: (kind, cursor, rows) => later(() => backend.rows(kind, cursor, rows)),
    event: (kind, index) => later(() => backend.event(kind, index)),
    dispose() {
      backend.cancel();
      backend.dispose();
      session.dispose();
    },
  };
}
