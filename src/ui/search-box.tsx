/**
 * The search box of the top bar: a PASID (`0x1003`, `4099`), an owner, a device alias, a
 * RID, an op or an error code. The engine finds the matching events (the strip rings
 * them); the maps ring the matching cells. Enter goes to the next match, Shift+Enter to
 * the previous (the cursor moves there), Esc clears; `/` anywhere comes here. What is
 * typed is data: bounded, never a pattern, shown back only as text.
 */
import { useEffect, useRef, useState } from 'react';
import { MATCHES_MAX, QUERY_MAX } from '../core/view/search-query.ts';
import { useAppStore } from '../store/store.ts';
import { SEARCH_BOX_ID } from './keyboard.ts';

/** Ask after a pause in typing, not per key: a 200k-event search is a few milliseconds in the worker, but still. */
const DEBOUNCE_MS = 150;

/** What the query was read as, in a few words. */
function kindWords(kind: string | undefined): string {
  switch (kind) {
    case 'pasid':
      return 'PASID';
    case 'code':
      return 'error code';
    case 'op':
      return 'op';
    case 'name':
      return 'name';
    default:
      return '';
  }
}

export function SearchBox() {
  const text = useAppStore((s) => s.searchText);
  const result = useAppStore((s) => s.search);
  const error = useAppStore((s) => s.searchError);
  const setSearch = useAppStore((s) => s.setSearch);
  const searchStep = useAppStore((s) => s.searchStep);
  const scenario = useAppStore((s) => s.scenario);
  const runs = useAppStore((s) => s.runs);
  const compare = useAppStore((s) => s.compare);
  const policy = useAppStore((s) => s.policy);
  const [draft, setDraft] = useState(text);
  const timer = useRef(0);

  // A new scenario, policy or compare: the same text, asked again of what is shown now;
  // the cells of a chip hovered before belong to what was shown then.
  useEffect(() => {
    const st = useAppStore.getState();
    void st.refreshSearch();
    void st.hoverEvent(null);
  }, [scenario, runs, compare, policy]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const change = (v: string) => {
    const t = v.slice(0, QUERY_MAX);
    setDraft(t);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void setSearch(t), DEBOUNCE_MS);
  };
  const clear = () => {
    window.clearTimeout(timer.current);
    setDraft('');
    void setSearch('');
  };
  const go = async (dir: 1 | -1) => {
    // Enter before the pause is over: ask now, then go.
    if (draft !== useAppStore.getState().searchText) {
      window.clearTimeout(timer.current);
      await setSearch(draft);
    }
    searchStep(dir);
  };

  const current = result && result.text === draft ? result : null;
  const n = current?.total ?? 0;
  let status = '';
  if (error) status = error;
  else if (current) {
    const k = kindWords(current.query?.kind);
    status =
      n === 0
        ? `no matches (${k})`
        : `${current.at >= 0 ? `${(current.at + 1).toLocaleString('en')} of ` : ''}${n.toLocaleString('en')} match${n === 1 ? '' : 'es'}`;
    if (n > current.matches.length) status += `, the first ${MATCHES_MAX.toLocaleString('en')} listed`;
  }
  return (
    <div className="search" role="search" aria-label="Search the scenario">
      <input
        id={SEARCH_BOX_ID}
        type="search"
        value={draft}
        maxLength={QUERY_MAX}
        placeholder="0x1003 · vm2 · EBUSY"
        aria-label="Search: a PASID, an owner, a device alias or an error code"
        aria-describedby="search-status"
        spellCheck={false}
        autoComplete="off"
        disabled={!scenario}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void go(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            // Esc in an empty box leaves it, so the page's keys work again.
            if (!draft) e.currentTarget.blur();
            clear();
          }
        }}
      />
      <span
        id="search-status"
        className={`search-status ${n === 0 && current ? 'none' : ''}`}
        aria-live="polite"
      >
        {status}
      </span>
      {n > 0 && (
        <>
          <button
            type="button"
            className="btn small"
            aria-label="Previous match (Shift+Enter)"
            title="Previous match (Shift+Enter)"
            onClick={() => void go(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="btn small"
            aria-label="Next match (Enter)"
            title="Next match (Enter)"
            onClick={() => void go(1)}
          >
            ↓
          </button>
        </>
      )}
    </div>
  );
}
