/**
 * Keep the URL hash and the store in step: open the view a link names (explaining an old
 * or damaged link instead of failing), and rewrite the hash as the view changes, without
 * adding a history entry per step.
 */
import { BUNDLED, bundledByFile, DEFAULT_SCENARIO_FILE } from './bundled.ts';
import { useAppStore, type AppState } from './store.ts';
import { decodeHash, encodeHash } from './url-hash.ts';

async function openDefault(): Promise<void> {
  const b = bundledByFile(DEFAULT_SCENARIO_FILE) ?? BUNDLED[0];
  if (b) await useAppStore.getState().open(b.text, { kind: 'bundled', file: b.file }, { step: 0 });
}

function fallbackName(): string {
  return bundledByFile(DEFAULT_SCENARIO_FILE)?.title.split(':')[0] ?? 'the first bundled scenario';
}

/** Open whatever the current location's hash names. */
export async function openFromLocation(): Promise<void> {
  const st = useAppStore.getState();
  const r = decodeHash(window.location.hash);
  if (r.ok === 'empty') return openDefault();
  if (r.ok === false) {
    st.setNotice(`This link could not be opened: ${r.reason}. Showing ${fallbackName()} instead.`);
    return openDefault();
  }
  const { source, step, policy, compare, selection } = r.view;
  if (source.kind === 'bundled') {
    const b = bundledByFile(source.file);
    if (!b) {
      st.setNotice(`This link names the bundled scenario “${source.file}”, which this version does not have. Showing ${fallbackName()} instead.`);
      return openDefault();
    }
    const ok = await st.open(b.text, source, { step, policy, compare, selection });
    if (!ok) return openDefault();
    return;
  }
  const ok = await st.open(source.text, source, { step, policy, compare, selection });
  if (!ok) {
    st.setNotice(`The scenario inside this link is not valid (its problems are listed below). Showing ${fallbackName()} instead.`);
    await openDefault();
  }
}

function hashOf(s: AppState): string | null {
  if (!s.source) return null;
  return encodeHash({ source: s.source, step: s.cursor, policy: s.policy, compare: s.compare, selection: s.selection });
}

/** Start syncing; returns the function that stops it. */
export function startHashSync(): () => void {
  let written = window.location.hash;
  const unsub = useAppStore.subscribe((s, prev) => {
    if (s.source === prev.source && s.cursor === prev.cursor && s.policy === prev.policy && s.compare === prev.compare && s.selection === prev.selection)
      return;
    const h = hashOf(s);
    if (h && h !== written) {
      written = h;
      window.history.replaceState(null, '', h);
    }
  });
  const onHashChange = () => {
    if (window.location.hash === written) return;
    written = window.location.hash;
    void openFromLocation();
  };
  window.addEventListener('hashchange', onHashChange);
  return () => {
    unsub();
    window.removeEventListener('hashchange', onHashChange);
  };
}
