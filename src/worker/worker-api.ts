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

export function createWorkerApi(opts: BackendOptions) {
  const session = createScenarioSession();
  const backend = createWorkloadBackend(opts);
  return {
    async open(text: string, keys: RunKey[], onProgress?: (p: Progress) => void) {
      return moved(await session.open(text, keys, { onProgress: onProgress && ((p) => void onProgress(p)) }));
    },
    async ensure(keys: RunKey[], onProgress?: (p: Progress) => void) {
      return moved(await session.ensure(keys, { onProgress: onProgress && ((p) => void onProgress(p)) }));
    },
    frame: (key: RunKey, cursor: number) => session.frame(key, cursor),
    outcome: (key: RunKey, index: number) => session.outcome(key, index),
    events: (from: number, to: number) => session.events(from, to),
    touching: (key: RunKey, holder: Holder) => moved(session.touching(key, holder)),
    search: (keys: RunKey[], text: string, max?: number) => moved(session.search(keys, text, max)),
    async run(req: WorkloadRequest, onProgress?: (p: Progress) => void) {
      return moved(await backend.run(req, onProgress && ((p) => void onProgress(p))));
    },
    async timeline(kind: PolicyKind, onProgress?: (p: Progress) => void) {
      return moved(await backend.timeline(kind, onProgress && ((p) => void onProgress(p))));
    },
    async sweep(req: WorkloadRequest, levels: number[], onProgress?: (p: Progress) => void) {
      return moved(await backend.sweep(req, levels, onProgress && ((p) => void onProgress(p))));
    },
    rows: (kind: PolicyKind, cursor: number, rows: Int32Array) => moved(backend.rows(kind, cursor, rows)),
    event: (kind: PolicyKind, index: number) => moved(backend.event(kind, index)),
    cancel: () => backend.cancel(),
  };
}

export type WorkerApi = ReturnType<typeof createWorkerApi>;
