/**
 * Where two branches' outcomes differ, event by event: the events are taken by position
 * (branches share their events up to the fork; after an insertion or a deletion the
 * positions shift, and every later event whose op or outcome differs is marked). An event
 * that only one branch has differs. Memoised on the two runs.
 */
import type { RunInfo } from '../../worker/engine.ts';
import { chipAt, fieldsAt } from '../selectors.ts';

const cache = new WeakMap<RunInfo, WeakMap<RunInfo, Uint8Array>>();

export function branchDiffer(a: RunInfo | undefined, b: RunInfo | null | undefined): Uint8Array | null {
  if (!a || !b) return null;
  let inner = cache.get(a);
  const hit = inner?.get(b);
  if (hit) return hit;
  const n = Math.max(a.length, b.length);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (i >= a.length || i >= b.length) out[i] = 1;
    else if (fieldsAt(a, i)?.op !== fieldsAt(b, i)?.op || chipAt(a, i) !== chipAt(b, i)) out[i] = 1;
  }
  if (!inner) cache.set(a, (inner = new WeakMap()));
  inner.set(b, out);
  return out;
}
