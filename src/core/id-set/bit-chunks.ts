/**
 * The chunk mode of SparseIdSet: a Map from chunk index to an Int32Array of 4,096 bits
 * plus a used count, and the bit operations on it. Kept apart from the set's bookkeeping
 * (counts, runs, the choice of representation), which stays in sparse-id-set.ts.
 */
import { popcount32 } from './bitmap-id-set.ts';

/** IDs per chunk in chunk mode, and 32-bit words per chunk. */
export const CHUNK_SHIFT = 12;
export const CHUNK_IDS = 1 << CHUNK_SHIFT;
export const CHUNK_WORDS = CHUNK_IDS >>> 5;
/** Index of the per-chunk used count, stored after the words of each chunk. */
export const COUNT = CHUNK_WORDS;

export function chunkHas(m: Map<number, Int32Array>, i: number): boolean {
  const c = m.get(i >>> CHUNK_SHIFT);
  return c !== undefined && ((c[(i >>> 5) & (CHUNK_WORDS - 1)] >>> (i & 31)) & 1) === 1;
}

/** The lowest ID in [a, b) that no chunk holds, or -1. */
export function chunkLowestFree(m: Map<number, Int32Array>, a: number, b: number): number {
  let p = a;
  while (p < b) {
    const key = p >>> CHUNK_SHIFT;
    const c = m.get(key);
    if (c === undefined) return p;
    if (c[COUNT] !== CHUNK_IDS) {
      let w = (p >>> 5) & (CHUNK_WORDS - 1);
      let x = ~c[w] & (-1 << (p & 31));
      while (x === 0 && ++w < CHUNK_WORDS) x = ~c[w];
      if (x !== 0) return key * CHUNK_IDS + w * 32 + ctz(x);
    }
    p = (key + 1) * CHUNK_IDS;
  }
  return -1;
}

/** Keys of the chunks present in [k1, k2], ascending. */
export function chunkKeys(m: Map<number, Int32Array>, k1: number, k2: number): number[] {
  const keys: number[] = [];
  if (k2 - k1 < 4 * m.size) {
    for (let k = k1; k <= k2; k++) if (m.has(k)) keys.push(k);
  } else {
    for (const k of m.keys()) if (k >= k1 && k <= k2) keys.push(k);
    keys.sort((x, y) => x - y);
  }
  return keys;
}

/** The chunks holding the runs `r[0..2n)` ([start, end) offsets). */
export function runsToChunks(r: Int32Array, n: number): Map<number, Int32Array> {
  const m = new Map<number, Int32Array>();
  for (let j = 0; j < n; j++) {
    for (let p = r[2 * j], e = r[2 * j + 1]; p < e;) {
      const key = p >>> CHUNK_SHIFT;
      let c = m.get(key);
      if (!c) m.set(key, (c = new Int32Array(CHUNK_WORDS + 1)));
      const base = key * CHUNK_IDS;
      const stop = Math.min(e, base + CHUNK_IDS);
      c[COUNT] += stop - p;
      setBits(c, p - base, stop - base);
      p = stop;
    }
  }
  return m;
}

export function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Set bits [x, y) of a chunk (0 ≤ x < y ≤ CHUNK_IDS). */
export function setBits(c: Int32Array, x: number, y: number): void {
  while (x < y) {
    const w = x >>> 5;
    const stop = Math.min(y, (w + 1) * 32);
    const len = stop - x;
    c[w] |= (len === 32 ? -1 : (1 << len) - 1) << (x & 31);
    x = stop;
  }
}

/** Count set bits [x, y) of a chunk (0 ≤ x < y ≤ CHUNK_IDS). */
export function countBits(c: Int32Array, x: number, y: number): number {
  const wa = x >>> 5;
  const wb = (y - 1) >>> 5;
  const head = -1 << (x & 31);
  const tail = -1 >>> (31 - ((y - 1) & 31));
  if (wa === wb) return popcount32(c[wa] & head & tail);
  let n = popcount32(c[wa] & head) + popcount32(c[wb] & tail);
  for (let w = wa + 1; w < wb; w++) n += popcount32(c[w]);
  return n;
}
