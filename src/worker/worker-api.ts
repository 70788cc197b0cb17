/**
 * What the Web Worker exposes through Comlink: the scenario session and the bulk backend,
 * behind the calls of the Engine interface. Results are returned with their buffers
 * marked for transfer, so they move to the page instead of being copied (DESIGN.md
 * convention 8). Kept apart from engine-worker.ts, which only wires it to the worker's
 * global scope, so tests can expose it on a MessagePort.
 */
import * as Comlink from 'comlink';
import type { Holder, PolicyKind } from '../core/model/types.ts';
import type { RunKey } from './engine.ts';
import { createScenarioSession } from './scenario-session.ts';
import {
  createWorkloadBackend,
  transfersOf,
  type BackendOptions,
  type Progress,
  type WorkloadRequest,
} from './workload-backend.ts';

/** Hand over the buffers of a result instead of copying them. */
function moved<T>(x: T): T {
  return Comlink.transfer(x, transfersOf(x));
}

/**
 * The page's progress callback as the work calls it, and `settled`, which waits until the
 * page has taken every report: the reports travel on a port of their own, so without it the
 * last one could reach the page after the answer.
 */
function reportsTo(onProgress?: (p: Progress) => void): { report?: (p: Progress) => void; settled(): Promise<unknown> } {
  let last: Promise<unknown> = Promise.resolve();
  return {
    report:
      onProgress &&
      ((p) => {
        last = Promise.resolve(onProgress(p)).catch(() => undefined);
      }),
    settled: () => last,
  };
}

/** Run `work` with the page's progress callback; answer once the page has every report. */
async function reported<T>(onProgress: ((p: Progress) => void) | undefined, work: (report?: (p: Progress) => void) => Promise<T>): Promise<T> {
  const r = reportsTo(onProgress);
  const out = await work(r.report);
  await r.settled();
  return moved(out);
}

export function createWorkerApi(opts: BackendOptions) {
  const session = createScenarioSession();
  const backend = createWorkloadBackend(opts);
  return {
    async open(text: string, keys: RunKey[], onProgress?: (p: Progress) => void) {
      return reported(onProgress, (report) => session.open(text, keys, { onProgress: report }));
    },
    async ensure(keys: RunKey[], onProgress?: (p: Progress) => void) {
      return reported(onProgress, (report) => session.ensure(keys, { onProgress: report }));
    },
    frame: (key: RunKey, cursor: number) => session.frame(key, cursor),
    outcome: (key: RunKey, index: number) => session.outcome(key, index),
    events: (from: number, to: number) => session.events(from, to),
    touching: (key: RunKey, holder: Holder) => moved(session.touching(key, holder)),
    search: (keys: RunKey[], text: string, max?: number) => moved(session.search(keys, text, max)),
    async run(req: WorkloadRequest, onProgress?: (p: Progress) => void) {
      return reported(onProgress, (report) => backend.run(req, report));
    },
    async timeline(kind: PolicyKind, onProgress?: (p: Progress) => void) {
      return reported(onProgress, (report) => backend.timeline(kind, report));
    },
    async sweep(req: WorkloadRequest, levels: number[], onProgress?: (p: Progress) => void) {
      return reported(onProgress, (report) => backend.sweep(req, levels, report));
    },
    rows: (kind: PolicyKind, cursor: number, rows: Int32Array) => moved(backend.rows(kind, cursor, rows)),
    event: (kind: PolicyKind, index: number) => moved(backend.event(kind, index)),
    cancel: () => backend.cancel(),
  };
}

export type WorkerApi = ReturnType<typeof createWorkerApi>;
