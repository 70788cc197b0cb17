/**
 * The page's use of the recent-scenario store: every scenario that is not bundled (pasted,
 * imported, dropped, opened from a link) is saved there as soon as it opens, and a refused
 * one too, so nothing the user brought in is lost; the list for the Recent menu; reopening
 * and removing an entry. A thin layer over recent-scenarios.ts and the app store.
 */
import { create } from 'zustand';
import { quote } from './notice-text.ts';
import {
  contentId,
  openRecentStore,
  type RecentBackendKind,
  type RecentMeta,
  type RecentSource,
  type RecentStore,
} from './recent-scenarios.ts';
import { useAppStore } from './store.ts';
import { isBranchEntry } from './branch-persist.ts';

let opening: Promise<RecentStore> | null = null;

/** The store of this page (opened once, on first use). */
export function recentStore(): Promise<RecentStore> {
  opening ??= openRecentStore();
  return opening;
}

/** Use another store (tests). */
export function setRecentStore(s: RecentStore): void {
  opening = Promise.resolve(s);
}

export interface RecentState {
  entries: RecentMeta[];
  backend: RecentBackendKind | null;
}

/** The list the Recent menu shows, most recent first. */
export const useRecent = create<RecentState>()(() => ({ entries: [], backend: null }));

export async function refreshRecent(): Promise<void> {
  const s = await recentStore();
  // The kept branch sets are not scenarios to reopen: the branch list shows them.
  useRecent.setState({ entries: (await s.list()).filter((e) => !isBranchEntry(e.id)), backend: s.backend });
}

const PENDING = 'pasidscope-pending:';

interface Pending {
  text: string;
  name: string;
  source: RecentSource;
}

/** Keep a copy of a text being saved in this tab's sessionStorage (false when it does not fit there). */
function keepPending(id: string, p: Pending): boolean {
  try {
    sessionStorage.setItem(PENDING + id, JSON.stringify(p));
    return true;
  } catch {
    return false;
  }
}

function dropPending(id: string): void {
  try {
    sessionStorage.removeItem(PENDING + id);
  } catch {
    // nothing kept, nothing to drop
  }
}

/** A text whose save this tab began but the page was reloaded before it ended; saved now. */
export async function takePending(id: string): Promise<Pending | null> {
  let raw: string | null = null;
  try {
    raw = sessionStorage.getItem(PENDING + id);
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const p = JSON.parse(raw) as Partial<Pending>;
    if (typeof p.text !== 'string' || typeof p.name !== 'string' || typeof p.source !== 'string') return null;
    // Its text is read by the parser like any other input.
    return { text: p.text, name: p.name, source: p.source as RecentSource };
  } catch {
    return null;
  }
}

/** Save a scenario text; a failure is told as a notice (the scenario itself stays open). */
export async function remember(
  text: string,
  name: string,
  title: string,
  source: RecentSource,
  valid: boolean,
  id?: string,
): Promise<boolean> {
  // Until the store has it, the tab keeps a copy: a reload in that moment finds it there.
  const key = id ?? contentId(text);
  const pending = keepPending(key, { text, name, source });
  const s = await recentStore();
  const r = await s.put({ text, name, title, source, valid, id });
  if (pending) dropPending(key);
  if (!r.ok) {
    useAppStore
      .getState()
      .setNotice(
        `“${quote(name)}” could not be kept among the recent scenarios: ${r.reason}. Download it to keep it.`,
      );
    return false;
  }
  await refreshRecent();
  return true;
}

/** Reopen an entry (its problems are listed if it was not valid). */
export async function reopen(id: string): Promise<boolean> {
  const s = await recentStore();
  const e = await s.get(id);
  if (!e) {
    useAppStore.getState().setNotice('That recent scenario is no longer kept in this browser.');
    await refreshRecent();
    return false;
  }
  await s.touch(id);
  const ok = await useAppStore
    .getState()
    .open(
      e.text,
      {
        kind: 'inline',
        name: e.name,
        text: e.text,
        from: e.source,
        recentId: e.id === contentId(e.text) ? undefined : e.id,
      },
      { step: 0 },
    );
  await refreshRecent();
  return ok;
}

export async function forget(id: string): Promise<void> {
  await (await recentStore()).delete(id);
  await refreshRecent();
}

/** Save every non-bundled scenario that opens; returns the function that stops it. */
export function startRecentSync(): () => void {
  void refreshRecent();
  return useAppStore.subscribe((s, prev) => {
    const src = s.source;
    if (src === prev.source || src?.kind !== 'inline' || !s.scenario) return;
    void remember(src.text, src.name, s.scenario.title, src.from ?? 'paste', true, src.recentId);
  });
}
