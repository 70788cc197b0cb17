/**
 * What the page shows and how: the selection (a process, reached from one of its cells or
 * by name), presenter mode (and its blanked screen), the side column, the scenario editor
 * beside the maps, the state table in place of the maps, and the keyboard help.
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
  /** presenter mode's black screen (a clicker's blank key); never in a link */
  blank: boolean;
  /** the side column (details, checks, legend) */
  details: boolean;
  /** the scenario text editor beside the maps */
  editorOpen: boolean;
  /** the state at the step as tables, in place of the maps */
  stateTableOpen: boolean;
  /** the dialog listing every key */
  keyHelpOpen: boolean;
  select(sel: Selection | null): void;
  setPresenter(on: boolean): void;
  setBlank(on: boolean): void;
  setDetails(on: boolean): void;
  setEditorOpen(on: boolean): void;
  setStateTableOpen(on: boolean): void;
  setKeyHelpOpen(on: boolean): void;
}

export function createViewSlice(set: SetState): ViewSlice {
  return {
    selection: null,
    presenter: false,
    blank: false,
    details: true,
    editorOpen: false,
    stateTableOpen: false,
    keyHelpOpen: false,
    select: (selection) => set({ selection }, false, 'view/select'),
    // Leaving presenter mode never leaves the screen black.
    setPresenter: (presenter) => set(presenter ? { presenter } : { presenter, blank: false }, false, 'view/presenter'),
    setBlank: (blank) => set({ blank }, false, 'view/blank'),
    setDetails: (details) => set({ details }, false, 'view/details'),
    setEditorOpen: (editorOpen) => set({ editorOpen }, false, 'view/editor'),
    setStateTableOpen: (stateTableOpen) => set({ stateTableOpen }, false, 'view/state-table'),
    setKeyHelpOpen: (keyHelpOpen) => set({ keyHelpOpen }, false, 'view/key-help'),
  };
}
