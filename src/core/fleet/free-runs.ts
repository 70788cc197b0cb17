/**
 * Fragmentation of a PASID space: its free runs (maximal stretches of free IDs), the
 * longest, how many, and their lengths bucketed by log2 — what decides whether a
 * migration's numbers still fit somewhere.
 */
import type { IdSet } from '../id-set/id-set.ts';

/** Free-run histogram buckets: bucket b counts free runs of length in [2^b, 2^(b+1)). */
export const HISTOGRAM_BUCKETS = 21;

/** Largest free run, number of free runs, and their log2 histogram over [lo, hi). */
export function freeRuns(set: IdSet, lo: number, hi: number, histogram?: Uint32Array, offset = 0): { largest: number; runs: number } {
  let largest = 0;
  let runs = 0;
  let at = lo;
  const gap = (len: number) => {
    if (len <= 0) return;
    runs++;
    if (len > largest) largest = len;
    if (histogram) histogram[offset + Math.min(HISTOGRAM_BUCKETS - 1, 31 - Math.clz32(len))]++;
  };
  for (const [s, e] of set.usedRuns(lo, hi)) {
    gap(s - at);
    at = e;
  }
  gap(hi - at);
  return { largest, runs };
}
