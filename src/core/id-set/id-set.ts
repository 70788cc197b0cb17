/**
 * The one interface every PASID space in the model implements: the host-wide allocator
 * (a bitmap with summary levels), RID-local PASID tables and guest spaces (sparse sets).
 *
 * Universe is the half-open range `[lo, hi)`. Every allocator hands out the lowest free
 * ID, as Linux's IDA does (`ida_alloc_range`), so results are deterministic (DOMAIN.md §2).
 */
export interface IdSet {
  /** first ID of the universe (inclusive) */
  readonly lo: number;
  /** end of the universe (exclusive) */
  readonly hi: number;
  /** number of IDs in use */
  readonly size: number;
  has(id: number): boolean;
  /** Mark `id` used. Returns false (and changes nothing) if it was already used or is outside the universe. */
  add(id: number): boolean;
  /** Mark `id` free. Returns false if it was not used. */
  delete(id: number): boolean;
  /** Lowest free ID in `[max(from, lo), min(to, hi))`, or -1 when there is none. */
  lowestFree(from?: number, to?: number): number;
  /** Used IDs as maximal runs `[start, end)`, ascending, clipped to `[from, to)`. */
  usedRuns(from?: number, to?: number): Iterable<readonly [number, number]>;
  /** Number of used IDs in `[from, to)`. */
  countIn(from: number, to: number): number;
  /** An independent copy. */
  clone(): IdSet;
  /** Approximate heap bytes held (for the memory benchmark). */
  byteSize(): number;
}
