/**
 * The search box (top bar) and the event under the pointer in the event strip. A search
 * is asked of the engine (its `search` call, run where the events are): the store keeps
 * the text, the first MATCHES_MAX matching event indices, their total and which one the
 * cursor went to — never an outcome per event. A late answer for older text, or for a
 * scenario or view that changed since, is dropped. The hovered event's cells come from
 * its outcome, fetched once per chip.
 */
import type { CellChange } from '../core/view/effect-changes.ts';
import { effectChanges } from '../core/view/effect-changes.ts';
import { QUERY_MAX, type SearchQuery } from '../core/view/search-query.ts';
import { errorText, type RunKey } from '../worker/engine.ts';
import { activeKeys } from './run-keys.ts';
import { withSessionEngine } from './session-calls.ts';
import type { GetState, SetState } from './slice.ts';

export interface SearchResultState {
  /** the text as asked (what the answer is for) */
  text: string;
  query: SearchQuery | null;
  /** event indices, ascending: at most MATCHES_MAX */
  matches: Int32Array;
  total: number;
  /** which match the cursor was sent to (index into `matches`), -1 before Enter */
  at: number;
}

/** The cells one event touched under each run the view shows. */
export interface TouchedCells {
  index: number;
  cells: Partial<Record<RunKey, CellChange[]>>;
}

export interface SearchSlice {
  searchText: string;
  search: SearchResultState | null;
  searchError: string | null;
  touched: TouchedCells | null;
  /** Ask for `text` (bounded); an empty box clears the search. */
  setSearch(text: string): Promise<void>;
  /** Ask again for the same text: the scenario, the policy or compare changed. */
  refreshSearch(): Promise<void>;
  /** Send the cursor to the next (1) or previous (-1) match after or before it, wrapping around. */
  searchStep(dir: 1 | -1): void;
  /** The event strip's chip `index` is hovered or focused (null: none). Never moves the cursor. */
  hoverEvent(index: number | null): Promise<void>;
}

let searchGen = 0;
let hoverGen = 0;

/** Is event `i` among the (ascending) matches? A binary search: a chip asks it per render. */
export function isMatch(matches: Int32Array, i: number): boolean {
  let lo = 0;
  let hi = matches.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (matches[mid] === i) return true;
    if (matches[mid] < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The match to go to from `cursor`: the first whose step is after it (dir 1), or the last before it (-1), wrapping. */
export function nextMatch(matches: Int32Array, cursor: number, dir: 1 | -1): number {
  const n = matches.length;
  if (n === 0) return -1;
  if (dir === 1) {
    for (let k = 0; k < n; k++) if (matches[k] + 1 > cursor) return k;
    return 0;
  }
  for (let k = n - 1; k >= 0; k--) if (matches[k] + 1 < cursor) return k;
  return n - 1;
}

export function createSearchSlice(set: SetState, get: GetState): SearchSlice {
  const ask = async (text: string) => {
    const gen = ++searchGen;
    const s = get();
    if (!text.trim() || !s.scenario) {
      set({ search: null, searchError: null }, false, 'search/clear');
      return;
    }
    const keys = activeKeys(s).filter((k) => s.runs[k]);
    if (keys.length === 0) return;
    try {
      const r = await withSessionEngine(get, set, (e) => e.search(keys, text));
      if (gen !== searchGen) return;
      set(
        { search: { text, query: r.query, matches: r.matches, total: r.total, at: -1 }, searchError: null },
        false,
        'search/found',
      );
    } catch (e) {
      if (gen === searchGen)
        set({ search: null, searchError: `The search failed: ${errorText(e)}` }, false, 'search/failed');
    }
  };
  return {
    searchText: '',
    search: null,
    searchError: null,
    touched: null,
    setSearch(raw) {
      const text = raw.slice(0, QUERY_MAX);
      set({ searchText: text }, false, 'search/text');
      return ask(text);
    },
    refreshSearch() {
      return ask(get().searchText);
    },
    searchStep(dir) {
      const s = get();
      const r = s.search;
      if (!r || r.matches.length === 0) return;
      const k = nextMatch(r.matches, s.cursor, dir);
      set({ search: { ...r, at: k } }, false, 'search/step');
      s.seek(r.matches[k] + 1);
    },
    async hoverEvent(index) {
      const gen = ++hoverGen;
      if (index === null) {
        if (get().touched) set({ touched: null }, false, 'strip/unhover');
        return;
      }
      const s = get();
      if (s.touched?.index === index) return;
      const keys = activeKeys(s).filter((k) => s.runs[k] && index < s.runs[k]!.length);
      try {
        const outcomes = await withSessionEngine(get, set, (e) =>
          Promise.all(keys.map((k) => e.outcome(k, index))),
        );
        if (gen !== hoverGen) return;
        const cells: TouchedCells['cells'] = {};
        keys.forEach((k, i) => (cells[k] = effectChanges(outcomes[i].effects)));
        set({ touched: { index, cells } }, false, 'strip/hover');
      } catch {
        // A hover is a hint: without an answer, nothing is highlighted.
        if (gen === hoverGen) set({ touched: null }, false, 'strip/unhover');
      }
    },
  };
}
