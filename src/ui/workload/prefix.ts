/**
 * Searching the timeline's prefix counts (TimelineInfo `failedBefore` and friends:
 * before[i] = matching events among 0..i-1) instead of scanning a million events.
 */

/**
 * The first matching event at or after `from` (dir 1), or the last at or before it
 * (dir -1); -1 when there is none. A binary search.
 */
export function findEvent(before: ArrayLike<number>, from: number, dir: 1 | -1): number {
  const n = before.length - 1;
  if (dir > 0) {
    const start = Math.max(0, from);
    if (start >= n || before[n] === before[start]) return -1;
    // the smallest i >= start with before[i + 1] > before[start]
    let lo = start;
    let hi = n - 1;
    const target = before[start];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before[mid + 1] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  if (from < 0 || n === 0) return -1;
  const f = Math.min(n - 1, from);
  if (before[f + 1] === 0) return -1;
  // the smallest i with before[i + 1] == before[f + 1]: the event that brought the count there
  let lo = 0;
  let hi = f;
  const target = before[f + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before[mid + 1] >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
