/**
 * The one store (DESIGN.md convention 5): slices for the scenario, its runs, the cursor,
 * the view and the Workloads panel's jobs, each in its own file, combined here with the
 * devtools middleware and named actions (`'timeline/step'`). Everything in it is plain
 * data; the engines live beside it (engines.ts).
 */
import { create } from 'zustand';
import { devtools } from 'zustand/middleware';
import type { RunInfo } from '../worker/engine.ts';
import { createJobsSlice, type JobsSlice } from './jobs-slice.ts';
import { createScenarioSlice, type ScenarioSlice } from './scenario-slice.ts';
import { createRunSlice, refreshFrames, type RunSlice } from './run-slice.ts';
import { CURSOR_START, cursorControl, type CursorControl, type CursorState } from './cursor-slice.ts';
import { createViewSlice, type ViewSlice } from './view-slice.ts';
import { createBranchSlice, type BranchSlice } from './branch-slice.ts';
import { createSearchSlice, type SearchSlice } from './search-slice.ts';
import type { GetState, SetState } from './slice.ts';

export type { Source } from './url-hash.ts';
export type { RunKey } from '../worker/engine.ts';
export type { Frame } from './run-slice.ts';
export type { Selection } from './view-slice.ts';
export type { OpenOptions } from './scenario-slice.ts';
export type { SearchResultState, TouchedCells } from './search-slice.ts';
export { isMatch } from './search-slice.ts';
export { selectionFits } from './scenario-slice.ts';
export { activeKeys, comparedKinds, validPair, type PolicyPair } from './run-keys.ts';
export { setEngineFactory } from './engines.ts';

export type AppState = ScenarioSlice & RunSlice & CursorState & CursorControl & ViewSlice & JobsSlice & BranchSlice & SearchSlice;

/** The number of events of the open scenario. */
export function lengthOf(s: Pick<AppState, 'scenario'>): number {
  return s.scenario?.events ?? 0;
}

export const useAppStore = create<AppState>()(
  devtools(
    (setRaw, getRaw) => {
      const set = setRaw as SetState;
      const get = getRaw as GetState;
      const cursor = cursorControl(
        () => ({ state: get(), length: lengthOf(get()) }),
        (patch, action) => set(patch, false, action),
        () => void refreshFrames(set, get),
      );
      return {
        ...createJobsSlice(set, get),
        ...createScenarioSlice(set, get),
        ...createRunSlice(set, get),
        ...CURSOR_START,
        ...cursor,
        ...createViewSlice(set),
        ...createBranchSlice(set, get),
        ...createSearchSlice(set, get),
      };
    },
    // Only where the Redux devtools extension is there to listen (it warns otherwise).
    { name: 'pasidscope', enabled: !!import.meta.env?.DEV && typeof window !== 'undefined' && '__REDUX_DEVTOOLS_EXTENSION__' in window },
  ),
);

/** The number of events of the open scenario. */
export function useLength(): number {
  return useAppStore((s) => lengthOf(s));
}

/** The run shown when not comparing. */
export function mainRun(s: Pick<AppState, 'runs' | 'policy'>): RunInfo | undefined {
  return s.runs[s.policy];
}
