/**
 * A small seeded PRNG for the core (workloads, fill patterns). mulberry32: 32-bit state,
 * passes the usual statistical smoke tests, and is the generator bench/native/alloc.c and
 * bench/prng.ts use too, so a seed means the same sequence everywhere. Never Math.random
 * in the core: a workload must be a pure function of its seed.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Next 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n), n ≥ 1 and ≤ 2^21 (floor(u32 · n / 2^32) is exact in doubles). */
  below(n: number): number {
    return Math.floor((this.u32() * n) / 4294967296);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)];
  }

  /** An independent generator derived from this seed and a label (stable across runs). */
  static derive(seed: number, label: string): Rng {
    // FNV-1a over the label, mixed with the seed: different labels give unrelated streams.
    let h = 0x811c9dc5 ^ (seed >>> 0);
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new Rng(h >>> 0);
  }
}
