/**
 * The engine in a Web Worker, behind the same `Engine` interface as the in-process one
 * (DESIGN.md convention 8, Perfetto's engine proxy), plus the bulk calls of issue 4:
 * run a workload with progress and cancel, build another policy's timeline, fetch map
 * rows and event details. Comlink carries the calls; bulk results arrive as transferred
 * typed arrays.
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
 *   backend runs in the page, in short slices that yield to the event loop.
 */
import * as Comlink from 'comlink';
import type { PolicyKind, Snapshot } from '../core/model/types.ts';
import type { SweepResult } from '../core/fleet/fill-sweep.ts';
import type { Engine, LoadResult, PolicyChoice } from './engine.ts';
import { createInProcessEngine, errorText } from './engine.ts';
import {
  Cancelled,
  createWorkloadBackend,
  type EventDetail,
  type Progress,
  type RowsData,
  type TimelineInfo,
  type WorkloadRequest,
  type WorkloadSummary,
} from './workload-backend.ts';
import type { WorkerApi } from './worker-api.ts';
import { startEngineWorker } from './start-engine-worker.ts';

export { Cancelled } from './workload-backend.ts';
export type {
  EventDetail,
  Progress,
  RowsData,
  TimelineInfo,
  WorkloadRequest,
  WorkloadSummary,
} from './workload-backend.ts';
export type { SweepResult } from '../core/fleet/fill-sweep.ts';

export interface RunOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

/** The Engine interface plus the bulk calls. */
export interface WorkloadEngine extends Engine {
  /** where the engine runs */
  readonly mode: 'worker' | 'page';
  /** Be told when the engine dies by itself (not when cancelled or disposed); returns the unsubscribe. */
  onStopped?(listener: (e: WorkerStopped) => void): () => void;
  run(req: WorkloadRequest, opts?: RunOptions): Promise<WorkloadSummary>;
  timeline(kind: PolicyKind, opts?: RunOptions): Promise<TimelineInfo>;
  /** The request at several fill levels under the four policies (fill-sweep.ts). */
  sweep(req: WorkloadRequest, levels: number[], opts?: RunOptions): Promise<SweepResult>;
  rows(kind: PolicyKind, cursor: number, rows: Int32Array): Promise<RowsData>;
  event(kind: PolicyKind, index: number): Promise<EventDetail>;
}

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
export function createEngine(): WorkloadEngine {
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
export function createWorkerEngine(makeWorker: () => WorkerLike = defaultWorker, opts: WorkerEngineOptions = {}): WorkloadEngine {
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
    const onProgress = Comlink.proxy((p: Progress) => {
      arm();
      listener?.(p);
    });
    if (!stopped) arm();
    return call(() => run(onProgress), o?.signal).finally(() => clearTimeout(timer));
  }

  return {
    mode: 'worker',
    load: (text: string, policy: PolicyChoice): Promise<LoadResult> =>
      call<LoadResult>(() => remote.load(text, policy) as Promise<LoadResult>),
    snapshot: (cursor: number): Promise<Snapshot> => call(() => remote.snapshot(cursor)),
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

/** The same engine in the page: short slices, so the page stays usable while it runs. */
export function createPageEngine(): WorkloadEngine {
  const scenario = createInProcessEngine();
  const backend = createWorkloadBackend({ sliceMs: 8, yieldNow: yieldToPage });
  const withSignal = <T>(p: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    if (signal?.aborted) return Promise.reject(abortError());
    const onAbort = () => backend.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    return p().finally(() => signal?.removeEventListener('abort', onAbort));
  };
  return {
    mode: 'page',
    load: (text, policy) => scenario.load(text, policy),
    snapshot: (cursor) => scenario.snapshot(cursor),
    run: (req, opts) => withSignal(() => backend.run(req, opts?.onProgress), opts?.signal),
    timeline: (kind, opts) => withSignal(() => backend.timeline(kind, opts?.onProgress), opts?.signal),
    sweep: (req, levels, opts) =>
      withSignal(() => backend.sweep(req, levels, opts?.onProgress), opts?.signal),
    rows: async (kind, cursor, rows) => backend.rows(kind, cursor, rows),
    event: async (kind, index) => backend.event(kind, index),
    dispose() {
      backend.cancel();
      backend.dispose();
      scenario.dispose();
    },
  };
}
