/**
 * The one life of a Workloads job, whatever it runs (a workload, a fill sweep, another
 * policy's timeline): started with its engine and label, progress kept with the time it
 * was last heard, then done, cancelled or failed — with the reason in one line and
 * whether its worker died, so the panel can offer to run it again. One job at a time.
 */
import { errorText } from '../worker/engine.ts';
import { Cancelled, WorkerStopped, type Engine, type Progress, type RunOptions } from '../worker/worker-engine.ts';

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

export const IDLE_JOB: Job = { kind: 'run', status: 'idle', progress: null, error: null, mode: null, label: '', heardAt: null, workerDied: false };

/** How a job's end reads on the job. */
export function endedBy(e: unknown): Partial<Job> {
  return e instanceof Cancelled
    ? { status: 'cancelled', error: null, heardAt: null }
    : { status: 'failed', error: errorText(e), heardAt: null, workerDied: e instanceof WorkerStopped };
}

export interface JobSpec<T, S> {
  kind: Job['kind'];
  label: string;
  engine: Engine;
  work(engine: Engine, o: RunOptions): Promise<T>;
  /** what the store shows once it is done (side effects such as keeping the engine go here too) */
  done(value: T): Partial<S>;
  /** what the store shows besides the failed job (and what to release) */
  failed?(e: unknown): Partial<S>;
  /** more to set when it starts */
  start?: Partial<S>;
}

type JobSet<S> = (partial: Partial<S> & { job?: Job }, replace?: false, action?: string) => void;

/** The job runner of one store: `run` is the whole lifecycle; `running` tells whether a job is under way. */
export function jobLifecycle<S extends { job: Job }>(set: JobSet<S>, get: () => S) {
  let running: { engine: Engine; abort: AbortController } | null = null;
  return {
    running: () => running,
    cancel: () => running?.abort.abort(),
    /** Run `spec` unless a job is under way; resolves when it has ended (never rejects). */
    async run<T>(spec: JobSpec<T, S>): Promise<void> {
      if (running) return;
      const { engine, kind, label } = spec;
      const abort = new AbortController();
      running = { engine, abort };
      const job: Job = { kind, status: 'running', progress: null, error: null, mode: engine.mode, label, heardAt: Date.now(), workerDied: false };
      set({ ...spec.start, job } as Partial<S>, false, `jobs/${kind}`);
      const onProgress = (progress: Progress) => {
        if (running?.engine === engine) set({ job: { ...get().job, progress, heardAt: Date.now() } } as Partial<S>, false, 'jobs/progress');
      };
      let value: T;
      try {
        value = await spec.work(engine, { signal: abort.signal, onProgress });
      } catch (e) {
        running = null;
        set({ ...spec.failed?.(e), job: { ...get().job, ...endedBy(e) } } as Partial<S>, false, e instanceof Cancelled ? 'jobs/cancelled' : 'jobs/failed');
        return;
      }
      running = null;
      set({ ...spec.done(value), job: { ...get().job, status: 'done', error: null, heardAt: null } } as Partial<S>, false, `jobs/${kind}-done`);
    },
  };
}
