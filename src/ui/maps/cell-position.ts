/** Where a map's cells are in pixels: for the keyboard cursor, and for zooming to a set of cells. */
import type { ZoomTransform } from 'd3-zoom';
import { zoomedScale, type PanelGeom } from './geometry.ts';
import type { RowModel } from './model.ts';

/** The unzoomed pixel span of the used cells that `keep` accepts, over all rows; null if none. */
export function cellSpan(geom: PanelGeom, keep: (e: RowModel['entries'][number]) => boolean): [number, number] | null {
  let a = Infinity;
  let b = -Infinity;
  for (const blk of geom.blocks)
    for (const rg of blk.rows)
      for (const e of rg.row.entries)
        if (keep(e)) {
          a = Math.min(a, blk.base(e.pasid));
          b = Math.max(b, blk.base(e.pasid + 1));
        }
  return a <= b ? [a, b] : null;
}

/** The centre x of a PASID's cell in a row, under the current zoom. */
export function cellX(geom: PanelGeom, t: ZoomTransform, row: string, pasid: number): number {
  const at = geom.rowByKey.get(row);
  if (!at) return geom.trackX0;
  const zs = zoomedScale(at.block, t);
  return (zs(pasid) + zs(pasid + 1)) / 2;
}
