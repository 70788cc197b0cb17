/**
 * The jobs slice (DESIGN.md: "one store of slices: scenario, cursor, view, jobs"): the
 * Workload panel's form, the running job with its progress, and the last result with
 * the cursor and policy its maps and timeline show. The engines that hold the results
 * live beside the store, not in it: they are not data.
 *
 * A job gets an engine of its own; a completed job's engine replaces the previous
 * result's. So cancelling (which terminates a worker) never costs the result on screen.
 *
 * A worker that dies (an error event, an unreadable message, no progress for STALL_MS)
 * ends its job as failed with the reason, never as "running" for good; the job can run
 * again, in a new worker or in the page. A result whose worker dies later is dropped with
 * the same explanation, since its maps can no longer be fetched.
 */
import type { PolicyKind } from '../core/model/types.ts';
import type { FillPattern } from '../core/fleet/fill.ts';
import { WORKLOAD_DEFAULTS, type WorkloadParams } from '../core/fleet/workload.ts';
import { errorText } from '../worker/engine.ts';
import {
  Cancelled,
  type Engine,
  WorkerStopped,
  type Progress,
  type SweepResult,
  type TimelineInfo,
  type WorkloadRequest,
  type WorkloadSummary,
} from '../worker/worker-engine.ts';
import { newEngine } from './engines.ts';

export type JobStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface Job {
  /** what runs: a whole workload, a fill sweep, or the timeline of another policy of the result */
  kind: 'run' | 'sweep' | 'timeline';
  status: JobStatus;
  progress: Progress | null;
  /** shown to the user as is: one line, never a stack */
  error: string | null;
  /** where the engine runs */
  mode: 'worker' | 'page' | null;
  /** a short description of what was asked */
  label: string;
  /** when the job started or last reported progress (Date.now()), while it runs */
  heardAt: number | null;
  /** the engine's worker died (the job can run again, in a new worker or in the page) */
  workerDied: boolean;
}

/** The form as typed (strings), so a half-typed number is never lost; validated on Run. */
export interface WorkloadForm {
  source: 'generate' | 'scenario';
  /** generated workloads: option name → text as typed */
  fields: Record<string, string>;
  /** scenario + fill: the bundled scenario file, or the open scenario */
  scenarioFile: string;
  fillHosts: string[];
  fillLevel: string;
  fillPattern: FillPattern;
  /** the policy whose maps and timeline are shown first */
  policy: PolicyKind;
  /** fill levels of a sweep, as typed */
  sweepLevels: string;
}

export interface JobsSlice {
  workloadOpen: boolean;
  workloadForm: WorkloadForm;
  job: Job;
  workload: WorkloadSummary | null;
  /** the last fill sweep, and what it swept */
  sweep: { result: SweepResult; label: string } | null;
  /** the policy the workload maps and timeline show, and its timeline */
  wlPolicy: PolicyKind;
  /** the policy asked for while its timeline is being built */
  wlPolicyAsked: PolicyKind | null;
  wlTimeline: TimelineInfo | null;
  /** events applied at the workload cursor, 0..length */
  wlCursor: number;

  setWorkloadOpen(on: boolean): void;
  setWorkloadForm(patch: Partial<WorkloadForm>): void;
  setWorkloadField(name: string, value: string): void;
  startWorkload(req: WorkloadRequest, label: string, where?: 'page'): Promise<void>;
  startSweep(req: WorkloadRequest, levels: number[], label: string, where?: 'page'): Promise<void>;
  /** Run the last job again (after a worker died): in a new worker, or in the page. */
  retry(where: 'worker' | 'page'): Promise<void>;
  /** Run the last job again in the page (after a worker failed). */
  retryInPage(): Promise<void>;
  cancelWorkload(): void;
  setWorkloadPolicy(kind: PolicyKind): Promise<void>;
  seekWorkload(cursor: number): void;
  stepWorkload(delta: number): void;
}

/** The numeric and list fields of a generated workload, as the form shows them. */
export function formFields(p: WorkloadParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : String(v);
  return out;
}

export const INITIAL_FORM: WorkloadForm = {
  source: 'generate',
  fields: formFields({ ...WORKLOAD_DEFAULTS, seed: 1, hosts: 8, events: 200_000 }),
  scenarioFile: '',
  fillHosts: [],
  fillLevel: '0.6',
  fillPattern: 'random',
  policy: 'split',
  sweepLevels: '0, 0.2, 0.4, 0.6, 0.8, 0.9',
};

const IDLE: Job = { kind: 'run', status: 'idle', progress: null, error: null, mode: null, label: '', heardAt: null, workerDied: false };

// ---------------------------------------------------------------------------
// Engines: beside the store.

let resultEngine: Engine | null = null;
let running: { engine: Engine; abort: AbortController } | null = null;
/** The last job asked for, so a failed worker's job can run again in the page. */
let lastJob:
  | { kind: 'run'; req: WorkloadRequest; label: string }
  | { kind: 'sweep'; req: WorkloadRequest; levels: number[]; label: string }
  | null = null;

/** The engine holding the shown result (the map and the timeline ask it for rows and events). */
export function workloadEngine(): Engine | null {
  return resultEngine;
}

type Set = (partial: Partial<JobsSlice>, replace?: false, action?: string) => void;

export function createJobsSlice(set: Set, get: () => JobsSlice): JobsSlice {
  const failed = (e: unknown): Partial<Job> =>
    e instanceof Cancelled
      ? { status: 'cancelled', error: null, heardAt: null }
      : { status: 'failed', error: errorText(e), heardAt: null, workerDied: e instanceof WorkerStopped };
  const started = (kind: Job['kind'], engine: Engine, label: string): Job => ({
    kind,
    status: 'running',
    progress: null,
    error: null,
    mode: engine.mode,
    label,
    heardAt: Date.now(),
    workerDied: false,
  });
  const onProgress = (engine: Engine) => (progress: Progress) => {
    if (running?.engine === engine) set({ job: { ...get().job, progress, heardAt: Date.now() } }, false, 'jobs/progress');
  };
  let unwatchResult: (() => void) | null = null;
  /** Show `engine`'s result from now on; if its worker dies, drop the result and say why. */
  const holdResult = (engine: Engine) => {
    unwatchResult?.();
    resultEngine?.dispose();
    resultEngine = engine;
    unwatchResult =
      engine.onStopped?.((e) => {
        if (resultEngine !== engine) return;
        resultEngine = null;
        unwatchResult = null;
        // A job running meanwhile reports its own end.
        if (running) {
          set({ workload: null, wlTimeline: null, wlPolicyAsked: null }, false, 'jobs/result-lost');
          return;
        }
        set(
          {
            job: { ...get().job, kind: 'run', status: 'failed', error: `the result is gone: ${e.message}`, heardAt: null, workerDied: true },
            workload: null,
            wlTimeline: null,
            wlPolicyAsked: null,
          },
          false,
          'jobs/result-lost',
        );
      }) ?? null;
  };

  return {
    workloadOpen: false,
    workloadForm: INITIAL_FORM,
    job: IDLE,
    workload: null,
    sweep: null,
    wlPolicy: 'split',
    wlPolicyAsked: null,
    wlTimeline: null,
    wlCursor: 0,

    setWorkloadOpen: (workloadOpen) => set({ workloadOpen }, false, 'jobs/open'),
    setWorkloadForm: (patch) =>
      set({ workloadForm: { ...get().workloadForm, ...patch } }, false, 'jobs/form'),
    setWorkloadField: (name, value) => {
      const f = get().workloadForm;
      set({ workloadForm: { ...f, fields: { ...f.fields, [name]: value } } }, false, 'jobs/field');
    },

    async startWorkload(req, label, where) {
      if (running) return;
      lastJob = { kind: 'run', req, label };
      const engine = newEngine(where === 'page' ? 'page' : undefined);
      const abort = new AbortController();
      running = { engine, abort };
      set({ job: started('run', engine, label) }, false, 'jobs/start');
      try {
        const summary = await engine.run(req, { signal: abort.signal, onProgress: onProgress(engine) });
        running = null;
        holdResult(engine);
        set(
          {
            job: { ...get().job, status: 'done', error: null, heardAt: null },
            workload: summary,
            wlPolicy: summary.timeline.policy,
            wlTimeline: summary.timeline,
            wlCursor: summary.timeline.length,
          },
          false,
          'jobs/done',
        );
      } catch (e) {
        running = null;
        engine.dispose();
        set(
          { job: { ...get().job, ...failed(e) } },
          false,
          e instanceof Cancelled ? 'jobs/cancelled' : 'jobs/failed',
        );
      }
    },

    async startSweep(req, levels, label, where) {
      if (running) return;
      lastJob = { kind: 'sweep', req, levels, label };
      const engine = newEngine(where === 'page' ? 'page' : undefined);
      const abort = new AbortController();
      running = { engine, abort };
      set({ job: started('sweep', engine, label) }, false, 'jobs/sweep');
      try {
        const result = await engine.sweep(req, levels, { signal: abort.signal, onProgress: onProgress(engine) });
        running = null;
        set(
          { job: { ...get().job, status: 'done', error: null, heardAt: null }, sweep: { result, label } },
          false,
          'jobs/sweep-done',
        );
      } catch (e) {
        running = null;
        set(
          { job: { ...get().job, ...failed(e) } },
          false,
          e instanceof Cancelled ? 'jobs/cancelled' : 'jobs/failed',
        );
      } finally {
        // A sweep keeps nothing in its engine.
        engine.dispose();
      }
    },

    async retry(where) {
      const j = lastJob;
      if (!j) return;
      const at = where === 'page' ? 'page' : undefined;
      if (j.kind === 'run') await get().startWorkload(j.req, j.label, at);
      else await get().startSweep(j.req, j.levels, j.label, at);
    },

    retryInPage: () => get().retry('page'),

    cancelWorkload() {
      running?.abort.abort();
    },

    async setWorkloadPolicy(kind) {
      const s = get();
      if (!s.workload || !resultEngine || running || kind === s.wlPolicy) return;
      const engine = resultEngine;
      const abort = new AbortController();
      running = { engine, abort };
      set({ wlPolicyAsked: kind, job: started('timeline', engine, `the ${kind} timeline`) }, false, 'jobs/timeline');
      try {
        const t = await engine.timeline(kind, { signal: abort.signal, onProgress: onProgress(engine) });
        running = null;
        set(
          {
            job: { ...get().job, status: 'done', heardAt: null },
            wlPolicy: kind,
            wlPolicyAsked: null,
            wlTimeline: t,
            wlCursor: Math.min(get().wlCursor, t.length),
          },
          false,
          'jobs/timeline-done',
        );
      } catch (e) {
        running = null;
        // A cancelled or dead worker took the result with it: say so rather than show stale maps.
        if (engine.mode === 'worker' && (e instanceof Cancelled || e instanceof WorkerStopped)) {
          if (resultEngine === engine) resultEngine = null;
          set(
            { job: { ...get().job, ...failed(e) }, workload: null, wlTimeline: null, wlPolicyAsked: null },
            false,
            'jobs/timeline-cancelled',
          );
        } else
          set({ job: { ...get().job, ...failed(e) }, wlPolicyAsked: null }, false, 'jobs/timeline-failed');
      }
    },

    seekWorkload(c) {
      const t = get().wlTimeline;
      if (!t) return;
      const wlCursor = Math.max(0, Math.min(t.length, Math.round(c)));
      if (wlCursor !== get().wlCursor) set({ wlCursor }, false, 'jobs/seek');
    },

    stepWorkload(d) {
      get().seekWorkload(get().wlCursor + d);
    },
  };
}
