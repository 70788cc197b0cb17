/**
 * Branch sets kept across reloads: each as one entry of the recent-scenario store, a
 * `pasidscope-branches/1` file (branch-file.ts) under the id `branches-` + the content id
 * of the text the set started from. Saving is debounced (edits come fast); reading back is
 * validated like any file. A scenario that opens finds its set again when one of the kept
 * sets has a branch with exactly its text.
 */
import { BRANCH_FILE_MAX, branchFileText, readBranchFile } from './branch-file.ts';
import type { BranchSet } from './branches.ts';
import { contentId, type RecentStore } from './recent-scenarios.ts';

const PREFIX = 'branches-';
/** How long saving waits for the edits to pause. */
export const SAVE_DEBOUNCE_MS = 400;

export function isBranchEntry(id: string): boolean {
  return id.startsWith(PREFIX);
}

/** The id a set started from `rootText` is kept under. */
export function branchEntryId(rootText: string): string {
  return `${PREFIX}${contentId(rootText)}`;
}

type Saver = (id: string, name: string, title: string, set: BranchSet) => Promise<void>;
let saver: Saver | null = null;
const timers = new Map<string, { timer: ReturnType<typeof setTimeout>; args: Parameters<Saver> }>();

/** Where sets are saved (branch-sync.ts sets the recent store; none in unit tests of the slice). */
export function setBranchSaver(s: Saver | null): void {
  saver = s;
}

/** Save a set soon (the last call within SAVE_DEBOUNCE_MS wins). */
export function saveBranchSet(id: string, base: string, title: string, set: BranchSet): void {
  if (!saver) return;
  const t = timers.get(id);
  if (t) clearTimeout(t.timer);
  const args: Parameters<Saver> = [id, `${base} — branches`, title, set];
  timers.set(id, {
    args,
    timer: setTimeout(() => {
      timers.delete(id);
      void saver?.(...args);
    }, SAVE_DEBOUNCE_MS),
  });
}

/** Save at once what is waiting (the page is being hidden). */
export function flushBranchSaves(): void {
  for (const [id, t] of timers) {
    clearTimeout(t.timer);
    timers.delete(id);
    void saver?.(...t.args);
  }
}

export async function putBranchSet(store: RecentStore, id: string, name: string, title: string, set: BranchSet): Promise<string | null> {
  const r = await store.put({ id, text: branchFileText(set, true), name, title, source: 'edit', valid: true });
  return r.ok ? null : r.reason;
}

/**
 * The kept set with a branch whose text is `text` (its stored current branch first), with
 * its id, or null. Reads at most the store's entry count, each validated as a branch file.
 */
export async function findBranchSet(store: RecentStore, text: string): Promise<{ id: string; set: BranchSet; base: string } | null> {
  const want = canonical(text);
  if (want === null) return null;
  for (const meta of await store.list()) {
    if (!isBranchEntry(meta.id)) continue;
    const e = await store.get(meta.id);
    if (!e || !mayHold(e.text, want)) continue;
    // Only a set that holds the text is read with every check (the parser runs on each branch).
    const r = readBranchFile(e.text);
    if (!r.ok) continue;
    const cur = r.set.branches.find((b) => b.id === r.set.current);
    const same = (t: string) => canonical(t) === want;
    const hit = cur && same(cur.text) ? cur : r.set.branches.find((b) => same(b.text));
    if (hit) return { id: meta.id, set: { ...r.set, current: hit.id }, base: meta.name.replace(/ — branches$/, '') };
  }
  return null;
}

/** A scenario text without its layout (a kept branch is written back indented). */
function canonical(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return null;
  }
}

/** A cheap first look: does this kept file have a branch whose scenario is `want`? */
function mayHold(fileText: string, want: string): boolean {
  if (fileText.length > BRANCH_FILE_MAX) return false;
  try {
    const v = JSON.parse(fileText) as { branches?: unknown };
    return Array.isArray(v.branches) && v.branches.some((b) => typeof b === 'object' && b !== null && JSON.stringify((b as { scenario?: unknown }).scenario) === want);
  } catch {
    return false;
  }
}
