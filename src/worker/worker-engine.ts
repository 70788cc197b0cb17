/**
 * The engine in a Web Worker, behind the Engine interface (engine.ts; DESIGN.md convention
 * 8, Perfetto's engine proxy). Comlink carries the calls; columns and bulk results arrive
 * as transferred typed arrays.
 *
 * - Cancel: a worker is terminated at once (a run holds nothing worth keeping), so a
 *   cancel never waits for the current slice. In the page the run stops at its next
 *   slice boundary (a few milliseconds).
 * - Errors: an error thrown in the worker rejects the call with its message; a worker
 *   that dies (a load failure, an uncaught error, a message that cannot be read) rejects
 *   every pending and later call with "the engine worker stopped: …", so nothing hangs
 *   silently. A worker that stops answering (a run, timeline or sweep that reports no
 *   progress for `stallMs`, STALL_MS by default) is taken for dead the same way and
 *   terminated. `onStopped` tells the owner of a result that its worker died.
 * - Fallback: where workers are unavailable (or `?engine=page` asks for it) the same
 *   session and backend run in the page (page-engine.ts).
 */
import * as Comlink from 'comlink';
import type { Engine, OpenResult, RunInfo, RunOptions } from './engine.ts';
import { errorText } from './engine.ts';
import { Cancelled, type Progress } from './workload-backend.ts';
import type { WorkerApi } from './worker-api.ts';
import { startEngineWorker } from './start-engine-worker.ts';
import { createPageEngine } from './page-engine.ts';

export { Cancelled } from './workload-backend.ts';
export { createPageEngine } from './page-engine.ts';
export type { EventDetail, Progress, RowsData, TimelineInfo, WorkloadRequest, WorkloadSummary } from './workload-backend.ts';
export type { SweepResult } from '../core/fleet/fill-sweep.ts';
export type { Engine, RunOptions } from './engine.ts';

/** What the page needs of a worker (a real Worker, or a test double on a MessagePort). */
export type WorkerLike = Comlink.Endpoint & { terminate(): void };

export class WorkerStopped extends Error {
  constructor(reason: string) {
    super(`the engine worker stopped: ${reason}`);
    this.name = 'WorkerStopped';
  }
}

/**
 * How long a run, timeline or sweep may go without a progress report before its worker
 * is taken for dead. Reports come every 80 ms while events run; the longest silent phases
 * measured here are a 21-level sweep of 1M-event workloads preparing its levels (18.5 s
 * before the first report) and fills set up between policies (16 s), on a busy 2-core
 * machine: the bound leaves three times that. docs/limits.md.
 */
export const STALL_MS = 60_000;

export interface WorkerEngineOptions {
  stallMs?: number;
}

function defaultWorker(): WorkerLike {
  return startEngineWorker();
}

/** Can this page start module workers, and has nobody asked for the in-page engine? */
export function workersAvailable(): boolean {
  if (typeof Worker === 'undefined') return false;
  try {
    if (typeof location !== 'undefined' && new URLSearchParams(location.search).get('engine') === 'page')
      return false;
  } catch {
    // no location: not a page
  }
  return true;
}

/** The worker engine when workers are available, else the in-page one. */
export function createEngine(): Engine {
  if (workersAvailable()) {
    try {
      return createWorkerEngine();
    } catch {
      // A page that forbids workers (CSP) still works, in the page.
    }
  }
  return createPageEngine();
}

function abortError(): Cancelled {
  return new Cancelled();
}

/** The engine in a Web Worker. */
export function createWorkerEngine(makeWorker: () => WorkerLike = defaultWorker, opts: WorkerEngineOptions = {}): Engine {
  const stallMs = opts.stallMs ?? STALL_MS;
  const worker = makeWorker();
  const remote = Comlink.wrap<WorkerApi>(worker);
  let stopped: Error | null = null;
  const waiting = new Set<(e: Error) => void>();
  const deathListeners = new Set<(e: WorkerStopped) => void>();
  const stop = (e: Error, died = false) => {
    if (stopped) return;
    stopped = e;
    for (const reject of waiting) reject(e);
    waiting.clear();
    worker.terminate();
    remote[Comlink.releaseProxy]?.();
    if (died && e instanceof WorkerStopped) for (const l of deathListeners) l(e);
    deathListeners.clear();
  };
  const onError = (ev: Event) => {
    ev.preventDefault?.();
    const msg = (ev as ErrorEvent).message;
    stop(new WorkerStopped(msg ? msg : 'it failed to start or crashed (see the browser console)'), true);
  };
  const onMessageError = () => stop(new WorkerStopped('a message from it could not be read'), true);
  worker.addEventListener('error', onError as EventListener);
  worker.addEventListener('messageerror', onMessageError as EventListener);

  /** A call that also rejects when the worker dies or the signal aborts. */
  function call<T>(p: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (stopped) return Promise.reject(stopped);
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<T>((resolve, reject) => {
      const fail = (e: Error) => {
        cleanup();
        reject(e);
      };
      const onAbort = () => {
        // Terminating is the cancel: immediate, whatever the worker is doing.
        const e = abortError();
        fail(e);
        stop(e);
      };
      const cleanup = () => {
        waiting.delete(fail);
        signal?.removeEventListener('abort', onAbort);
      };
      waiting.add(fail);
      signal?.addEventListener('abort', onAbort, { once: true });
      p().then(
        (v) => {
          cleanup();
          resolve(v);
        },
        (e: unknown) => fail(e instanceof Error ? e : new Error(errorText(e))),
      );
    });
  }

  /**
   * A long call, watched: every progress report re-arms the watchdog, so a worker that
   * goes silent for `stallMs` is stopped. The report callback is always passed, so the
   * watchdog works whether or not the caller listens.
   */
  function watched<T>(run: (onProgress: (p: Progress) => void) => Promise<T>, o?: RunOptions): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      const silence = stallMs >= 1000 ? `${Math.round(stallMs / 1000)} s` : `${stallMs} ms`;
      timer = setTimeout(() => stop(new WorkerStopped(`it stopped answering: no progress for ${silence}`), true), stallMs);
    };
    const listener = o?.onProgress;
    // Reports come by a port of their own and may trail the answer: once it is in, they are
    // dropped (a late one would re-arm the watchdog and stop an idle worker).
    let settled = false;
    const onProgress = Comlink.proxy((p: Progress) => {
      if (settled) return;
      arm();
      listener?.(p);
    });
    if (!stopped) arm();
    return call(() => run(onProgress), o?.signal).finally(() => {
      settled = true;
      clearTimeout(timer);
    });
  }

  return {
    mode: 'worker',
    // Watched like the bulk calls: a large scenario takes seconds to build, and reports as it goes.
    open: (text, keys, opts) => watched((p) => remote.open(text, [...keys], p) as Promise<OpenResult>, opts),
    ensure: (keys, opts) => watched((p) => remote.ensure([...keys], p) as Promise<RunInfo[]>, opts),
    frame: (key, cursor) => call(() => remote.frame(key, cursor)),
    outcome: (key, index) => call(() => remote.outcome(key, index)),
    events: (from, to) => call(() => remote.events(from, to)),
    touching: (key, holder) => call(() => remote.touching(key, holder)),
    search: (keys, text, max) => call(() => remote.search([...keys], text, max)),
    run: (req, opts) => watched((p) => remote.run(req, p), opts),
    timeline: (kind, opts) => watched((p) => remote.timeline(kind, p), opts),
    sweep: (req, levels, opts) => watched((p) => remote.sweep(req, levels, p), opts),
    rows: (kind, cursor, rows) => call(() => remote.rows(kind, cursor, rows)),
    event: (kind, index) => call(() => remote.event(kind, index)),
    onStopped(listener) {
      deathListeners.add(listener);
      return () => deathListeners.delete(listener);
    },
    dispose() {
      worker.removeEventListener('error', onError as EventListener);
      worker.removeEventListener('messageerror', onMessageError as EventListener);
      stop(new WorkerStopped('disposed'));
    },
  };
}
