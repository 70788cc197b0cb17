/**
 * Keeps the branch set in step with what the page opens: a scenario that comes in from
 * elsewhere (picker, import, link, recent list) starts a set of one branch — or finds its
 * kept set again, when one has a branch with its text. An edit made in the editor pane that
 * changes an event before the end forks once, like a structured edit, and the pane's later
 * edits change that new branch in place (the editor has its own undo, and one fork per
 * keystroke pause would bury the branch list); closing the pane ends that. Also saves sets to the recent store and moves the compared branch's
 * frame with the cursor.
 */
import { useAppStore } from './store.ts';
import { recentStore } from './recent-sync.ts';
import { parseScenarioText } from '../core/scenario/index.ts';
import { commitEdit, currentBranch, firstChangedEvent, newBranchSet, type BranchSet } from './branches.ts';
import { branchEntryId, findBranchSet, flushBranchSaves, putBranchSet, saveBranchSet, setBranchSaver } from './branch-persist.ts';
import { followCursor } from './branch-compare.ts';
import { quote } from './notice-text.ts';
import type { GetState, SetState } from './slice.ts';
import type { Source } from './url-hash.ts';

const setState: SetState = (p, r, a) => (useAppStore.setState as (p: unknown, r?: false, a?: string) => void)(p, r, a);
const getState: GetState = () => useAppStore.getState();

/** Start following the page; returns the function that stops it. */
export function startBranchSync(): () => void {
  setBranchSaver(async (id, name, title, set) => {
    const reason = await putBranchSet(await recentStore(), id, name, title, set);
    if (reason) getState().setNotice(`The branches of “${quote(name)}” could not be kept in this browser: ${reason}. Export all branches to keep them.`);
  });
  const onHide = () => document.visibilityState === 'hidden' && flushBranchSaves();
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onHide);
  /** the branch the open editor pane forked, which its later edits change in place */
  let editorBranch: string | null = null;
  const stop = useAppStore.subscribe((s, prev) => {
    if (!s.editorOpen) editorBranch = null;
    // The four policies side by side replace a branch comparison; another policy re-runs the other branch.
    if (s.branchCompare && s.compare && !prev.compare) void s.compareBranch(null);
    else if (s.branchCompare && s.policy !== prev.policy) void s.compareBranch(s.branchCompare.id);
    else if (s.branchCompare && s.cursor !== prev.cursor) void followCursor(setState, getState);
    if (s.text === prev.text || s.text === null || !s.scenario) return;
    const bs = s.branchSet;
    if (bs && currentBranch(bs).text === s.text) return;
    const src = s.source;
    // Back and forward in the history, or a link of one of these branches: that branch opens.
    const same = bs?.branches.find((b) => b.text === s.text);
    if (bs && same) {
      setState({ branchSet: { ...bs, current: same.id } }, false, 'branches/found');
      if (s.branchCompare?.id === same.id) void s.compareBranch(null);
      return;
    }
    if (bs && src?.kind === 'inline' && src.name.endsWith(' (edited)')) {
      const cur = currentBranch(bs);
      const before = cur.id === editorBranch ? null : parseScenarioText(cur.text);
      const after = before?.ok ? parseScenarioText(s.text) : null;
      const at = before?.ok && after?.ok ? firstChangedEvent(before.scenario.events, after.scenario.events) : null;
      const r = commitEdit(bs, s.text, at === null ? undefined : { step: at });
      if (!r.ok) {
        s.setNotice(`This edit is open but was not kept as a branch: ${r.reason}.`);
        return;
      }
      if (r.forked) editorBranch = r.forked.id;
      setState({ branchSet: r.set }, false, r.forked ? 'branches/editorFork' : 'branches/editorEdit');
      if (s.branchSetId) saveBranchSet(s.branchSetId, s.branchBase, s.scenario.title, r.set);
      return;
    }
    const base = src?.kind === 'bundled' ? src.file : (src?.name ?? 'scenario.json');
    const fresh = newBranchSet(s.text);
    const origin = src ? { source: src, text: s.text } : undefined;
    void s.adoptBranchSet(fresh, branchEntryId(s.text), base.replace(/ \(edited\)$/, ''), false, origin);
    void findKept(s.text, fresh, origin);
  });
  return () => {
    stop();
    setBranchSaver(null);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onHide);
  };
}

/** A kept set with this text replaces the fresh one, if nothing was edited meanwhile. */
async function findKept(text: string, fresh: BranchSet, origin?: { source: Source; text: string }): Promise<void> {
  const found = await findBranchSet(await recentStore(), text);
  const s = getState();
  if (!found || s.branchSet !== fresh || s.text !== text) return;
  // The page's text is the current branch's exactly (the kept one may be laid out differently).
  const set: BranchSet = { ...found.set, branches: found.set.branches.map((b) => (b.id === found.set.current ? { ...b, text } : b)) };
  await s.adoptBranchSet(set, found.id, found.base, false, origin);
}
