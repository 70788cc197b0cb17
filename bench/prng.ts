/**
 * mulberry32: a tiny seeded PRNG. bench/native/alloc.c implements the same generator, so
 * the TypeScript and C benchmarks run exactly the same sequence of operations.
 */
export class Mulberry32 {
  private state: number;
  constructor(seed: number) {
    this.state = seed | 0;
  }
  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Uniform integer in [0, n) for n ≤ 2^21: floor(u32 · n / 2^32), exact in doubles (C: (u64)u32 * n >> 32). */
  below(n: number): number {
    return Math.floor((this.nextU32() * n) / 4294967296);
  }
}
