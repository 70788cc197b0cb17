import type { IdSet } from './id-set.ts';
import { CHUNK_IDS, CHUNK_SHIFT, CHUNK_WORDS, COUNT } from './bit-chunks.ts';
import { chunkHas, chunkKeys, chunkLowestFree, countBits, ctz, runsToChunks } from './bit-chunks.ts';

/*
 * Heap cost estimates for byteSize() and for choosing a representation, measured on
 * V8 (Node 20, x64): a typed array costs ~200 bytes besides its data, a Map ~185 bytes
 * plus ~24 per entry, this object ~100.
 */
const OBJECT_BYTES = 100;
const TYPED_ARRAY_BYTES = 200;
const MAP_BYTES = 185;
const MAP_ENTRY_BYTES = 24;
const RUN_BYTES = 8;
const CHUNK_BYTES = TYPED_ARRAY_BYTES + (CHUNK_WORDS + 1) * 4 + MAP_ENTRY_BYTES;

/** Smallest interval-list capacity, in runs. */
const MIN_CAPACITY = 4;

export interface SparseIdSetOptions {
  /**
   * Switch to chunked bitmaps when the set has more maximal runs than this (default
   * 4,096), even if the interval list would be smaller: each insertion into the list
   * moves O(runs) entries, a bitmap update is constant-time.
   */
  chunksAboveRuns?: number;
  /** Switch back to intervals only at or below this many runs (default 1,024). */
  intervalsAtOrBelowRuns?: number;
}

/**
 * A sparse ID set for RID-local PASID tables and guest PASID spaces, of which there are
 * thousands, most holding a few dozen IDs.
 *
 * Interval mode (the default, and the lean one): a sorted Int32Array of maximal used runs
 * `[start, end)` as offsets from `lo`, searched by bisection. An empty set holds no
 * array at all. The list grows by half and shrinks by half when a quarter full.
 *
 * Chunk mode: a Map from chunk index to an Int32Array of 4,096 bits plus a used count;
 * empty chunks are dropped. Used when the set is fragmented: the set switches to chunks
 * when the interval list would take more than twice the memory of the chunks it touches,
 * or has more than `chunksAboveRuns` runs; and back when the list would take less than
 * half the memory of the chunks and has at most `intervalsAtOrBelowRuns` runs. The gap
 * between the two rules keeps a set from flapping between representations. The number of
 * runs is maintained in both modes (in chunk mode from the two neighbours of each ID).
 */
export class SparseIdSet implements IdSet {
  readonly lo: number;
  readonly hi: number;
  private readonly n: number;
  private count = 0;
  /** number of maximal used runs (both modes) */
  private nRuns = 0;
  /** interval mode: [s0, e0, s1, e1, …] offsets, capacity = length / 2; null when empty */
  private runs: Int32Array | null = null;
  /** chunk mode when non-null */
  private chunks: Map<number, Int32Array> | null = null;
  /** interval mode: the run count at which the switch to chunks is next considered */
  private checkAt: number;
  private readonly chunksAbove: number;
  private readonly intervalsAtOrBelow: number;

  constructor(lo: number, hi: number, options: SparseIdSetOptions = {}) {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo || hi - lo > 0x7fffffff) {
      throw new RangeError(`SparseIdSet: bad universe [${lo}, ${hi}) (at most 2^31 - 1 IDs)`);
    }
    this.lo = lo;
    this.hi = hi;
    this.n = hi - lo;
    this.chunksAbove = options.chunksAboveRuns ?? 4096;
    this.intervalsAtOrBelow = options.intervalsAtOrBelowRuns ?? 1024;
    if (!(this.intervalsAtOrBelow >= 0 && this.intervalsAtOrBelow <= this.chunksAbove)) {
      throw new RangeError('SparseIdSet: need 0 ≤ intervalsAtOrBelowRuns ≤ chunksAboveRuns');
    }
    this.checkAt = this.firstCheck(1);
  }

  get size(): number {
    return this.count;
  }

  /** Current representation (for tests and the memory view). */
  get mode(): 'intervals' | 'chunks' {
    return this.chunks ? 'chunks' : 'intervals';
  }

  /** Number of maximal used runs. */
  get runCount(): number {
    return this.nRuns;
  }

  /** Offset of `id` from lo when it is an integer in the universe, else -1. */
  private offset(id: number): number {
    const i = id - this.lo;
    return i >= 0 && i < this.n && (i | 0) === i ? i : -1;
  }

  has(id: number): boolean {
    const i = this.offset(id);
    if (i < 0) return false;
    if (this.chunks) return chunkHas(this.chunks!, i);
    const j = this.runAtOrBefore(i);
    return j >= 0 && i < this.runs![2 * j + 1];
  }

  add(id: number): boolean {
    const i = this.offset(id);
    if (i < 0) return false;
    if (this.chunks) {
      if (!this.chunkAdd(i)) return false;
      this.afterChunkChange();
      return true;
    }
    const r = this.runs;
    const j = this.runAtOrBefore(i);
    if (j >= 0 && i < r![2 * j + 1]) return false;
    this.count++;
    const joinsLeft = j >= 0 && r![2 * j + 1] === i;
    const joinsRight = j + 1 < this.nRuns && r![2 * j + 2] === i + 1;
    if (joinsLeft && joinsRight) {
      r![2 * j + 1] = r![2 * j + 3];
      this.removeRun(j + 1);
    } else if (joinsLeft) r![2 * j + 1] = i + 1;
    else if (joinsRight) r![2 * j + 2] = i;
    else {
      this.insertRun(j + 1, i, i + 1);
      if (this.nRuns > this.checkAt) this.considerChunks();
    }
    return true;
  }

  delete(id: number): boolean {
    const i = this.offset(id);
    if (i < 0) return false;
    if (this.chunks) {
      if (!this.chunkDelete(i)) return false;
      this.afterChunkChange();
      return true;
    }
    const j = this.runAtOrBefore(i);
    if (j < 0) return false;
    const r = this.runs!;
    const s = r[2 * j];
    const e = r[2 * j + 1];
    if (i >= e) return false;
    this.count--;
    if (s === i && e === i + 1) this.removeRun(j);
    else if (s === i) r[2 * j] = i + 1;
    else if (e === i + 1) r[2 * j + 1] = i;
    else {
      r[2 * j + 1] = i;
      this.insertRun(j + 1, i + 1, e);
      if (this.nRuns > this.checkAt) this.considerChunks();
    }
    return true;
  }

  lowestFree(from: number = this.lo, to: number = this.hi): number {
    const a = (from > this.lo ? Math.ceil(from) : this.lo) - this.lo;
    const b = (to < this.hi ? Math.ceil(to) : this.hi) - this.lo;
    if (!(a < b)) return -1;
    let p: number;
    if (this.chunks) p = chunkLowestFree(this.chunks!, a, b);
    else {
      // Runs are maximal, so the end of the run holding `a` is free (or the universe's end).
      const j = this.runAtOrBefore(a);
      p = j >= 0 && a < this.runs![2 * j + 1] ? this.runs![2 * j + 1] : a;
    }
    return p >= 0 && p < b ? p + this.lo : -1;
  }

  *usedRuns(from: number = this.lo, to: number = this.hi): Iterable<readonly [number, number]> {
    const a = (from > this.lo ? Math.ceil(from) : this.lo) - this.lo;
    const b = (to < this.hi ? Math.ceil(to) : this.hi) - this.lo;
    if (!(a < b)) return;
    const lo = this.lo;
    if (!this.chunks) {
      const r = this.runs;
      if (!r) return;
      let j = Math.max(0, this.runAtOrBefore(a));
      for (; j < this.nRuns && r[2 * j] < b; j++) {
        const s = Math.max(r[2 * j], a);
        const e = Math.min(r[2 * j + 1], b);
        if (s < e) yield [s + lo, e + lo] as const;
      }
      return;
    }
    // Chunk mode: runs inside chunks, joined across chunk boundaries.
    let runStart = -1;
    let runEnd = -1;
    for (const key of chunkKeys(this.chunks!, a >>> CHUNK_SHIFT, (b - 1) >>> CHUNK_SHIFT)) {
      const c = this.chunks.get(key)!;
      const base = key * CHUNK_IDS;
      const wa = Math.max(a - base, 0) >>> 5;
      const wb = (Math.min(b - base, CHUNK_IDS) - 1) >>> 5;
      for (let w = wa; w <= wb; w++) {
        let x = c[w];
        if (x === 0) continue;
        const wordBase = base + w * 32;
        while (x !== 0) {
          const s = ctz(x);
          const gaps = ~x & (-1 << s);
          const e = gaps === 0 ? 32 : ctz(gaps);
          x = e === 32 ? 0 : x & (-1 << e);
          const rs = Math.max(wordBase + s, a);
          const re = Math.min(wordBase + e, b);
          if (rs >= re) continue;
          if (rs === runEnd) runEnd = re;
          else {
            if (runStart >= 0) yield [runStart + lo, runEnd + lo] as const;
            runStart = rs;
            runEnd = re;
          }
        }
      }
    }
    if (runStart >= 0) yield [runStart + lo, runEnd + lo] as const;
  }

  countIn(from: number, to: number): number {
    const a = (from > this.lo ? Math.ceil(from) : this.lo) - this.lo;
    const b = (to < this.hi ? Math.ceil(to) : this.hi) - this.lo;
    if (!(a < b)) return 0;
    if (a === 0 && b === this.n) return this.count;
    let c = 0;
    if (!this.chunks) {
      const r = this.runs;
      if (!r) return 0;
      for (let j = Math.max(0, this.runAtOrBefore(a)); j < this.nRuns && r[2 * j] < b; j++) {
        const len = Math.min(r[2 * j + 1], b) - Math.max(r[2 * j], a);
        if (len > 0) c += len;
      }
      return c;
    }
    for (const key of chunkKeys(this.chunks!, a >>> CHUNK_SHIFT, (b - 1) >>> CHUNK_SHIFT)) {
      const chunk = this.chunks.get(key)!;
      const base = key * CHUNK_IDS;
      const x = Math.max(a - base, 0);
      const y = Math.min(b - base, CHUNK_IDS);
      c += x === 0 && y === CHUNK_IDS ? chunk[COUNT] : countBits(chunk, x, y);
    }
    return c;
  }

  clone(): SparseIdSet {
    const c = new SparseIdSet(this.lo, this.hi, {
      chunksAboveRuns: this.chunksAbove,
      intervalsAtOrBelowRuns: this.intervalsAtOrBelow,
    });
    c.count = this.count;
    c.nRuns = this.nRuns;
    c.checkAt = this.checkAt;
    if (this.runs) c.runs = this.runs.slice(0, 2 * Math.max(this.nRuns, MIN_CAPACITY));
    if (this.chunks) {
      const m = new Map<number, Int32Array>();
      for (const [k, v] of this.chunks) m.set(k, v.slice());
      c.chunks = m;
    }
    return c;
  }

  byteSize(): number {
    let bytes = OBJECT_BYTES;
    if (this.runs) bytes += TYPED_ARRAY_BYTES + this.runs.byteLength;
    if (this.chunks) bytes += MAP_BYTES + this.chunks.size * CHUNK_BYTES;
    return bytes;
  }

  // ---- interval mode ----

  /** Index of the last run starting at or before offset `i`, or -1. */
  private runAtOrBefore(i: number): number {
    const r = this.runs;
    if (!r) return -1;
    let lo = 0;
    let hi = this.nRuns;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (r[2 * mid] <= i) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  private insertRun(j: number, s: number, e: number): void {
    let r = this.runs;
    const n = this.nRuns;
    if (!r || 2 * n === r.length) {
      const grown = new Int32Array(2 * Math.max(MIN_CAPACITY, n + (n >>> 1)));
      if (r) grown.set(r);
      r = this.runs = grown;
    }
    r.copyWithin(2 * j + 2, 2 * j, 2 * n);
    r[2 * j] = s;
    r[2 * j + 1] = e;
    this.nRuns = n + 1;
  }

  private removeRun(j: number): void {
    const r = this.runs!;
    const n = this.nRuns - 1;
    r.copyWithin(2 * j, 2 * j + 2, 2 * n + 2);
    this.nRuns = n;
    if (n === 0) this.runs = null;
    // Halve the capacity in runs, keeping the length even (two numbers a run).
    else if (r.length > 2 * MIN_CAPACITY && 8 * n <= r.length) this.runs = r.slice(0, 2 * (r.length >>> 2));
  }

  /** The run count at which the memory rule could first favour `chunks` chunks. */
  private firstCheck(chunks: number): number {
    return Math.min(this.chunksAbove, Math.floor((2 * CHUNK_BYTES * chunks) / RUN_BYTES));
  }

  /** Interval mode, after the run count passed `checkAt`: switch to chunks if it pays. */
  private considerChunks(): void {
    const r = this.runs!;
    let touched = 0;
    let last = -1;
    for (let j = 0; j < this.nRuns; j++) {
      const k1 = Math.max(r[2 * j] >>> CHUNK_SHIFT, last + 1);
      const k2 = (r[2 * j + 1] - 1) >>> CHUNK_SHIFT;
      if (k2 >= k1) {
        touched += k2 - k1 + 1;
        last = k2;
      }
    }
    if (this.nRuns > this.chunksAbove || this.nRuns * RUN_BYTES > 2 * CHUNK_BYTES * touched) this.toChunks();
    else this.checkAt = this.firstCheck(touched);
  }

  private toChunks(): void {
    this.chunks = runsToChunks(this.runs!, this.nRuns);
    this.runs = null;
  }

  // ---- chunk mode ----

  private chunkAdd(i: number): boolean {
    const m = this.chunks!;
    const key = i >>> CHUNK_SHIFT;
    let c = m.get(key);
    if (!c) m.set(key, (c = new Int32Array(CHUNK_WORDS + 1)));
    const w = (i >>> 5) & (CHUNK_WORDS - 1);
    const bit = 1 << (i & 31);
    if ((c[w] & bit) !== 0) return false;
    c[w] |= bit;
    c[COUNT]++;
    this.count++;
    const left = i > 0 && chunkHas(this.chunks!, i - 1) ? 1 : 0;
    const right = i + 1 < this.n && chunkHas(this.chunks!, i + 1) ? 1 : 0;
    this.nRuns += 1 - left - right;
    return true;
  }

  private chunkDelete(i: number): boolean {
    const m = this.chunks!;
    const key = i >>> CHUNK_SHIFT;
    const c = m.get(key);
    if (!c) return false;
    const w = (i >>> 5) & (CHUNK_WORDS - 1);
    const bit = 1 << (i & 31);
    if ((c[w] & bit) === 0) return false;
    c[w] &= ~bit;
    if (--c[COUNT] === 0) m.delete(key);
    this.count--;
    const left = i > 0 && chunkHas(this.chunks!, i - 1) ? 1 : 0;
    const right = i + 1 < this.n && chunkHas(this.chunks!, i + 1) ? 1 : 0;
    this.nRuns -= 1 - left - right;
    return true;
  }

  /** Chunk mode, after a change: back to intervals when they are clearly smaller. */
  private afterChunkChange(): void {
    const chunks = this.chunks!.size;
    if (this.nRuns <= this.intervalsAtOrBelow && 2 * this.nRuns * RUN_BYTES <= chunks * CHUNK_BYTES) {
      this.toIntervals(chunks);
    }
  }

  private toIntervals(chunks: number): void {
    const n = this.nRuns;
    const r = n === 0 ? null : new Int32Array(2 * Math.max(MIN_CAPACITY, n));
    let j = 0;
    for (const [s, e] of this.usedRuns()) {
      r![j++] = s - this.lo;
      r![j++] = e - this.lo;
    }
    this.runs = r;
    this.chunks = null;
    this.checkAt = this.firstCheck(Math.max(1, chunks));
  }
}
