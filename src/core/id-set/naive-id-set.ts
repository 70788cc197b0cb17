import type { IdSet } from './id-set.ts';

/**
 * The dumb reference: a plain Set scanned linearly. Correct by inspection; used as the
 * model in property tests and as the naive baseline in the benchmarks. Never used by the
 * engine itself.
 */
export class NaiveIdSet implements IdSet {
  private readonly used = new Set<number>();
  constructor(
    readonly lo: number,
    readonly hi: number,
  ) {}
  get size(): number {
    return this.used.size;
  }
  has(id: number): boolean {
    return this.used.has(id);
  }
  add(id: number): boolean {
    if (id < this.lo || id >= this.hi || this.used.has(id)) return false;
    this.used.add(id);
    return true;
  }
  delete(id: number): boolean {
    return this.used.delete(id);
  }
  lowestFree(from = this.lo, to = this.hi): number {
    for (let i = Math.max(from, this.lo); i < Math.min(to, this.hi); i++) if (!this.used.has(i)) return i;
    return -1;
  }
  *usedRuns(from = this.lo, to = this.hi): Iterable<readonly [number, number]> {
    const ids = [...this.used].filter((i) => i >= from && i < to).sort((a, b) => a - b);
    let s = -1;
    let e = -1;
    for (const i of ids) {
      if (i === e) e++;
      else {
        if (s >= 0) yield [s, e] as const;
        s = i;
        e = i + 1;
      }
    }
    if (s >= 0) yield [s, e] as const;
  }
  countIn(from: number, to: number): number {
    let n = 0;
    for (const i of this.used) if (i >= from && i < to) n++;
    return n;
  }
  clone(): NaiveIdSet {
    const c = new NaiveIdSet(this.lo, this.hi);
    for (const i of this.used) c.used.add(i);
    return c;
  }
  byteSize(): number {
    return 64 + this.used.size * 16;
  }
}
