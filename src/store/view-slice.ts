/**
 * What the page shows and how: the selection (a process, reached from one of its cells or
 * by name), presenter mode, the side column and the scenario editor beside the maps.
 */
import type { Holder, SpaceRef } from '../core/model/types.ts';
import type { SetState } from './slice.ts';

/** What is selected: a process (guest or host), reached from one of its PASIDs or by name. */
export interface Selection {
  holder: Holder;
  /** the cell that was clicked, if any */
  at?: { space: SpaceRef; pasid: number };
}

export interface ViewSlice {
  selection: Selection | null;
  presenter: boolean;
  /** the side column (details, checks, legend) */
  details: boolean;
  /** the scenario text editor beside the maps */
  editorOpen: boolean;
  select(sel: Selection | null): void;
  setPresenter(on: boolean): void;
  setDetails(on: boolean): void;
  setEditorOpen(on: boolean): void;
}

export function createViewSlice(set: SetState): ViewSlice {
  return {
    selection: null,
    presenter: false,
    details: true,
    editorOpen: false,
    select: (selection) => set({ selection }, false, 'view/select'),
    setPresenter: (presenter) => set({ presenter }, false, 'view/presenter'),
    setDetails: (details) => set({ details }, false, 'view/details'),
    setEditorOpen: (editorOpen) => set({ editorOpen }, false, 'view/editor'),
  };
}
