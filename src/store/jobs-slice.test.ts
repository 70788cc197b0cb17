import { afterEach, describe, expect, it } from 'vitest';
import { useAppStore } from './store.ts';
import { setEngineFactory } from './engines.ts';
import {
  createEngine,
  createPageEngine,
  WorkerStopped,
  type Progress,
  type Engine,
  type WorkloadRequest,
} from '../worker/worker-engine.ts';

const req: WorkloadRequest = {
  kind: 'generate',
  params: { seed: 2, events: 2000, hosts: 2, iommuBits: 12, widths: [12] },
  policy: 'split',
};

/** The page engine, in the clothes of a worker that dies after its first report, or later on demand. */
function dyingEngine(when: 'mid-run' | 'on-demand') {
  const inner = createPageEngine();
  const listeners = new Set<(e: WorkerStopped) => void>();
  const engine: Engine & { die(reason: string): void } = {
    ...inner,
    mode: 'worker',
    run: async (r, o) => {
      if (when === 'on-demand') return inner.run(r, o);
      o?.onProgress?.({
        phase: 'generated',
        done: 10,
        total: 8000,
        elapsedMs: 5,
        etaMs: 22_000,
      } satisfies Progress);
      throw new WorkerStopped('it stopped answering: no progress for 60 s');
    },
    onStopped(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    die(reason) {
      for (const l of listeners) l(new WorkerStopped(reason));
    },
  };
  return engine;
}

afterEach(() => setEngineFactory(createEngine));

describe('the jobs slice when a worker dies', () => {
  it('ends the job as failed with the reason, never running for good, and runs it again in the page', async () => {
    setEngineFactory(() => dyingEngine('mid-run'));
    await useAppStore.getState().startWorkload(req, 'a small workload');
    const job = useAppStore.getState().job;
    expect(job).toMatchObject({
      status: 'failed',
      workerDied: true,
      heardAt: null,
      error: 'the engine worker stopped: it stopped answering: no progress for 60 s',
    });
    await useAppStore.getState().retry('page');
    expect(useAppStore.getState().job).toMatchObject({ status: 'done', mode: 'page', workerDied: false });
    expect(useAppStore.getState().workload?.events).toBe(2000);
  });

  it('runs it again in a new worker when asked', async () => {
    let made = 0;
    setEngineFactory(() => (made++ === 0 ? dyingEngine('mid-run') : dyingEngine('on-demand')));
    await useAppStore.getState().startWorkload(req, 'again');
    expect(useAppStore.getState().job.status).toBe('failed');
    await useAppStore.getState().retry('worker');
    expect(made).toBe(2);
    expect(useAppStore.getState().job).toMatchObject({ status: 'done', mode: 'worker' });
  });

  it('drops a result whose worker dies later, and says why', async () => {
    const e = dyingEngine('on-demand');
    setEngineFactory(() => e);
    await useAppStore.getState().startWorkload(req, 'kept');
    expect(useAppStore.getState().workload).not.toBeNull();
    e.die('Uncaught Error: later');
    const s = useAppStore.getState();
    expect(s.workload).toBeNull();
    expect(s.wlTimeline).toBeNull();
    expect(s.job).toMatchObject({
      status: 'failed',
      workerDied: true,
      error: 'the result is gone: the engine worker stopped: Uncaught Error: later',
    });
  });
});

describe('the jobs slice lifecycle', () => {
  it('runs one job at a time, keeps the result when the next is cancelled, and clamps the workload cursor', async () => {
    setEngineFactory(createPageEngine);
    const st = () => useAppStore.getState();
    await st().startWorkload(req, 'first');
    expect(st().job).toMatchObject({ kind: 'run', status: 'done', label: 'first', error: null, heardAt: null });
    const first = st().workload;
    expect(first?.events).toBe(2000);
    expect(st().wlCursor).toBe(2000);
    st().seekWorkload(-5);
    expect(st().wlCursor).toBe(0);
    st().stepWorkload(3);
    expect(st().wlCursor).toBe(3);
    st().seekWorkload(1e9);
    expect(st().wlCursor).toBe(2000);

    const second = st().startWorkload({ ...req, params: { ...req.params, seed: 3 } }, 'second');
    expect(st().job).toMatchObject({ status: 'running', label: 'second' });
    // A third asked while the second runs is not started.
    await st().startWorkload(req, 'third');
    expect(st().job.label).toBe('second');
    st().cancelWorkload();
    await second;
    expect(st().job).toMatchObject({ status: 'cancelled', label: 'second' });
    expect(st().workload).toBe(first);
  });

  it('builds another policy of the result as a timeline job, and a sweep keeps its own result', async () => {
    setEngineFactory(createPageEngine);
    const st = () => useAppStore.getState();
    await st().startWorkload(req, 'base');
    await st().setWorkloadPolicy('global');
    expect(st().job).toMatchObject({ kind: 'timeline', status: 'done' });
    expect(st().wlPolicy).toBe('global');
    expect(st().wlTimeline?.policy).toBe('global');
    await st().startSweep({ ...req, params: { ...req.params, events: 500 } }, [0, 0.3], 'a sweep');
    expect(st().job).toMatchObject({ kind: 'sweep', status: 'done' });
    expect(st().sweep?.label).toBe('a sweep');
    expect(st().wlPolicy).toBe('global');
  });

  it('keeps one policy for the form and the result: chosen before a run, the run shows it; chosen after, it is built', async () => {
    setEngineFactory(createPageEngine);
    const st = () => useAppStore.getState();
    useAppStore.setState({ workload: null, wlTimeline: null, wlPolicy: 'split', wlPolicyAsked: null });
    await st().setWorkloadPolicy('linux');
    expect(st().wlPolicy).toBe('linux');
    expect(st().job.kind).not.toBe('timeline');
    // The form asks for the store's policy (workload-form.tsx), so the run opens on it.
    await st().startWorkload({ ...req, policy: st().wlPolicy }, 'on linux');
    expect(st().wlTimeline?.policy).toBe('linux');
    await st().setWorkloadPolicy('local');
    expect(st().wlPolicy).toBe('local');
    expect(st().wlTimeline?.policy).toBe('local');
  });
});
