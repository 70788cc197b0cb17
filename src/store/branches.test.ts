import { describe, expect, it } from 'vitest';
import {
  BRANCHES_MAX,
  HISTORY_STEPS,
  commitEdit,
  currentBranch,
  editForks,
  firstChangedEvent,
  nameProblem,
  newBranchSet,
  redo,
  removeBranch,
  renameBranch,
  switchBranch,
  undo,
  type BranchSet,
} from './branches.ts';

const ok = (r: ReturnType<typeof commitEdit>): BranchSet => {
  if (!r.ok) throw new Error(r.reason);
  return r.set;
};

describe('branches', () => {
  it('an edit in place keeps the old text for undo, and redo brings the new one back', () => {
    let s = ok(commitEdit(newBranchSet('A'), 'B'));
    expect(currentBranch(s).text).toBe('B');
    s = undo(s)!;
    expect(currentBranch(s).text).toBe('A');
    expect(undo(s)).toBeNull();
    s = redo(s)!;
    expect(currentBranch(s).text).toBe('B');
    expect(redo(s)).toBeNull();
  });

  it('a new edit after an undo drops the redo steps of that branch only', () => {
    let s = ok(commitEdit(newBranchSet('A'), 'B'));
    s = undo(s)!;
    s = ok(commitEdit(s, 'C'));
    expect(redo(s)).toBeNull();
    expect(currentBranch(s).past).toEqual(['A']);
  });

  it('forking keeps the old future as its own branch, untouched', () => {
    const root = ok(commitEdit(newBranchSet('A'), 'B'));
    const r = commitEdit(root, 'F', { step: 9 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.set.branches).toHaveLength(2);
    const [main, fork] = r.set.branches;
    expect(main).toEqual(root.branches[0]);
    expect(fork).toMatchObject({ text: 'F', forkStep: 9, parent: main.id, past: ['B'], name: 'main @ step 9' });
    expect(r.set.current).toBe(fork.id);
    // Undo on the fork goes back to the parent's text on the fork; the parent stays.
    const u = undo(r.set)!;
    expect(currentBranch(u).text).toBe('B');
    expect(u.branches).toHaveLength(2);
  });

  it('names forks uniquely and refuses bad names', () => {
    let s = newBranchSet('A');
    s = ok(commitEdit(s, 'B', { step: 1 }));
    s = switchBranch(s, 'b1')!;
    s = ok(commitEdit(s, 'C', { step: 1 }));
    expect(s.branches.map((b) => b.name)).toEqual(['main', 'main @ step 1', 'main @ step 1 2']);
    expect(nameProblem(s, '  ')).toMatch(/needs a name/);
    expect(nameProblem(s, 'main')).toMatch(/already/);
    expect(nameProblem(s, 'a\u202eb')).toMatch(/invisible/);
    expect(nameProblem(s, 'x'.repeat(81))).toMatch(/at most 80/);
    expect(nameProblem(s, '__proto__')).toBeNull();
    const r = renameBranch(s, 'b2', '  __proto__ ');
    expect(r.ok && r.set.branches[1].name).toBe('__proto__');
    expect(renameBranch(s, 'b2', 'main').ok).toBe(false);
    expect(renameBranch(s, 'b1', 'main').ok).toBe(true);
  });

  it('bounds the history and the number of branches', () => {
    let s = newBranchSet('0');
    for (let i = 1; i <= HISTORY_STEPS + 20; i++) s = ok(commitEdit(s, String(i)));
    expect(currentBranch(s).past).toHaveLength(HISTORY_STEPS);
    expect(currentBranch(s).past[0]).toBe('20');
    for (let i = 1; i < BRANCHES_MAX; i++) s = ok(commitEdit(s, `f${i}`, { step: 0 }));
    const r = commitEdit(s, 'one too many', { step: 0 });
    expect(r.ok).toBe(false);
    expect(s.branches).toHaveLength(BRANCHES_MAX);
  });

  it('deletes only what is asked, never the last branch, and reparents children', () => {
    let s = ok(commitEdit(newBranchSet('A'), 'B', { step: 2 }));
    s = ok(commitEdit(s, 'C', { step: 3 }));
    expect(s.branches.map((b) => b.parent)).toEqual([null, 'b1', 'b2']);
    const d = removeBranch(s, 'b2')!;
    expect(d.branches.map((b) => b.id)).toEqual(['b1', 'b3']);
    expect(d.branches[1].parent).toBe('b1');
    const cur = removeBranch(d, 'b3')!;
    expect(cur.current).toBe('b1');
    expect(removeBranch(cur, 'b1')).toBeNull();
    expect(removeBranch(cur, 'nope')).toBeNull();
  });

  it('forks only for a change before the end', () => {
    expect(editForks('insert', 10, 10)).toBe(false);
    expect(editForks('insert', 9, 10)).toBe(true);
    expect(editForks('replace', 9, 10)).toBe(true);
    expect(editForks('delete', 9, 10)).toBe(true);
    expect(editForks('delete', 0, 10)).toBe(true);
    expect(editForks('topology', null, 10)).toBe(false);
  });

  it('an editor text forks at the first event it changes, never for an append or a layout change', () => {
    const a = { op: 'guest.alloc', vm: 'vm1', process: 'p1' };
    const b = { op: 'migrate', vm: 'vm1', to: 'B' };
    expect(firstChangedEvent([a, b], [a, b])).toBeNull();
    expect(firstChangedEvent([a, b], [a, b, a])).toBeNull();
    expect(firstChangedEvent([a, b], [a, { ...b, to: 'C' }])).toBe(1);
    expect(firstChangedEvent([a, b], [b, a])).toBe(0);
    // The last event deleted: its outcome was a future too.
    expect(firstChangedEvent([a, b], [a])).toBe(1);
    expect(firstChangedEvent([a, b], [])).toBe(0);
  });
});
