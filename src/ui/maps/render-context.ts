/**
 * What every painter of a panel shares while one frame is drawn: the painter, the layout,
 * the zoomed scales, the row aggregates, the label board, and the part of the panel in
 * view. And the two ways a label reaches the painter (put, putIfFree) and the search for
 * a free place beside what it labels (place, beside).
 */
import type { ScaleLinear } from 'd3-scale';
import type { ColumnAggregate } from '../../core/view/range-aggregate.ts';
import type { BlockGeom, Metrics, PanelGeom, RowGeom } from './geometry.ts';
import { textBox, type Box, type LabelBoard } from './labels.ts';
import type { MapBlock, MapRow, RowData } from './map-row.ts';
import type { Painter, TextStyle } from './painter.ts';

/** How a kind of map colours and names its cells. */
export interface MapStyle {
  /** the CSS colour of an owner index */
  colour(owner: number): string;
  /** the owner's name for a cell label (`0x3 p3`), when the map has names */
  ownerName?(row: MapRow, index: number): string | undefined;
  /** shade a column by how much of it is used (a fleet's full spaces), rather than drawing every used column in full */
  density: boolean;
  /** alternate two track shades from row to row (thin rows without gaps) */
  alternate: boolean;
  /** CSS px left free above and below the cells of a row */
  cellInset: number;
}

export interface RenderCtx {
  p: Painter;
  geom: PanelGeom<MapBlock>;
  m: Metrics;
  style: MapStyle;
  board: LabelBoard;
  /** the owner index of the selection (others are dimmed); null when nothing is selected */
  selectedOwner: number | null;
  /** per block: its scale under the current zoom */
  scales: Map<BlockGeom<MapBlock>, ScaleLinear<number, number>>;
  /** per row in view: its per-column aggregate under the current zoom (rows with IDs only) */
  aggs: Map<RowGeom<MapRow>, ColumnAggregate>;
  /** aggregate columns per CSS pixel: the device pixel ratio on a canvas, 1 for vector output */
  colScale: number;
  /** the tracks are on the canvas already, as pixels (else the painter draws them as shapes) */
  pixels: boolean;
  /** the part of the panel drawn, [top, bottom) in panel coordinates */
  top: number;
  bottom: number;
  /** a row's IDs (a fleet row's arrive from the worker; until then it has none) */
  data(row: MapRow): RowData;
}

/** Is any of the row inside the part of the panel drawn? */
export function inView(c: RenderCtx, rg: { y: number; h: number }): boolean {
  return rg.y + rg.h > c.top && rg.y < c.bottom;
}

/** A label placed before the rows are drawn, drawn on top of everything after them. */
export interface Placed {
  text: string;
  x: number;
  y: number;
  style: TextStyle;
}

/** Draw text and reserve its place: the only way a label reaches the painter. */
export function put(c: RenderCtx, text: string, x: number, y: number, style: TextStyle): void {
  c.board.add(textBox(c.p, text, x, y, style));
  c.p.text(text, x, y, style);
}

/** Draw text if its place is free (and reserve it); false when it would overlap a label. */
export function putIfFree(c: RenderCtx, text: string, x: number, y: number, style: TextStyle, gap = 4): boolean {
  const b = textBox(c.p, text, x, y, style);
  if (!c.board.fits(b, gap)) return false;
  c.board.add(b);
  c.p.text(text, x, y, style);
  return true;
}

/** The aggregate column under panel x (may be out of range). */
export function columnAt(c: RenderCtx, x: number): number {
  return (x - c.geom.trackX0) * c.colScale;
}

/**
 * Put the first of `options` (text and left x, in order of preference) that stays in the
 * track, is free on the board and, where possible, leaves the row's cells uncovered.
 */
export function place(c: RenderCtx, rg: RowGeom<MapRow> | null, y: number, style: TextStyle, options: { text: string; x: number }[]): Placed | null {
  const { geom, p } = c;
  const agg = rg ? c.aggs.get(rg) : undefined;
  const overCells = (b: Box) => {
    if (!agg) return false;
    const a = Math.max(0, Math.floor(columnAt(c, b.x0 - 2)));
    const z = Math.min(agg.count.length - 1, Math.ceil(columnAt(c, b.x1 + 2)));
    for (let i = a; i <= z; i++) if (agg.count[i] > 0) return true;
    return false;
  };
  for (const pass of [0, 1])
    for (const o of options) {
      const b = textBox(p, o.text, o.x, y, style);
      if (b.x0 < geom.trackX0 || b.x1 > geom.trackX1) continue;
      if (!c.board.fits(b, 6)) continue;
      if (pass === 0 && overCells(b)) continue;
      c.board.add(b);
      return { text: o.text, x: o.x, y, style };
    }
  return null;
}

/**
 * Where a label about [x0, x1] can go, in order: right of it, left of it, then right and
 * left of the whole run of used cells around it in the row; for each text from the
 * longest to the shortest.
 */
export function beside(c: RenderCtx, rg: RowGeom<MapRow> | null, texts: string[], font: string, x0: number, x1: number, pad = 8): { text: string; x: number }[] {
  const { geom } = c;
  const agg = rg ? c.aggs.get(rg) : undefined;
  let r0 = x0;
  let r1 = x1;
  if (agg) {
    const n = agg.count.length;
    let i = Math.max(0, Math.floor(columnAt(c, x0)));
    let j = Math.min(n - 1, Math.ceil(columnAt(c, x1)));
    while (i > 0 && agg.count[i - 1] > 0) i--;
    while (j + 1 < n && agg.count[j + 1] > 0) j++;
    r0 = Math.min(x0, geom.trackX0 + i / c.colScale - 2);
    r1 = Math.max(x1, geom.trackX0 + (j + 1) / c.colScale + 2);
  }
  return texts.flatMap((text) => {
    const w = c.p.measure(text, font);
    const out = [
      { text, x: x1 + pad },
      { text, x: x0 - pad - w },
    ];
    if (r1 > x1) out.push({ text, x: r1 + pad });
    if (r0 < x0) out.push({ text, x: r0 - pad - w });
    return out;
  });
}
