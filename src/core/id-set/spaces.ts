/**
 * Which IdSet implementation backs which kind of PASID space. The engine asks here and
 * nowhere else, so the representation can change without touching the ops.
 */
import type { IdSet } from './id-set.ts';
import { BitmapIdSet } from './bitmap-id-set.ts';
import { SparseIdSet } from './sparse-id-set.ts';

/** The host-wide allocator G: dense, up to the whole 20-bit space. */
export function makeHostSpace(lo: number, hi: number): IdSet {
  return new BitmapIdSet(lo, hi);
}

/** A RID's PASID table or a VM's guest space: sparse, thousands of them. */
export function makeSparseSpace(lo: number, hi: number): IdSet {
  return new SparseIdSet(lo, hi);
}
