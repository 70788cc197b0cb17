import type { IdSet } from './id-set.ts';

/** Largest universe a BitmapIdSet accepts (bit offsets must stay below 2^31 for `|`/`<<`). */
export const BITMAP_MAX_IDS = 2 ** 30;

/** Approximate V8 cost of one typed array besides its data (JSTypedArray + ArrayBuffer + backing store). */
const TYPED_ARRAY_OVERHEAD = 200;
/** Approximate cost of a BitmapIdSet object itself. */
const OBJECT_OVERHEAD = 80;

/** Index of the lowest set bit of a non-zero int32. */
function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * The host-wide allocator: a leaf bitmap with "full" summary levels above it.
 *
 * Level 0 holds one bit per ID (1 = used). Bit `j` of level k is 1 when word `j` of
 * level k - 1 is all ones, up to a top level of one word, so the lowest free ID at or
 * after any position is found in O(levels) word operations (4 levels for 2^20 IDs): climb
 * while the current word has no zero at or after the position, then descend along the
 * lowest zero bits. Bits past the end of each level are kept at 1 ("used" padding), so
 * the search never returns them and needs no bounds checks on the way down.
 *
 * An "any" level has one bit per leaf word that is non-zero; `usedRuns` uses it to skip
 * empty stretches 1,024 IDs at a time, and the full summaries to skip used stretches.
 *
 * All levels live in one Int32Array (`bits`, level k from `off[k]`, "any" from
 * `off[levels]`): one object to load on the hot paths and one copy to clone. Int32 rather
 * than Uint32: the same bits, but an all-ones word is the small integer -1, which keeps
 * V8 on its int32 fast paths.
 */
export class BitmapIdSet implements IdSet {
  readonly lo: number;
  readonly hi: number;
  /** number of IDs in the universe */
  private readonly n: number;
  private readonly bits: Int32Array;
  /** start of each level in `bits`; off[levels] is the start of the "any" level */
  private readonly off: Int32Array;
  /** index of the top (one-word) level */
  private readonly top: number;
  private count = 0;

  constructor(lo: number, hi: number, source?: BitmapIdSet) {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo || hi - lo > BITMAP_MAX_IDS) {
      throw new RangeError(`BitmapIdSet: bad universe [${lo}, ${hi}) (at most 2^30 IDs)`);
    }
    this.lo = lo;
    this.hi = hi;
    const n = hi - lo;
    this.n = n;
    const lengths = [Math.max(1, Math.ceil(n / 32))];
    while (lengths[lengths.length - 1] > 1) lengths.push(Math.ceil(lengths[lengths.length - 1] / 32));
    const top = lengths.length - 1;
    this.top = top;
    const off = new Int32Array(lengths.length + 2);
    for (let k = 0; k < lengths.length; k++) off[k + 1] = off[k] + lengths[k];
    off[top + 2] = off[top + 1] + Math.ceil(lengths[0] / 32); // the "any" level
    this.off = off;
    const bits = new Int32Array(off[top + 2]);
    this.bits = bits;
    if (source) {
      bits.set(source.bits);
      this.count = source.count;
      return;
    }
    // Padding: bits past the end of every level are 1; then summaries of the level below.
    setBits(bits, off[0] * 32 + n, off[1] * 32);
    for (let k = 1; k <= top; k++) {
      const below = lengths[k - 1];
      setBits(bits, off[k] * 32 + below, off[k + 1] * 32);
      for (let j = 0; j < below; j++)
        if (bits[off[k - 1] + j] === -1) bits[off[k] + (j >>> 5)] |= 1 << (j & 31);
    }
    const any = off[top + 1];
    for (let w = 0; w < lengths[0]; w++) if (bits[w] !== 0) bits[any + (w >>> 5)] |= 1 << (w & 31);
  }

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    const i = id - this.lo;
    if (!(i >= 0 && i < this.n) || (i | 0) !== i) return false;
    return ((this.bits[i >>> 5] >>> (i & 31)) & 1) === 1;
  }

  add(id: number): boolean {
    const i = id - this.lo;
    if (!(i >= 0 && i < this.n) || (i | 0) !== i) return false;
    const bits = this.bits;
    let w = i >>> 5;
    const old = bits[w];
    const bit = 1 << (i & 31);
    if ((old & bit) !== 0) return false;
    const now = old | bit;
    bits[w] = now;
    this.count++;
    if (old === 0) bits[this.off[this.top + 1] + (w >>> 5)] |= 1 << (w & 31);
    if (now === -1) {
      // The word became full: record it in the summary, and above while words fill up.
      const off = this.off;
      for (let k = 1; k <= this.top; k++) {
        const at = off[k] + (w >>> 5);
        const v = bits[at] | (1 << (w & 31));
        bits[at] = v;
        if (v !== -1) break;
        w >>>= 5;
      }
    }
    return true;
  }

  delete(id: number): boolean {
    const i = id - this.lo;
    if (!(i >= 0 && i < this.n) || (i | 0) !== i) return false;
    const bits = this.bits;
    let w = i >>> 5;
    const old = bits[w];
    const bit = 1 << (i & 31);
    if ((old & bit) === 0) return false;
    const now = old & ~bit;
    bits[w] = now;
    this.count--;
    if (now === 0) bits[this.off[this.top + 1] + (w >>> 5)] &= ~(1 << (w & 31));
    if (old === -1) {
      // The word stops being full: clear its summary bit, and above while words were full.
      const off = this.off;
      for (let k = 1; k <= this.top; k++) {
        const at = off[k] + (w >>> 5);
        const v = bits[at];
        bits[at] = v & ~(1 << (w & 31));
        if (v !== -1) break;
        w >>>= 5;
      }
    }
    return true;
  }

  lowestFree(from: number = this.lo, to: number = this.hi): number {
    const f = from > this.lo ? Math.ceil(from) : this.lo;
    const t = to < this.hi ? Math.ceil(to) : this.hi;
    if (!(f < t)) return -1;
    const r = this.zeroAtOrAfter(f - this.lo);
    if (r < 0) return -1;
    const id = r + this.lo;
    return id < t ? id : -1;
  }

  /** Lowest free bit offset ≥ pos (0 ≤ pos < n), or -1. Never returns padding (padding is 1). */
  private zeroAtOrAfter(pos: number): number {
    const bits = this.bits;
    let w = pos >>> 5;
    let x = ~bits[w] & (-1 << (pos & 31));
    if (x !== 0) return (w << 5) | ctz(x);
    // No zero left in this word: climb to the first level with a non-full word after it.
    const off = this.off;
    const top = this.top;
    let k = 0;
    do {
      if (k === top) return -1;
      pos = w + 1;
      k++;
      w = pos >>> 5;
      if (off[k] + w >= off[k + 1]) return -1;
      x = ~bits[off[k] + w] & (-1 << (pos & 31));
    } while (x === 0);
    pos = (w << 5) | ctz(x);
    // `pos` is a word of the level below that is not full: descend along lowest zeros.
    while (k > 0) {
      k--;
      pos = (pos << 5) | ctz(~bits[off[k] + pos]);
    }
    return pos;
  }

  /** Lowest set bit offset ≥ pos (0 ≤ pos < n), or -1. May return padding (≥ n). */
  private oneAtOrAfter(pos: number): number {
    const bits = this.bits;
    const w = pos >>> 5;
    const x = bits[w] & (-1 << (pos & 31));
    if (x !== 0) return (w << 5) | ctz(x);
    const words = this.off[1];
    const any = this.off[this.top + 1];
    let p = w + 1;
    while (p < words) {
      const aw = p >>> 5;
      const y = bits[any + aw] & (-1 << (p & 31));
      if (y !== 0) {
        const lw = (aw << 5) | ctz(y);
        return (lw << 5) | ctz(bits[lw]);
      }
      p = (aw + 1) << 5;
    }
    return -1;
  }

  *usedRuns(from: number = this.lo, to: number = this.hi): Iterable<readonly [number, number]> {
    const a = (from > this.lo ? Math.ceil(from) : this.lo) - this.lo;
    const b = (to < this.hi ? Math.ceil(to) : this.hi) - this.lo;
    let pos = a;
    while (pos < b) {
      const s = this.oneAtOrAfter(pos);
      if (s < 0 || s >= b) return;
      let e = this.zeroAtOrAfter(s);
      if (e < 0 || e > b) e = b;
      yield [s + this.lo, e + this.lo] as const;
      pos = e;
    }
  }

  countIn(from: number, to: number): number {
    const a = (from > this.lo ? Math.ceil(from) : this.lo) - this.lo;
    const b = (to < this.hi ? Math.ceil(to) : this.hi) - this.lo;
    if (!(a < b)) return 0;
    if (a === 0 && b === this.n) return this.count;
    const bits = this.bits;
    const wa = a >>> 5;
    const wb = (b - 1) >>> 5;
    const headMask = -1 << (a & 31);
    const tailMask = -1 >>> (31 - ((b - 1) & 31));
    if (wa === wb) return popcount32(bits[wa] & headMask & tailMask);
    let c = popcount32(bits[wa] & headMask) + popcount32(bits[wb] & tailMask);
    for (let w = wa + 1; w < wb; w++) {
      const x = bits[w];
      if (x === -1) c += 32;
      else if (x !== 0) c += popcount32(x);
    }
    return c;
  }

  clone(): BitmapIdSet {
    return new BitmapIdSet(this.lo, this.hi, this);
  }

  byteSize(): number {
    return OBJECT_OVERHEAD + 2 * TYPED_ARRAY_OVERHEAD + this.bits.byteLength + this.off.byteLength;
  }
}

/** Set bits [from, to) of `a`. */
function setBits(a: Int32Array, from: number, to: number): void {
  for (let b = from; b < to; b++) a[b >>> 5] |= 1 << (b & 31);
}
