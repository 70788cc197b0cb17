/**
 * A horizontal list of equal items, windowed: which items a scroll position shows (with
 * some overscan each side), the room left and right of them, and a few items that must
 * stay in the page wherever the list is scrolled (the current event, a focused chip),
 * each placed where it belongs. Pure arithmetic, unit-tested.
 */

export interface StripWindow {
  /** px before the first rendered item, and after the last */
  before: number;
  after: number;
  /** the items to render, in order; `gap` is extra room before one that is not next to the previous */
  items: { index: number; gap: number }[];
}

/**
 * `count` items every `pitch` px (an item and the gap after it), the list scrolled to
 * `left` and `width` px wide: the items in view plus `overscan` each side, and `keep`.
 */
export function stripWindow(count: number, pitch: number, left: number, width: number, overscan: number, keep: readonly number[]): StripWindow {
  if (count <= 0 || pitch <= 0) return { before: 0, after: 0, items: [] };
  const first = Math.max(0, Math.min(count - 1, Math.floor(left / pitch) - overscan));
  const last = Math.max(first, Math.min(count - 1, Math.ceil((left + Math.max(0, width)) / pitch) + overscan));
  const set = new Set<number>();
  for (let i = first; i <= last; i++) set.add(i);
  for (const k of keep) if (Number.isInteger(k) && k >= 0 && k < count) set.add(k);
  const order = [...set].sort((a, b) => a - b);
  const items = order.map((index, n) => ({ index, gap: n > 0 ? (index - order[n - 1] - 1) * pitch : 0 }));
  return { before: order[0] * pitch, after: (count - 1 - order[order.length - 1]) * pitch, items };
}

/** The scroll position that shows item `i` (as little scrolling as needed, a margin of one item). */
export function scrollToShow(i: number, pitch: number, itemW: number, left: number, width: number): number {
  const x0 = i * pitch;
  const x1 = x0 + itemW;
  const margin = Math.min(pitch, Math.max(0, (width - itemW) / 2));
  if (x0 - margin < left) return Math.max(0, x0 - margin);
  if (x1 + margin > left + width) return x1 + margin - width;
  return left;
}
