/** Hit testing: which cell of a row is under the pointer. */
import type { ScaleLinear } from 'd3-scale';
import { lowerBound } from '../../core/view/range-aggregate.ts';
import type { RowData } from './map-row.ts';
import { centreX } from './overlays.ts';

/** The used entry nearest to x (within `slop` px) in a row, or the free PASID under x. */
export function hitCell(
  zs: ScaleLinear<number, number>,
  row: RowData,
  x: number,
  slop: number,
  max: number,
): { pasid: number; index: number } | null {
  const v = zs.invert(x);
  if (v < 0 || v >= max) return null;
  const lo = Math.floor(zs.invert(x - slop));
  const hi = Math.ceil(zs.invert(x + slop));
  let best = -1;
  let bestD = Infinity;
  // Bounded: when thousands of IDs share the slop, the nearest few are enough.
  const start = lowerBound(row.ids, Math.max(lo, Math.floor(v) - 64));
  for (let i = start, n = 0; i < row.ids.length && row.ids[i] <= hi && n < 256; i++, n++) {
    const d = Math.abs(centreX(zs, row.ids[i]) - x);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  if (best >= 0) return { pasid: row.ids[best], index: best };
  return { pasid: Math.floor(v), index: -1 };
}
