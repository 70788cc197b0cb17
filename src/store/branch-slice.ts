/**
 * Branches of the open scenario in the store: the set (branches.ts), edits that keep an
 * undo history and fork when they change an event before the end, switching, renaming,
 * deleting, and comparing the open branch with another one on a second engine session
 * (branch-compare.ts). Every text goes onto the page through `open`, so the maps, the
 * editor pane, the link and the recent store follow; an edit the parser refuses changes
 * no branch (its problems are returned to the form that made it).
 */
import type { InputProblem } from '../core/scenario/index.ts';
import {
  commitEdit,
  currentBranch,
  branchById,
  redo,
  removeBranch,
  renameBranch,
  switchBranch,
  undo,
  type BranchSet,
} from './branches.ts';
import { closeBranchCompare, openBranchCompare, type BranchCompare } from './branch-compare.ts';
import { saveBranchSet } from './branch-persist.ts';
import type { GetState, SetState } from './slice.ts';
import type { Source } from './url-hash.ts';

export interface BranchSlice {
  /** the branches of the open scenario (null before one opens) */
  branchSet: BranchSet | null;
  /** the name the scenario came in under (branch texts open as “NAME (edited)”) */
  branchBase: string;
  /** the id under which the set is kept in the recent store */
  branchSetId: string | null;
  /** the source and text the scenario came in with: a branch with that very text opens under it (a bundled file stays named) */
  branchOrigin: { source: Source; text: string } | null;
  /** the other branch shown beside the open one, with its run at the cursor */
  branchCompare: BranchCompare | null;
  /**
   * Put a new text on the current branch (or on a new branch forked at `fork.step`) and open
   * it at `step`. Resolves with the parser's problems when it refuses the text.
   */
  applyEdit(text: string, opts: { step: number; fork?: { step: number; name?: string } }): Promise<{ ok: true } | { ok: false; problems: InputProblem[] }>;
  undoEdit(): Promise<boolean>;
  redoEdit(): Promise<boolean>;
  openBranch(id: string): Promise<boolean>;
  /** null when renamed, else why not */
  renameBranchTo(id: string, name: string): string | null;
  deleteBranch(id: string): Promise<boolean>;
  compareBranch(id: string | null): Promise<void>;
  /** Replace the set (a branch file read back, a kept set found again) and open its current branch. */
  adoptBranchSet(set: BranchSet, id: string | null, base: string, open: boolean, origin?: { source: Source; text: string }): Promise<boolean>;
}

/** The source a branch's text opens under: the scenario's name, marked as edited. */
export function branchSource(base: string, text: string): Source {
  return { kind: 'inline', name: base.endsWith(' (edited)') ? base : `${base} (edited)`, text, from: 'edit' };
}

export function createBranchSlice(set: SetState, get: GetState): BranchSlice {
  /** Make `next` the set and open its current branch; on refusal the set goes back. */
  async function openSet(next: BranchSet, step: number): Promise<{ ok: true } | { ok: false; problems: InputProblem[] }> {
    const before = get().branchSet;
    const text = currentBranch(next).text;
    set({ branchSet: next }, false, 'branches/set');
    const s = get();
    const source = s.branchOrigin?.text === text ? s.branchOrigin.source : branchSource(s.branchBase, text);
    const ok = await s.open(text, source, { step, selection: s.selection });
    if (!ok) {
      if (get().branchSet === next) set({ branchSet: before }, false, 'branches/refused');
      const r = get().rejected;
      return { ok: false, problems: r?.problems ?? [{ path: '', message: 'the scenario could not be opened' }] };
    }
    persist();
    await refreshCompare();
    return { ok: true };
  }

  function persist() {
    const s = get();
    if (s.branchSet && s.branchSetId) saveBranchSet(s.branchSetId, s.branchBase, s.scenario?.title ?? s.branchBase, s.branchSet);
  }

  async function refreshCompare() {
    const c = get().branchCompare;
    if (c) await get().compareBranch(c.id);
  }

  return {
    branchSet: null,
    branchBase: 'scenario.json',
    branchSetId: null,
    branchOrigin: null,
    branchCompare: null,

    async applyEdit(text, { step, fork }) {
      const s = get();
      if (!s.branchSet) return { ok: false, problems: [{ path: '', message: 'no scenario is open' }] };
      const r = commitEdit(s.branchSet, text, fork);
      if (!r.ok) return { ok: false, problems: [{ path: '', message: r.reason }] };
      return openSet(r.set, step);
    },

    async undoEdit() {
      const s = get();
      const next = s.branchSet && undo(s.branchSet);
      return !!next && (await openSet(next, s.cursor)).ok;
    },

    async redoEdit() {
      const s = get();
      const next = s.branchSet && redo(s.branchSet);
      return !!next && (await openSet(next, s.cursor)).ok;
    },

    async openBranch(id) {
      const s = get();
      const next = s.branchSet && switchBranch(s.branchSet, id);
      if (!next) return false;
      if (s.branchCompare?.id === id) await get().compareBranch(s.branchSet!.current);
      return (await openSet(next, s.cursor)).ok;
    },

    renameBranchTo(id, name) {
      const s = get();
      if (!s.branchSet) return 'no scenario is open';
      const r = renameBranch(s.branchSet, id, name);
      if (!r.ok) return r.reason;
      set({ branchSet: r.set }, false, 'branches/rename');
      const c = get().branchCompare;
      if (c?.id === id) set({ branchCompare: { ...c, name: name.trim() } }, false, 'branches/compareName');
      persist();
      return null;
    },

    async deleteBranch(id) {
      const s = get();
      const next = s.branchSet && removeBranch(s.branchSet, id);
      if (!next) return false;
      if (s.branchCompare?.id === id) await get().compareBranch(null);
      if (next.current === s.branchSet!.current) {
        set({ branchSet: next }, false, 'branches/delete');
        persist();
        return true;
      }
      return (await openSet(next, s.cursor)).ok;
    },

    async compareBranch(id) {
      const s = get();
      const b = id !== null && s.branchSet ? branchById(s.branchSet, id) : undefined;
      if (!b || b.id === s.branchSet?.current) {
        closeBranchCompare();
        set({ branchCompare: null }, false, 'branches/compareOff');
        return;
      }
      if (s.compare) await s.setCompare(false);
      await openBranchCompare(b, set, get);
    },

    async adoptBranchSet(next, id, base, open, origin) {
      set({ branchSet: next, branchSetId: id, branchBase: base, branchCompare: null, branchOrigin: origin ?? null }, false, 'branches/adopt');
      closeBranchCompare();
      if (!open) return true;
      const r = await openSet(next, get().cursor);
      return r.ok;
    },
  };
}
