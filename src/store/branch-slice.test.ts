import { beforeEach, describe, expect, it } from 'vitest';
import { bundledByFile } from './bundled.ts';
import { useAppStore } from './store.ts';
import { newBranchSet, currentBranch } from './branches.ts';
import { findBranchSet, putBranchSet } from './branch-persist.ts';
import { openRecentStore } from './recent-scenarios.ts';
import { branchDiffer } from '../ui/branches/branch-differ.ts';
import { chipAt } from '../ui/selectors.ts';

const S1 = bundledByFile('s1-vf-migration-busy-destination.json')!;
/** S1 with the migration's device placed on B's accelerator PF, which does not fit a VF. */
const forkedText = () => {
  const d = JSON.parse(S1.text) as { events: Record<string, unknown>[] };
  d.events[9] = { ...d.events[9], map: { nic0: '0000:5e:00.0' } };
  return JSON.stringify(d, null, 2);
};
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('branch slice', () => {
  beforeEach(async () => {
    useAppStore.setState({ policy: 'declared', compare: false, rejected: null, notice: null, branchCompare: null });
    expect(await useAppStore.getState().open(S1.text, { kind: 'bundled', file: S1.file }, { step: 10 })).toBe(true);
    await useAppStore.getState().adoptBranchSet(newBranchSet(S1.text), null, S1.file, false);
  });

  it('forks, keeps the old branch, switches back, undoes and redoes', async () => {
    const s = useAppStore.getState();
    expect(await s.applyEdit(forkedText(), { step: 10, fork: { step: 9 } })).toEqual({ ok: true });
    let st = useAppStore.getState();
    expect(st.branchSet!.branches.map((b) => b.name)).toEqual(['main', 'main @ step 9']);
    expect(chipAt(st.runs.declared, 9)).toBe('ENODEV');
    expect(st.text).toBe(forkedText());
    expect(st.cursor).toBe(10);
    expect(await st.openBranch('b1')).toBe(true);
    st = useAppStore.getState();
    expect(st.text).toBe(S1.text);
    expect(chipAt(st.runs.declared, 9)).toBe('ok');
    expect(await st.openBranch('b2')).toBe(true);
    expect(await useAppStore.getState().undoEdit()).toBe(true);
    expect(useAppStore.getState().text).toBe(S1.text);
    expect(useAppStore.getState().branchSet!.branches).toHaveLength(2);
    expect(await useAppStore.getState().undoEdit()).toBe(false);
    expect(await useAppStore.getState().redoEdit()).toBe(true);
    expect(useAppStore.getState().text).toBe(forkedText());
  });

  it('changes no branch when the parser refuses the edit, and returns its problems', async () => {
    const bad = S1.text.replace('"op": "migrate"', '"op": "migrate", "bogus": 1');
    const r = await useAppStore.getState().applyEdit(bad, { step: 10, fork: { step: 9 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].path).toMatch(/^events\[9\]/);
    const st = useAppStore.getState();
    expect(st.branchSet!.branches).toHaveLength(1);
    expect(st.text).toBe(S1.text);
  });

  it('compares two branches on one cursor in a second session and marks where they differ', async () => {
    await useAppStore.getState().applyEdit(forkedText(), { step: 10, fork: { step: 9 } });
    await useAppStore.getState().openBranch('b1');
    await useAppStore.getState().compareBranch('b2');
    let st = useAppStore.getState();
    expect(st.branchCompare).toMatchObject({ id: 'b2', status: 'ready', key: 'declared' });
    expect(st.branchCompare!.frame!.cursor).toBe(10);
    expect(st.branchCompare!.frame!.outcome?.code).toBe('ENODEV');
    expect(st.frames.declared!.outcome?.ok).toBe(true);
    expect([...branchDiffer(st.runs.declared, st.branchCompare!.run)!]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    // Comparing a branch with itself is no comparison.
    await st.compareBranch('b1');
    expect(useAppStore.getState().branchCompare).toBeNull();
    await useAppStore.getState().compareBranch('b2');
    st = useAppStore.getState();
    expect(st.renameBranchTo('b2', 'what if')).toBeNull();
    expect(useAppStore.getState().branchCompare?.name).toBe('what if');
    expect(st.renameBranchTo('b2', 'main')).toMatch(/already/);
    expect(await useAppStore.getState().deleteBranch('b2')).toBe(true);
    await settle();
    expect(useAppStore.getState().branchCompare).toBeNull();
    expect(useAppStore.getState().branchSet!.branches).toHaveLength(1);
  });
});

describe('kept branch sets', () => {
  it('finds the set that has a branch with the text, whatever its layout, and ignores damaged entries', async () => {
    const store = await openRecentStore({ prefer: ['memory'] });
    const set = { ...newBranchSet(S1.text), branches: [...newBranchSet(S1.text).branches, { ...newBranchSet(forkedText()).branches[0], id: 'b2', name: 'fork', forkStep: 9, parent: 'b1' }], current: 'b2' };
    expect(await putBranchSet(store, 'branches-x', 'S1 — branches', 'S1', set)).toBeNull();
    await store.put({ id: 'branches-bad', text: '{"format":"pasidscope-branches/1","branches":"no"}', name: 'bad', title: 'bad', source: 'edit' });
    const found = await findBranchSet(store, JSON.stringify(JSON.parse(forkedText())));
    expect(found?.id).toBe('branches-x');
    expect(found?.base).toBe('S1');
    expect(currentBranch(found!.set).name).toBe('fork');
    const other = await findBranchSet(store, S1.text);
    expect(currentBranch(other!.set).name).toBe('main');
    expect(await findBranchSet(store, '{"format":"pasidscope/1"}')).toBeNull();
  });
});
