import { beforeEach, describe, expect, it } from 'vitest';
import { bundledByFile } from './bundled.ts';
import { setEngineFactory } from './engines.ts';
import { createEngine, createPageEngine, type Engine, type Progress } from '../worker/worker-engine.ts';
import { activeKeys, useAppStore } from './store.ts';
import { differingEvents } from '../ui/selectors.ts';
import { columnFields } from '../core/timeline/outcome-columns.ts';

const S1 = bundledByFile('s1-vf-migration-busy-destination.json')!;
const S2 = bundledByFile('s2-siov-swq-translation-migration.json')!;

describe('store', () => {
  beforeEach(async () => {
    useAppStore.setState({ policy: 'declared', compare: false, rejected: null, notice: null });
    expect(await useAppStore.getState().open(S1.text, { kind: 'bundled', file: S1.file }, { step: 0 })).toBe(true);
  });

  it('opens a scenario with its frames and clamps seeks to the timeline', async () => {
    const s = useAppStore.getState();
    expect(s.scenario?.title).toMatch(/^S1:/);
    expect(s.runs.declared?.length).toBe(10);
    expect(s.frames.declared?.cursor).toBe(0);
    s.seek(99);
    expect(useAppStore.getState().cursor).toBe(10);
    s.step(-3);
    expect(useAppStore.getState().cursor).toBe(7);
    await new Promise((r) => setTimeout(r, 0));
    const f = useAppStore.getState().frames.declared!;
    expect(f.cursor).toBe(7);
    expect(f.prev?.cursor).toBe(6);
  });

  it('refuses bad input with problems by JSON path and keeps the current scenario', async () => {
    useAppStore.getState().seek(4);
    const bad = JSON.stringify({ format: 'pasidscope/1', hosts: [{ id: 'A', policy: { kind: 'split' }, functions: [] }], events: [{ op: 'nope' }] });
    const ok = await useAppStore.getState().open(bad, { kind: 'inline', name: 'bad.json', text: bad });
    expect(ok).toBe(false);
    const s = useAppStore.getState();
    expect(s.rejected?.name).toBe('bad.json');
    expect(s.rejected?.problems[0].path).toBe('events[0].op');
    expect(s.scenario?.title).toMatch(/^S1:/);
    expect(s.cursor).toBe(4);
    expect(s.source).toEqual({ kind: 'bundled', file: S1.file });
  });

  it('opens a link at its step and policy', async () => {
    await useAppStore.getState().open(S2.text, { kind: 'bundled', file: S2.file }, { step: 5, policy: 'global' });
    const s = useAppStore.getState();
    expect(s.cursor).toBe(5);
    expect(s.policy).toBe('global');
    expect(s.frames.global?.snap.cursor).toBe(5);
  });

  it('opens a link with its selection, and drops one the scenario does not have', async () => {
    const app = { type: 'guest', vm: 'vm1', process: 'app' } as const;
    await useAppStore.getState().open(S2.text, { kind: 'bundled', file: S2.file }, { step: 4, selection: { holder: app, at: { space: { kind: 'guest', vm: 'vm1' }, pasid: 1 } } });
    expect(useAppStore.getState().selection?.holder).toEqual(app);
    expect(useAppStore.getState().notice).toBeNull();
    const ghost = { type: 'guest', vm: 'vm1', process: 'nobody' } as const;
    await useAppStore.getState().open(S2.text, { kind: 'bundled', file: S2.file }, { step: 4, selection: { holder: ghost } });
    expect(useAppStore.getState().selection).toBeNull();
    expect(useAppStore.getState().notice).toMatch(/selects vm1 · nobody, which this scenario does not have/);
    // A real process in a space the scenario does not have is refused too.
    await useAppStore.getState().open(S2.text, { kind: 'bundled', file: S2.file }, { selection: { holder: app, at: { space: { kind: 'rid', host: 'A', rid: '0000:ff:00.0' }, pasid: 1 } } });
    expect(useAppStore.getState().selection).toBeNull();
  });

  it('compare mode runs all four policies and marks where they differ', async () => {
    await useAppStore.getState().setCompare(true);
    const s = useAppStore.getState();
    expect(Object.keys(s.runs).sort()).toEqual(['declared', 'global', 'linux', 'local', 'split']);
    for (const kind of ['global', 'split', 'local', 'linux'] as const) expect(s.frames[kind]?.cursor).toBe(s.cursor);
    const differ = differingEvents(s.runs)!;
    // host.bind gives 0x1 under global/local/linux and 0x1000 under split; the migration fails only under global.
    expect(differ[1]).toBe(1);
    expect(differ[9]).toBe(1);
    expect(differ[0]).toBe(0);
    expect(columnFields(s.runs.global!.columns, 9).code).toBe('EBUSY');
    expect(columnFields(s.runs.split!.columns, 9).ok).toBe(true);
  });

  it('an A/B pair shows two policies and marks only where those two differ', async () => {
    await useAppStore.getState().setCompare(true);
    await useAppStore.getState().setPair(['local', 'linux']);
    const s = useAppStore.getState();
    expect(activeKeys(s)).toEqual(['local', 'linux']);
    expect(s.frames.local?.cursor).toBe(s.cursor);
    expect(s.frames.linux?.cursor).toBe(s.cursor);
    expect(s.frames.global).toBeUndefined();
    // local and linux agree at the host.bind and the migration, where global or split differ.
    const pairDiffer = differingEvents(s.runs, ['local', 'linux'])!;
    expect(pairDiffer[1]).toBe(0);
    expect(pairDiffer[9]).toBe(0);
    await useAppStore.getState().setPair(null);
    const all = useAppStore.getState();
    expect(activeKeys(all)).toEqual(['global', 'local', 'split', 'linux']);
    const gs = differingEvents(all.runs, ['global', 'split'])!;
    expect(gs[1]).toBe(1);
    expect(gs[9]).toBe(1);
  });

  it('a policy chosen while a scenario opens is the one it shows when it is open', async () => {
    const opening = useAppStore.getState().open(S2.text, { kind: 'bundled', file: S2.file }, { step: 3 });
    await useAppStore.getState().setPolicy('local');
    expect(await opening).toBe(true);
    const s = useAppStore.getState();
    expect(s.policy).toBe('local');
    expect(s.runs.local?.length).toBe(s.scenario?.events);
    expect(s.frames.local?.cursor).toBe(3);
  });

  it('keeps no outcome objects: outcome columns, and the frame’s one outcome', async () => {
    useAppStore.getState().seek(10);
    await new Promise((r) => setTimeout(r, 0));
    const s = useAppStore.getState();
    expect(s.runs.declared!.columns.code).toBeInstanceOf(Uint8Array);
    expect(s.frames.declared!.outcome).toMatchObject({ index: 9, op: 'migrate' });
    expect(s.frames.declared!.event).toMatchObject({ op: 'migrate' });
    expect('outcomes' in s.runs.declared!).toBe(false);
  });

  it('plays from the start when asked to play at the end', () => {
    const s = useAppStore.getState();
    s.seek(10);
    s.setPlaying(true);
    expect(useAppStore.getState().cursor).toBe(0);
    expect(useAppStore.getState().playing).toBe(true);
    s.seek(10);
    useAppStore.getState().step(1);
    expect(useAppStore.getState().playing).toBe(false);
  });

  it('a progress report that arrives after the answer does not bring the opening status back', async () => {
    // Reports come by a port of their own, so one may trail the answer: this engine sends one late.
    const late = (): Engine => {
      const e = createPageEngine();
      const wrap = <A extends unknown[], R>(f: (...a: [...A, { onProgress?: (p: Progress) => void }?]) => Promise<R>) =>
        async (...a: [...A, { onProgress?: (p: Progress) => void }?]) => {
          const opts = a[a.length - 1] as { onProgress?: (p: Progress) => void } | undefined;
          const r = await f(...a);
          setTimeout(() => opts?.onProgress?.({ phase: 'done', done: 1, total: 1, elapsedMs: 1, etaMs: null }), 0);
          return r;
        };
      return { ...e, open: wrap(e.open.bind(e)) as Engine['open'], ensure: wrap(e.ensure.bind(e)) as Engine['ensure'] };
    };
    setEngineFactory(late);
    try {
      expect(await useAppStore.getState().open(S1.text, { kind: 'bundled', file: S1.file }, { step: 0 })).toBe(true);
      await useAppStore.getState().setPolicy('global');
      await new Promise((r) => setTimeout(r, 20));
      expect(useAppStore.getState().opening).toBeNull();
    } finally {
      setEngineFactory(createEngine);
    }
  });
});

