/**
 * How a row's track looks, one definition for both of the row painter's outputs (pixels
 * on a canvas, row-pixels.ts; shapes for SVG export, row-vector.ts): the track and its
 * band tints, the hatched part the row cannot hold, and each used column coloured by
 * its owner (hatched when several share it), dimmed when another owner is selected, and
 * in a density style shaded by how much of the column is used.
 */
import type { ColumnAggregate } from '../../core/view/range-aggregate.ts';
import { DARK, THEME } from '../palette.ts';
import type { MapStyle } from './render-context.ts';

/** The dark theme's shade over the part of a row outside its valid range (the current theme's is THEME.outside). */
export const OUTSIDE_FILL = DARK.outside;
export const OUTSIDE_HATCH_GAP = 7;
export const MIXED_FILL = '#d8dee6';
export const MIXED_HATCH = 'rgba(0,0,0,0.45)';
export const MIXED_HATCH_GAP = 3;
/** the alpha of cells of owners other than the selected one */
export const DIM_ALPHA = 0.28;
/** sparse columns (an ID far narrower than a pixel) are drawn at least this wide, in CSS px */
export const MIN_CELL_PX = 2;
/** density levels of a density style: how much of a column's IDs are used, in 16 steps */
export const LEVELS = 16;

/** The track shade of a row (alternating styles alternate by the row's place). */
export function trackColour(style: MapStyle, index: number): string {
  return style.alternate && index & 1 ? THEME.trackAlt : THEME.track;
}

/** A column's density level: LEVELS - 1 when full (or in a style without density). */
export function levelOf(style: MapStyle, agg: ColumnAggregate, col: number): number {
  if (!style.density) return LEVELS - 1;
  const n = agg.count[col];
  const s = agg.span[col];
  return s <= n ? LEVELS - 1 : Math.min(LEVELS - 1, ((n * LEVELS) / s) | 0);
}

/** The alpha of a used column at `level`: a lone ID stays visible (0.4), a full column is opaque. */
export function levelAlpha(style: MapStyle, level: number, dimmed: boolean): number {
  const a = style.density ? 0.4 + (0.6 * (level + 1)) / LEVELS : 1;
  return dimmed ? a * DIM_ALPHA : a;
}

/** Which columns a row can hold: [lo, hi) of its columns, by their centres (binary searches). */
export function validColumns(edges: ArrayLike<number>, valid: [number, number] | null): [number, number] {
  const cols = edges.length - 1;
  if (!valid) return [0, 0];
  const centre = (c: number) => (edges[c] + edges[c + 1]) / 2;
  const firstAtOrAbove = (v: number) => {
    let lo = 0;
    let hi = cols;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (centre(mid) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const lo = firstAtOrAbove(valid[0]);
  return [lo, Math.max(lo, firstAtOrAbove(valid[1]))];
}
