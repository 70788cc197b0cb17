/**
 * The row painter's vector output (SVG export, and the tests' recording painter): the
 * same track, band tints, hatching and owner-coloured column runs as the pixels of
 * row-pixels.ts, as rectangles through the Painter, from the same aggregate.
 */
import type { ScaleLinear } from 'd3-scale';
import type { ColumnAggregate } from '../../core/view/range-aggregate.ts';
import { THEME } from '../palette.ts';
import { bandX } from './axis.ts';
import type { BlockGeom, RowGeom } from './geometry.ts';
import type { MapBlock, MapRow, RowData } from './map-row.ts';
import type { RenderCtx } from './render-context.ts';
import { levelAlpha, levelOf, MIN_CELL_PX, MIXED_FILL, MIXED_HATCH, MIXED_HATCH_GAP, OUTSIDE_HATCH_GAP, trackColour } from './row-look.ts';

export function drawRowVector(c: RenderCtx, b: BlockGeom<MapBlock>, rg: RowGeom<MapRow>, zs: ScaleLinear<number, number>, agg: ColumnAggregate | null) {
  const { p, geom } = c;
  const r = rg.row;
  const { trackX0: X0, trackX1: X1 } = geom;
  p.fillRect(X0, rg.y, X1 - X0, rg.h, trackColour(c.style, rg.index));
  for (const band of b.block.plan.bands) {
    const [x0, x1] = bandX(zs, geom, band);
    if (x1 > x0) p.fillRect(x0, rg.y, x1 - x0, rg.h, THEME.bands[band.kind]);
  }
  // What the row cannot hold: hatched.
  const max = b.block.plan.max;
  const hatchRange = (lo: number, hi: number) => {
    const x0 = Math.max(X0, zs(lo));
    const x1 = Math.min(X1, zs(hi));
    if (x1 > x0) {
      p.fillRect(x0, rg.y, x1 - x0, rg.h, THEME.outside);
      p.hatch(x0, rg.y, x1 - x0, rg.h, THEME.hatch, OUTSIDE_HATCH_GAP);
    }
  };
  if (r.valid) {
    hatchRange(0, r.valid[0]);
    hatchRange(r.valid[1], max);
  } else hatchRange(0, max);
  if (agg) fillColumns(c, rg, c.data(r), agg);
}

/** The used columns as runs of one owner (or several), each one rectangle. */
function fillColumns(c: RenderCtx, rg: RowGeom<MapRow>, data: RowData, agg: ColumnAggregate) {
  const { p, geom, style } = c;
  const n = agg.count.length;
  const s = c.colScale;
  const inset = Math.min(style.cellInset, rg.h / 4);
  const y = rg.y + inset;
  const h = rg.h - 2 * inset;
  let i = 0;
  while (i < n) {
    if (agg.count[i] === 0) {
      i++;
      continue;
    }
    const mixed = agg.mixed[i] === 1;
    const owner = mixed ? -1 : data.owners[agg.first[i]];
    const level = levelOf(style, agg, i);
    let j = i;
    while (
      !mixed &&
      j + 1 < n &&
      agg.count[j + 1] > 0 &&
      agg.mixed[j + 1] === 0 &&
      data.owners[agg.first[j + 1]] === owner &&
      levelOf(style, agg, j + 1) === level
    )
      j++;
    const x = geom.trackX0 + i / s;
    const w = (j - i + 1) / s;
    const dimmed = c.selectedOwner !== null && (mixed || owner !== c.selectedOwner);
    p.setAlpha(levelAlpha(style, level, dimmed));
    if (mixed) {
      p.fillRect(x, y, w, h, MIXED_FILL);
      p.hatch(x, y, w, h, MIXED_HATCH, MIXED_HATCH_GAP);
    } else {
      // Sparse columns (an ID far narrower than a pixel) are drawn at least MIN_CELL_PX wide.
      p.fillRect(x, y, Math.max(w, MIN_CELL_PX), h, style.colour(owner));
    }
    p.setAlpha(1);
    i = j + 1;
  }
}
