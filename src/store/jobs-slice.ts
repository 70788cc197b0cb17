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
import {
  Cancelled,
  type Engine,
  WorkerStopped,
  type SweepResult,
  type TimelineInfo,
  type WorkloadRequest,
  type WorkloadSummary,
} from '../worker/worker-engine.ts';
import { newEngine } from './engines.ts';
import { cursorControl } from './cursor-slice.ts';
import { endedBy, IDLE_JOB, jobLifecycle, type Job } from './job-lifecycle.ts';

export type { Job, JobStatus } from './job-lifecycle.ts';

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
  /**
   * The policy the workload maps and timeline show, and its timeline: the one value the
   * form's choice (before a run: the policy a run shows first) and the result's read.
   */
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
  /** Show `kind`'s maps and timeline: built now for a result on screen, or first by the next run. */
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
  // 12-bit spaces: a fill of every level up to full stays small (a fill sweep's cost is
  // its fills), so the sweep's defaults draw their curve in seconds; two hosts filled.
  fields: formFields({ ...WORKLOAD_DEFAULTS, seed: 1, hosts: 8, events: 20_000, iommuBits: 12, widths: [12], fillHosts: 2 }),
  scenarioFile: '',
  fillHosts: [],
  fillLevel: '0.6',
  fillPattern: 'random',
  sweepLevels: '0, 0.25, 0.5, 0.75, 0.9, 1',
};

// ---------------------------------------------------------------------------
// Engines: beside the store.

let resultEngine: Engine | null = null;
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
  const jobs = jobLifecycle<JobsSlice>(set, get);
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
        const gone = { workload: null, wlTimeline: null, wlPolicyAsked: null };
        // A job running meanwhile reports its own end.
        if (jobs.running()) set(gone, false, 'jobs/result-lost');
        else set({ ...gone, job: { ...get().job, kind: 'run', ...endedBy(e), error: `the result is gone: ${e.message}` } }, false, 'jobs/result-lost');
      }) ?? null;
  };
  // The workload cursor: the scenario view's cursor control over wlCursor (it does not play).
  const cursor = cursorControl(
    () => ({ state: { cursor: get().wlCursor, playing: false, speed: 1 }, length: get().wlTimeline?.length ?? 0 }),
    (patch, action) => {
      if (patch.cursor !== undefined) set({ wlCursor: patch.cursor }, false, action.replace('timeline/', 'jobs/'));
    },
    () => {},
  );

  return {
    workloadOpen: false,
    workloadForm: INITIAL_FORM,
    job: IDLE_JOB,
    workload: null,
    sweep: null,
    wlPolicy: 'split',
    wlPolicyAsked: null,
    wlTimeline: null,
    wlCursor: 0,

    setWorkloadOpen: (workloadOpen) => set({ workloadOpen }, false, 'jobs/open'),
    setWorkloadForm: (patch) => set({ workloadForm: { ...get().workloadForm, ...patch } }, false, 'jobs/form'),
    setWorkloadField: (name, value) => {
      const f = get().workloadForm;
      set({ workloadForm: { ...f, fields: { ...f.fields, [name]: value } } }, false, 'jobs/field');
    },

    startWorkload(req, label, where) {
      if (jobs.running()) return Promise.resolve();
      lastJob = { kind: 'run', req, label };
      return jobs.run({
        kind: 'run',
        label,
        engine: newEngine(where),
        work: (engine, o) => engine.run(req, o),
        done(summary) {
          holdResult(this.engine);
          return { workload: summary, wlPolicy: summary.timeline.policy, wlTimeline: summary.timeline, wlCursor: summary.timeline.length };
        },
        failed() {
          this.engine.dispose();
          return {};
        },
      });
    },

    startSweep(req, levels, label, where) {
      if (jobs.running()) return Promise.resolve();
      lastJob = { kind: 'sweep', req, levels, label };
      // A sweep keeps nothing in its engine.
      return jobs.run({
        kind: 'sweep',
        label,
        engine: newEngine(where),
        work: (engine, o) => engine.sweep(req, levels, o).finally(() => engine.dispose()),
        done: (result) => ({ sweep: { result, label } }),
      });
    },

    async retry(where) {
      const j = lastJob;
      if (!j) return;
      const at = where === 'page' ? 'page' : undefined;
      if (j.kind === 'run') await get().startWorkload(j.req, j.label, at);
      else await get().startSweep(j.req, j.levels, j.label, at);
    },

    retryInPage: () => get().retry('page'),

    cancelWorkload: () => jobs.cancel(),

    setWorkloadPolicy(kind) {
      const s = get();
      const engine = resultEngine;
      if (jobs.running() || kind === s.wlPolicy) return Promise.resolve();
      if (!s.workload || !engine) {
        set({ wlPolicy: kind }, false, 'jobs/policy');
        return Promise.resolve();
      }
      return jobs.run({
        kind: 'timeline',
        label: `the ${kind} timeline`,
        engine,
        start: { wlPolicyAsked: kind },
        work: (en, o) => en.timeline(kind, o),
        done: (t) => ({ wlPolicy: kind, wlPolicyAsked: null, wlTimeline: t, wlCursor: Math.min(get().wlCursor, t.length) }),
        failed(e) {
          // A cancelled or dead worker took the result with it: say so rather than show stale maps.
          if (engine.mode === 'worker' && (e instanceof Cancelled || e instanceof WorkerStopped)) {
            if (resultEngine === engine) resultEngine = null;
            return { workload: null, wlTimeline: null, wlPolicyAsked: null };
          }
          return { wlPolicyAsked: null };
        },
      });
    },

    seekWorkload: (c) => cursor.seek(c),
    stepWorkload: (d) => cursor.step(d),
  };
}
