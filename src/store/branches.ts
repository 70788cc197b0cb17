/**
 * Branches of one scenario, as pure data: each is a named scenario text, the step where it
 * forked from its parent, and a bounded undo history of its own texts. The current branch
 * is what the page has open. An edit that changes an event before the end forks: the old
 * future stays, under its own name, as it was; nothing here ever drops a branch but
 * `removeBranch`, which the user asks for by name.
 *
 * Names are user data: branches live in an array and are found by comparison, never by a
 * plain-object key.
 */

/** How many branches one scenario keeps. */
export const BRANCHES_MAX = 32;
/** Undo steps kept per branch. */
export const HISTORY_STEPS = 200;
/** Characters of text kept in one branch's undo history (older steps go first). */
export const HISTORY_CHARS = 32 * 1024 * 1024;
/** The longest branch name. */
export const BRANCH_NAME_MAX = 80;

export interface Branch {
  /** stable within the set (`b1`, `b2`…); never shown */
  id: string;
  name: string;
  text: string;
  /** the step (events before the change) where it left its parent; null for the first branch */
  forkStep: number | null;
  /** the branch it forked from (its id), when that branch still exists */
  parent: string | null;
  /** texts before the current one, oldest first */
  past: string[];
  /** texts undone, the next redo last */
  future: string[];
}

export interface BranchSet {
  branches: Branch[];
  /** the id of the open branch */
  current: string;
}

export function newBranchSet(text: string, name = 'main'): BranchSet {
  return { branches: [{ id: 'b1', name, text, forkStep: null, parent: null, past: [], future: [] }], current: 'b1' };
}

export function currentBranch(set: BranchSet): Branch {
  return set.branches.find((b) => b.id === set.current) ?? set.branches[0];
}

export function branchById(set: BranchSet, id: string): Branch | undefined {
  return set.branches.find((b) => b.id === id);
}

/**
 * Whether an edit at event `index` of a scenario of `length` events changes an event
 * before the end (and so forks): an insert before the last position, or a change or a
 * deletion of any event — the last one's outcome is a future too. Only an event appended
 * at the end, or a topology edit (`index` null), edits in place.
 */
export function editForks(kind: 'insert' | 'replace' | 'delete' | 'topology', index: number | null, length: number): boolean {
  if (kind === 'topology' || index === null) return false;
  return index < length;
}

/**
 * The first event the editor's new text changes, compared with the branch's old one (events
 * as the parser gives them, so layout and key order do not count): null when the new text
 * only appends events or leaves them as they were, so the edit changes nothing before the end.
 */
export function firstChangedEvent(before: readonly unknown[], after: readonly unknown[]): number | null {
  const n = Math.min(before.length, after.length);
  for (let i = 0; i < n; i++) if (JSON.stringify(before[i]) !== JSON.stringify(after[i])) return i;
  return after.length >= before.length ? null : n;
}

/** Control, bidi and other invisible characters have no place in a name. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BAD_NAME = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** Why a name cannot be used for a branch (other than `except`), or null when it can. */
export function nameProblem(set: BranchSet, name: string, except?: string): string | null {
  const n = name.trim();
  if (!n) return 'a branch needs a name';
  if (n.length > BRANCH_NAME_MAX) return `a name of ${n.length} characters; at most ${BRANCH_NAME_MAX}`;
  if (BAD_NAME.test(n)) return 'the name has control or invisible characters';
  if (set.branches.some((b) => b.id !== except && b.name === n)) return `there is already a branch named “${n}”`;
  return null;
}

/** `base`, or `base 2`, `base 3`… — the first that no branch has. */
export function uniqueName(set: BranchSet, base: string): string {
  const b = base.trim().slice(0, BRANCH_NAME_MAX - 4) || 'branch';
  if (!set.branches.some((x) => x.name === b)) return b;
  for (let i = 2; ; i++) {
    const n = `${b} ${i}`;
    if (!set.branches.some((x) => x.name === n)) return n;
  }
}

function nextId(set: BranchSet): string {
  let max = 0;
  for (const b of set.branches) {
    const n = Number(b.id.slice(1));
    if (Number.isInteger(n) && n > max) max = n;
  }
  return `b${max + 1}`;
}

/** Keep the newest steps within HISTORY_STEPS and HISTORY_CHARS. */
function bound(texts: string[]): string[] {
  let out = texts.length > HISTORY_STEPS ? texts.slice(texts.length - HISTORY_STEPS) : texts;
  let chars = out.reduce((n, t) => n + t.length, 0);
  let drop = 0;
  while (chars > HISTORY_CHARS && drop < out.length) chars -= out[drop++].length;
  if (drop) out = out.slice(drop);
  return out;
}

function replaceBranch(set: BranchSet, b: Branch): BranchSet {
  return { ...set, branches: set.branches.map((x) => (x.id === b.id ? b : x)) };
}

export type EditResult = { ok: true; set: BranchSet; forked: Branch | null } | { ok: false; reason: string };

/**
 * Apply a new text to the current branch. In place: the old text goes on its undo history.
 * Forking (`fork.step` is where): a new branch takes the text and becomes current, with the
 * parent's text as its one undo step; the parent keeps its text and future untouched.
 */
export function commitEdit(set: BranchSet, text: string, fork?: { step: number; name?: string }): EditResult {
  const cur = currentBranch(set);
  if (text === cur.text) return { ok: true, set, forked: null };
  if (!fork) return { ok: true, set: replaceBranch(set, { ...cur, text, past: bound([...cur.past, cur.text]), future: [] }), forked: null };
  if (set.branches.length >= BRANCHES_MAX)
    return { ok: false, reason: `this scenario already has ${BRANCHES_MAX} branches, the most it keeps; delete one to fork again` };
  const name = fork.name && !nameProblem(set, fork.name) ? fork.name.trim() : uniqueName(set, `${cur.name} @ step ${fork.step}`);
  const b: Branch = { id: nextId(set), name, text, forkStep: fork.step, parent: cur.id, past: [cur.text], future: [] };
  return { ok: true, set: { branches: [...set.branches, b], current: b.id }, forked: b };
}

/** The set with the current branch one step back (null when there is nothing to undo). */
export function undo(set: BranchSet): BranchSet | null {
  const cur = currentBranch(set);
  if (!cur.past.length) return null;
  const text = cur.past[cur.past.length - 1];
  return replaceBranch(set, { ...cur, text, past: cur.past.slice(0, -1), future: [...cur.future, cur.text] });
}

export function redo(set: BranchSet): BranchSet | null {
  const cur = currentBranch(set);
  if (!cur.future.length) return null;
  const text = cur.future[cur.future.length - 1];
  return replaceBranch(set, { ...cur, text, past: bound([...cur.past, cur.text]), future: cur.future.slice(0, -1) });
}

export function switchBranch(set: BranchSet, id: string): BranchSet | null {
  return branchById(set, id) ? { ...set, current: id } : null;
}

export function renameBranch(set: BranchSet, id: string, name: string): { ok: true; set: BranchSet } | { ok: false; reason: string } {
  const b = branchById(set, id);
  if (!b) return { ok: false, reason: 'there is no such branch' };
  const problem = nameProblem(set, name, id);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, set: replaceBranch(set, { ...b, name: name.trim() }) };
}

/**
 * Delete a branch the user named. The last one stays (a scenario has at least one); the
 * children of a deleted branch keep their texts and point at its parent; deleting the
 * current branch opens its parent, else the first.
 */
export function removeBranch(set: BranchSet, id: string): BranchSet | null {
  const gone = branchById(set, id);
  if (!gone || set.branches.length <= 1) return null;
  const branches = set.branches.filter((b) => b.id !== id).map((b) => (b.parent === id ? { ...b, parent: gone.parent } : b));
  const current =
    set.current !== id ? set.current : (branches.find((b) => b.id === gone.parent) ?? branches[0]).id;
  return { branches, current };
}
