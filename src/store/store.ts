/**
 * The one store (DESIGN.md convention 5): slices for the scenario, the runs, the cursor
 * and the view, combined at the root with devtools middleware and named actions.
 * Everything in it is plain data; the engines live beside it, not in it.
 */
import { create } from 'zustand';
import { devtools } from 'zustand/middleware';
import type { InputProblem, Scenario } from '../core/scenario/index.ts';
import { POLICY_KINDS, type Holder, type Snapshot, type SpaceRef } from '../core/model/types.ts';
import { createInProcessEngine, errorText, type Engine, type PolicyChoice, type RunSummary } from '../worker/engine.ts';
import type { Source } from './url-hash.ts';
import { createJobsSlice, type JobsSlice } from './jobs-slice.ts';

export type { Source } from './url-hash.ts';
export type RunKey = PolicyChoice;

/** The state after the cursor (and before it, for migration and freed cells) under one run. */
export interface Frame {
  cursor: number;
  snap: Snapshot;
  /** the state one event earlier, null at cursor 0 */
  prev: Snapshot | null;
}

/** What is selected: a process (guest or host), reached from one of its PASIDs or by name. */
export interface Selection {
  holder: Holder;
  /** the cell that was clicked, if any */
  at?: { space: SpaceRef; pasid: number };
}

export interface ScenarioSlice {
  source: Source | null;
  text: string | null;
  scenario: Scenario | null;
  /** the last input that was refused, with its problems; the current scenario stays */
  rejected: { name: string; problems: InputProblem[] } | null;
  /** a message about the page itself (a damaged link, an engine failure) */
  notice: string | null;
  loading: boolean;
}

export interface RunSlice {
  policy: PolicyChoice;
  compare: boolean;
  runs: Partial<Record<RunKey, RunSummary>>;
  frames: Partial<Record<RunKey, Frame>>;
}

export interface CursorSlice {
  cursor: number;
  playing: boolean;
  /** steps per second */
  speed: number;
}

export interface ViewSlice {
  selection: Selection | null;
  presenter: boolean;
  /** the side column (details, checks, legend) */
  details: boolean;
  /** the scenario text editor beside the maps */
  editorOpen: boolean;
}

export interface OpenOptions {
  step?: number;
  policy?: PolicyChoice;
  compare?: boolean;
  /** a selection from a link; dropped (with a notice) when the scenario has no such process */
  selection?: Selection | null;
}

export interface Actions {
  open(text: string, source: Source, opts?: OpenOptions): Promise<boolean>;
  dismissRejected(): void;
  setNotice(message: string | null): void;
  setPolicy(p: PolicyChoice): Promise<void>;
  setCompare(on: boolean): Promise<void>;
  seek(cursor: number): void;
  step(delta: number): void;
  setPlaying(on: boolean): void;
  setSpeed(speed: number): void;
  select(sel: Selection | null): void;
  setPresenter(on: boolean): void;
  setDetails(on: boolean): void;
  setEditorOpen(on: boolean): void;
}

export type AppState = ScenarioSlice & RunSlice & CursorSlice & ViewSlice & Actions & JobsSlice;

// ---------------------------------------------------------------------------
// Engines: one per run key, outside the store (they are not data).

let engineFactory: () => Engine = createInProcessEngine;
let engines = new Map<RunKey, Engine>();

/** Swap the engine implementation (tests, and the worker engine later). */
export function setEngineFactory(f: () => Engine): void {
  engineFactory = f;
}

export function activeKeys(s: Pick<RunSlice, 'policy' | 'compare'>): RunKey[] {
  return s.compare ? [...POLICY_KINDS] : [s.policy];
}

async function loadRuns(
  text: string,
  keys: RunKey[],
  pool: Map<RunKey, Engine>,
): Promise<{ ok: true; runs: Partial<Record<RunKey, RunSummary>> } | { ok: false; problems: InputProblem[] }> {
  const runs: Partial<Record<RunKey, RunSummary>> = {};
  for (const k of keys) {
    const e = engineFactory();
    const r = await e.load(text, k);
    if (!r.ok) {
      e.dispose();
      return { ok: false, problems: r.problems };
    }
    pool.set(k, e);
    runs[k] = r.run;
  }
  return { ok: true, runs };
}

async function loadFrames(pool: Map<RunKey, Engine>, keys: RunKey[], cursor: number): Promise<Partial<Record<RunKey, Frame>>> {
  const out: Partial<Record<RunKey, Frame>> = {};
  await Promise.all(
    keys.map(async (k) => {
      const e = pool.get(k);
      if (!e) return;
      const [snap, prev] = await Promise.all([e.snapshot(cursor), cursor > 0 ? e.snapshot(cursor - 1) : Promise.resolve(null)]);
      out[k] = { cursor, snap, prev };
    }),
  );
  return out;
}

/**
 * Whether a selection names a process of the scenario (one its events name) and, if it
 * has a cell, a space the scenario has. A link is outside input: checked before use.
 */
export function selectionFits(scenario: Scenario, sel: Selection): boolean {
  const h = sel.holder;
  const named = scenario.events.some((e) => {
    const ev = e as { vm?: string; host?: string; process?: string };
    return ev.process === h.process && (h.type === 'guest' ? ev.vm === h.vm : ev.host === h.host && ev.vm === undefined);
  });
  if (!named) return false;
  const sp = sel.at?.space;
  if (!sp) return true;
  if (sp.kind === 'guest') return scenario.vms.some((v) => v.id === sp.vm);
  const host = scenario.hosts.find((x) => x.id === sp.host);
  return !!host && (sp.kind === 'g' || host.functions.some((f) => f.rid === sp.rid));
}

function lengthOf(runs: Partial<Record<RunKey, RunSummary>>): number {
  for (const r of Object.values(runs)) if (r) return r.length;
  return 0;
}

let openGen = 0;
let frameGen = 0;

export const useAppStore = create<AppState>()(
  devtools(
    (set, get) => {
      /** Fetch the frames for the current cursor; late answers for an older cursor are dropped. */
      const refreshFrames = async () => {
        const gen = ++frameGen;
        const s = get();
        try {
          const frames = await loadFrames(engines, activeKeys(s), s.cursor);
          if (gen === frameGen) set({ frames }, false, 'frames/loaded');
        } catch (e) {
          if (gen === frameGen) set({ notice: `Could not compute the state at step ${s.cursor}: ${errorText(e)}` }, false, 'frames/failed');
        }
      };

      const ensureRuns = async (keys: RunKey[]) => {
        const s = get();
        if (s.text === null) return;
        const missing = keys.filter((k) => !s.runs[k]);
        if (missing.length === 0) return;
        const pool = new Map<RunKey, Engine>();
        const r = await loadRuns(s.text, missing, pool);
        if (!r.ok) {
          // The text was accepted before, so this is an engine failure.
          set({ notice: r.problems.map((p) => p.message).join('; ') }, false, 'runs/failed');
          return;
        }
        for (const [k, e] of pool) engines.set(k, e);
        set((st) => ({ runs: { ...st.runs, ...r.runs } }), false, 'runs/loaded');
      };

      return {
        ...createJobsSlice(set, get),
        source: null,
        text: null,
        scenario: null,
        rejected: null,
        notice: null,
        loading: false,
        policy: 'declared',
        compare: false,
        runs: {},
        frames: {},
        cursor: 0,
        playing: false,
        speed: 1,
        selection: null,
        presenter: false,
        details: true,
        editorOpen: false,

        async open(text, source, opts = {}) {
          const gen = ++openGen;
          const policy = opts.policy ?? get().policy;
          const compare = opts.compare ?? get().compare;
          const keys = activeKeys({ policy, compare });
          set({ loading: true }, false, 'scenario/opening');
          const pool = new Map<RunKey, Engine>();
          const r = await loadRuns(text, keys, pool);
          if (gen !== openGen) {
            for (const e of pool.values()) e.dispose();
            return false;
          }
          if (!r.ok) {
            for (const e of pool.values()) e.dispose();
            const name = source.kind === 'bundled' ? source.file : source.name;
            set({ rejected: { name, problems: r.problems }, loading: false }, false, 'scenario/rejected');
            return false;
          }
          const length = lengthOf(r.runs);
          const cursor = Math.max(0, Math.min(length, opts.step ?? 0));
          let frames: Partial<Record<RunKey, Frame>>;
          try {
            frames = await loadFrames(pool, keys, cursor);
          } catch (e) {
            for (const en of pool.values()) en.dispose();
            set({ notice: `Could not compute the state of this scenario: ${errorText(e)}`, loading: false }, false, 'scenario/failed');
            return false;
          }
          if (gen !== openGen) {
            for (const e of pool.values()) e.dispose();
            return false;
          }
          for (const e of engines.values()) e.dispose();
          engines = pool;
          frameGen++;
          const scenario = Object.values(r.runs)[0]!.scenario;
          const wanted = opts.selection ?? null;
          const selection = wanted && selectionFits(scenario, wanted) ? wanted : null;
          if (wanted && !selection) {
            const h = wanted.holder;
            const who = h.type === 'host' ? `host ${h.host} · ${h.process}` : `${h.vm} · ${h.process}`;
            set({ notice: `This link selects ${who}, which this scenario does not have; nothing is selected.` }, false, 'scenario/notice');
          }
          set(
            {
              source,
              text,
              scenario,
              runs: r.runs,
              frames,
              cursor,
              policy,
              compare,
              playing: false,
              selection,
              rejected: null,
              loading: false,
            },
            false,
            'scenario/open',
          );
          return true;
        },

        dismissRejected: () => set({ rejected: null }, false, 'scenario/dismissRejected'),
        setNotice: (notice) => set({ notice }, false, 'scenario/notice'),

        async setPolicy(policy) {
          set({ policy }, false, 'run/policy');
          await ensureRuns(activeKeys(get()));
          await refreshFrames();
        },

        async setCompare(compare) {
          set({ compare }, false, 'run/compare');
          await ensureRuns(activeKeys(get()));
          await refreshFrames();
        },

        seek(c) {
          const length = lengthOf(get().runs);
          const cursor = Math.max(0, Math.min(length, Math.round(c)));
          if (cursor === get().cursor) return;
          set({ cursor }, false, 'timeline/seek');
          void refreshFrames();
        },

        step(delta) {
          const s = get();
          const length = lengthOf(s.runs);
          const cursor = Math.max(0, Math.min(length, s.cursor + delta));
          if (cursor === s.cursor) {
            if (s.playing) set({ playing: false }, false, 'timeline/end');
            return;
          }
          set({ cursor }, false, 'timeline/step');
          void refreshFrames();
        },

        setPlaying(on) {
          const s = get();
          // Play from the start when the cursor is at the end.
          if (on && s.cursor >= lengthOf(s.runs)) {
            set({ playing: true, cursor: 0 }, false, 'timeline/play');
            void refreshFrames();
            return;
          }
          set({ playing: on }, false, on ? 'timeline/play' : 'timeline/pause');
        },

        setSpeed: (speed) => set({ speed }, false, 'timeline/speed'),
        select: (selection) => set({ selection }, false, 'view/select'),
        setPresenter: (presenter) => set({ presenter }, false, 'view/presenter'),
        setDetails: (details) => set({ details }, false, 'view/details'),
        setEditorOpen: (editorOpen) => set({ editorOpen }, false, 'view/editor'),
      };
    },
    // Only where the Redux devtools extension is there to listen (it warns otherwise).
    { name: 'pasidscope', enabled: !!import.meta.env?.DEV && typeof window !== 'undefined' && '__REDUX_DEVTOOLS_EXTENSION__' in window },
  ),
);

/** The number of events of the loaded scenario. */
export function useLength(): number {
  return useAppStore((s) => lengthOf(s.runs));
}

/** The run shown when not comparing. */
export function mainRun(s: Pick<AppState, 'runs' | 'policy'>): RunSummary | undefined {
  return s.runs[s.policy];
}
