/**
 * Keep the URL hash, the browser history and the store in step.
 *
 * - Opening: the view a link names; an old, damaged, oversized or unknown link is
 *   explained in a notice and never costs the scenario that was open (with nothing open,
 *   the default scenario opens instead).
 * - History: a change of scenario is a new history entry (pushState), so Back and Forward
 *   move between scenarios; step, policy, compare (and its pair), presenter mode and
 *   selection rewrite the current entry
 *   (replaceState). The scenario part of the hash is compressed once per scenario
 *   (url-hash.ts), so a step costs a few hundred bytes.
 * - Large scenarios are named in the hash by their recent-store id; `shareLink` makes the
 *   full link on demand, or says it is too large for one.
 */
import { BUNDLED, bundledByFile, DEFAULT_SCENARIO_FILE } from './bundled.ts';
import { quote } from './notice-text.ts';
import { contentId, type RecentSource } from './recent-scenarios.ts';
import { recentStore, remember, startRecentSync, takePending } from './recent-sync.ts';
import { useAppStore, type AppState } from './store.ts';
import { decodeHash, encodeHash, fitsInLink, LINK_LIMITS, type LinkSource, type Source } from './url-hash.ts';

/** The hash last written or read: events for it are our own. */
let written = '';
/** The scenario of the history entry the page is on (see keyOf); null before the first. */
let entryKey: string | null = null;

/** One key per scenario: a bundled file, or a text by its recent-store id. */
function keyOf(s: LinkSource): string {
  if (s.kind === 'bundled') return `b:${s.file}`;
  if (s.kind === 'recent') return `i:${s.id}`;
  return `i:${s.recentId ?? contentId(s.text)}`;
}

function defaultBundled() {
  return bundledByFile(DEFAULT_SCENARIO_FILE) ?? BUNDLED[0];
}

function fallbackName(): string {
  return defaultBundled()?.title.split(':')[0] ?? 'the first bundled scenario';
}

async function openDefault(): Promise<void> {
  const b = defaultBundled();
  if (!b) return;
  entryKey = keyOf({ kind: 'bundled', file: b.file });
  await useAppStore.getState().open(b.text, { kind: 'bundled', file: b.file }, { step: 0 });
}

function hashOf(s: AppState, inline: 'auto' | 'always' = 'auto'): string | null {
  if (!s.source) return null;
  return encodeHash(
    { source: s.source, step: s.cursor, policy: s.policy, compare: s.compare, pair: s.pair, presenter: s.presenter, selection: s.selection },
    { inline },
  );
}

/** Point the current history entry back at what the page shows. */
function rewriteCurrent(): void {
  const s = useAppStore.getState();
  const h = hashOf(s);
  if (!s.source || !h) return;
  entryKey = keyOf(s.source);
  written = h;
  window.history.replaceState(null, '', h);
}

/**
 * A link that cannot be shown: say why, keep what was open (and put its view back in the
 * address bar), or open the default when nothing was.
 */
async function refuse(why: string): Promise<void> {
  const st = useAppStore.getState();
  if (st.scenario) {
    st.setNotice(`${why} Still showing “${quote(st.scenario.title)}”.`);
    rewriteCurrent();
    return;
  }
  st.setNotice(`${why} Showing ${fallbackName()} instead; scenarios opened before are under Recent.`);
  await openDefault();
}

/** Open an inline scenario from a link or the recent store; a refused one is kept in the recent store. */
async function openText(source: Source & { kind: 'inline' }, view: Parameters<AppState['open']>[2], why: string): Promise<void> {
  const ok = await useAppStore.getState().open(source.text, source, view);
  if (ok) return;
  const st = useAppStore.getState();
  // Not refused, only overtaken by a newer open: nothing to say.
  const rejected = st.rejected;
  if (rejected?.name !== source.name) return;
  await remember(source.text, source.name, source.name, source.from ?? 'link', false, source.recentId);
  await refuse(why);
  // With nothing open before, the default opens in its place, and a good open clears the
  // refused one's problems: they are what the notice points to, so they stay listed.
  if (useAppStore.getState().rejected === null) useAppStore.setState({ rejected }, false);
}

/** Open whatever the current location's hash names. */
export async function openFromLocation(): Promise<void> {
  const st = useAppStore.getState();
  written = window.location.hash;
  const r = decodeHash(written);
  if (r.ok === 'empty') {
    if (st.scenario) return rewriteCurrent();
    return openDefault();
  }
  if (r.ok === false) return refuse(`This link could not be opened: ${r.reason}.`);
  const { source, step, policy, compare, pair, presenter, selection } = r.view;
  // A link turns presenter mode on, never off: going Back while presenting keeps presenting.
  const view = { step, policy, compare, pair: pair ?? null, selection, ...(presenter ? { presenter: true } : {}) };
  entryKey = keyOf(source);
  if (source.kind === 'bundled') {
    const b = bundledByFile(source.file);
    if (!b) return refuse(`This link names the bundled scenario “${quote(source.file)}”, which this version does not have.`);
    const ok = await st.open(b.text, source, view);
    if (!ok) {
      if (useAppStore.getState().scenario) rewriteCurrent();
      else await openDefault();
    }
    return;
  }
  if (source.kind === 'recent') {
    const e = (await (await recentStore()).get(source.id)) ?? (await pendingEntry(source.id));
    if (!e)
      return refuse(
        `This link names “${quote(source.name)}”, a scenario too large to travel in a link and kept in the browser that made it; this browser has no copy of it. Ask for the file, or for a link made with Share.`,
      );
    const recentId = e.id === contentId(e.text) ? undefined : e.id;
    return openText({ kind: 'inline', name: e.name, text: e.text, from: e.source, recentId }, view, `The saved scenario “${quote(e.name)}” is not valid (its problems are listed below).`);
  }
  return openText({ ...source, from: 'link' }, view, 'The scenario inside this link is not valid (its problems are listed below); it is kept under Recent.');
}

/** A scenario this tab was still saving when the page reloaded: saved now, and opened like a kept one. */
async function pendingEntry(id: string): Promise<{ id: string; name: string; text: string; source: RecentSource } | null> {
  const p = await takePending(id);
  if (!p) return null;
  const recentId = id === contentId(p.text) ? undefined : id;
  await remember(p.text, p.name, p.name, p.source, true, recentId);
  return { id, ...p };
}

/** Start syncing (and saving opened scenarios in the recent store); returns the function that stops it. */
export function startHashSync(): () => void {
  written = window.location.hash;
  const stopRecent = startRecentSync();
  const unsub = useAppStore.subscribe((s, prev) => {
    if (
      s.source === prev.source &&
      s.cursor === prev.cursor &&
      s.policy === prev.policy &&
      s.compare === prev.compare &&
      s.pair === prev.pair &&
      s.presenter === prev.presenter &&
      s.selection === prev.selection
    )
      return;
    if (!s.source) return;
    const h = hashOf(s);
    if (!h || h === written) return;
    const key = keyOf(s.source);
    // Another scenario is another place to go Back to; anything else is this place's view.
    if (entryKey !== null && key !== entryKey) window.history.pushState(null, '', h);
    else window.history.replaceState(null, '', h);
    entryKey = key;
    written = h;
  });
  const onNavigate = () => {
    if (window.location.hash === written) return;
    void openFromLocation();
  };
  // Back and Forward fire popstate; an edited address fires hashchange too: the first one does it.
  window.addEventListener('popstate', onNavigate);
  window.addEventListener('hashchange', onNavigate);
  return () => {
    unsub();
    stopRecent();
    window.removeEventListener('popstate', onNavigate);
    window.removeEventListener('hashchange', onNavigate);
  };
}

export type ShareLink = { ok: true; url: string } | { ok: false; chars: number; limit: number };

/**
 * The link to the current view with the scenario inside it (even one the address bar
 * names by reference), or, when the scenario is too large for a link, its size.
 */
export function shareLink(): ShareLink | null {
  const s = useAppStore.getState();
  if (!s.source) return null;
  if (s.source.kind === 'inline' && !fitsInLink(s.source.text)) return { ok: false, chars: s.source.text.length, limit: LINK_LIMITS.textChars };
  const h = hashOf(s, 'always');
  if (!h) return null;
  if (h.length > LINK_LIMITS.hashChars) return { ok: false, chars: h.length, limit: LINK_LIMITS.hashChars };
  return { ok: true, url: `${window.location.href.split('#')[0]}${h}` };
}
