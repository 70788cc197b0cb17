/**
 * Per-pixel-column aggregates of a sorted set of used IDs (DESIGN.md convention 7): a
 * range map redraw costs one binary search per column, not one step per live PASID,
 * so 1,000 rows of a full 2^20 space draw as fast as an empty one.
 *
 * Column `i` covers the IDs whose unit cell `[id, id+1)` meets `[edges[i], edges[i+1])`
 * (edges are domain values, fractional when zoomed in). Neighbouring columns may share
 * one ID when a cell straddles a pixel edge; a drawing wants exactly that (an ID wider
 * than a pixel colours every pixel it covers) and Perfetto does the same.
 */

/** The aggregate of one row: parallel arrays, one slot per column. */
export interface ColumnAggregate {
  /** number of used IDs in the column */
  count: Uint32Array;
  /** index (into the sorted ID list) of the first used ID in the column, -1 if none */
  first: Int32Array;
  /** index of the last used ID in the column, -1 if none */
  last: Int32Array;
  /** 1 when the used IDs in the column belong to more than one owner */
  mixed: Uint8Array;
  /** number of IDs the column spans (used or not), for density */
  span: Float64Array;
}

/** Index of the first element of `sorted` at or after `start` that is >= `value` (sorted.length if none). */
export function lowerBound(sorted: ArrayLike<number>, value: number, start = 0): number {
  let lo = start;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For an owner per sorted ID, the index where each run of one owner starts: `runStart[i]`
 * is the smallest j <= i with owners[j..i] all equal. A column [a, b] then has one owner
 * exactly when runStart[b] <= a, an O(1) test.
 */
export function ownerRunStarts(owners: ArrayLike<number>): Int32Array {
  const out = new Int32Array(owners.length);
  for (let i = 0; i < owners.length; i++) out[i] = i > 0 && owners[i] === owners[i - 1] ? out[i - 1] : i;
  return out;
}

/**
 * Aggregate the ascending ID list `sorted` over the columns delimited by `edges`
 * (`edges.length - 1` columns, edges ascending). `runStarts` (from {@link ownerRunStarts})
 * lets the aggregate tell single-owner columns from mixed ones; without it, none is mixed.
 */
export function aggregateColumns(
  sorted: ArrayLike<number>,
  edges: ArrayLike<number>,
  runStarts?: ArrayLike<number>,
): ColumnAggregate {
  const n = Math.max(0, edges.length - 1);
  const count = new Uint32Array(n);
  const first = new Int32Array(n).fill(-1);
  const last = new Int32Array(n).fill(-1);
  const mixed = new Uint8Array(n);
  const span = new Float64Array(n);
  if (n === 0) return { count, first, last, mixed, span };
  // Columns run left to right, so each search starts where the previous column began.
  let from = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.floor(edges[i]);
    const bEx = Math.max(a + 1, Math.ceil(edges[i + 1])); // IDs in [a, bEx)
    span[i] = Math.max(0, edges[i + 1] - edges[i]);
    from = lowerBound(sorted, a, from);
    const to = lowerBound(sorted, bEx, from);
    const c = to - from;
    count[i] = c;
    if (c > 0) {
      first[i] = from;
      last[i] = to - 1;
      if (runStarts && runStarts[to - 1] > from) mixed[i] = 1;
    }
  }
  return { count, first, last, mixed, span };
}

