/**
 * The benchmarks' PRNG is the core's mulberry32 (src/core/fleet/rng.ts); bench/native/alloc.c
 * implements the same generator, so the TypeScript and C benchmarks run exactly the same
 * sequence of operations. `nextU32` is the name the C side and the allocator benches use.
 */
import { Rng } from '../src/core/fleet/rng.ts';

export class Mulberry32 extends Rng {
  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    return this.u32();
  }
}
