/**
 * The runs of the open scenario: which policy the view shows (or all four side by side, or
 * an A/B pair of two),
 * each run's outcome columns and checks, and the frame each shows at the cursor. The
 * frames are fetched from the engine when the cursor or the runs change; a late answer
 * for an older cursor is dropped.
 */
import type { Holder } from '../core/model/types.ts';
import { activeKeys, type PolicyPair } from './run-keys.ts';
import type { Progress } from '../worker/workload-types.ts';
import { errorText, type FrameData, type PolicyChoice, type RunInfo, type RunKey } from '../worker/engine.ts';
import { withSessionEngine } from './session-calls.ts';
import type { GetState, SetState } from './slice.ts';

export type Frame = FrameData;

export interface RunSlice {
  policy: PolicyChoice;
  compare: boolean;
  /** in compare mode, two policies side by side (A/B) instead of the four */
  pair: PolicyPair | null;
  runs: Partial<Record<RunKey, RunInfo>>;
  frames: Partial<Record<RunKey, Frame>>;
  setPolicy(p: PolicyChoice): Promise<void>;
  setCompare(on: boolean): Promise<void>;
  /** Show two policies (or, with null, the four) when comparing. */
  setPair(pair: PolicyPair | null): Promise<void>;
  /** The events that touched `holder` under the run the view shows (an index built in the engine). */
  touching(holder: Holder): Promise<Int32Array>;
}

export { activeKeys, comparedKinds, type PolicyPair } from './run-keys.ts';

let frameGen = 0;

/** Fetch the frames at the store's cursor for the runs it shows; a late answer for an older cursor is dropped. */
export async function refreshFrames(set: SetState, get: GetState): Promise<void> {
  const gen = ++frameGen;
  const s = get();
  const keys = activeKeys(s).filter((k) => s.runs[k]);
  try {
    const got = await withSessionEngine(get, set, (e) => Promise.all(keys.map((k) => e.frame(k, s.cursor))));
    if (gen !== frameGen) return;
    const frames: Partial<Record<RunKey, Frame>> = {};
    keys.forEach((k, i) => (frames[k] = got[i]));
    set({ frames }, false, 'frames/loaded');
  } catch (e) {
    if (gen === frameGen) set({ notice: `Could not compute the state at step ${s.cursor}: ${errorText(e)}` }, false, 'frames/failed');
  }
}

/** Drop every frame answer in flight (a new scenario replaces them). */
export function forgetFrames(): void {
  frameGen++;
}

/** Build the runs the view shows that are missing. */
async function ensureRuns(set: SetState, get: GetState): Promise<void> {
  const s = get();
  if (s.text === null || s.loading) return;
  const missing = activeKeys(s).filter((k) => !s.runs[k]);
  if (missing.length === 0) return;
  const name = s.scenario?.title ?? 'the scenario';
  const chars = s.text.length;
  // A report may arrive after the answer (it comes by a port of its own): once answered, it is dropped.
  let answered = false;
  const onProgress = (progress: Progress) => {
    if (!answered && get().opening?.verb !== 'Opening') set({ opening: { verb: 'Running', name, chars, progress } }, false, 'runs/progress');
  };
  try {
    const got = await withSessionEngine(get, set, (e) => e.ensure(missing, { onProgress }));
    set((st) => ({ runs: { ...st.runs, ...Object.fromEntries(got.map((r) => [r.key, r])) } }), false, 'runs/loaded');
  } catch (e) {
    set({ notice: `Could not run this scenario under ${missing.join(', ')}: ${errorText(e)}` }, false, 'runs/failed');
  } finally {
    answered = true;
    if (get().opening?.verb === 'Running') set({ opening: null }, false, 'runs/built');
  }
}

export function createRunSlice(set: SetState, get: GetState): RunSlice {
  return {
    policy: 'declared',
    compare: false,
    pair: null,
    runs: {},
    frames: {},
    async setPolicy(policy) {
      set({ policy }, false, 'run/policy');
      // While a scenario opens, it takes the latest choice when it is done.
      if (get().loading) return;
      await ensureRuns(set, get);
      await refreshFrames(set, get);
    },
    async setCompare(compare) {
      set({ compare }, false, 'run/compare');
      if (get().loading) return;
      await ensureRuns(set, get);
      await refreshFrames(set, get);
    },
    async setPair(pair) {
      set({ pair }, false, 'run/pair');
      if (get().loading) return;
      await ensureRuns(set, get);
      await refreshFrames(set, get);
    },
    touching(holder) {
      const s = get();
      const key = s.compare ? 'split' : s.policy;
      return withSessionEngine(get, set, (e) => e.touching(key, holder));
    },
  };
}
