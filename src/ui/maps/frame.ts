/**
 * One frame of any range map (a scenario's panel, render.ts; a fleet's, fleet-render.ts):
 * the zoomed scales, the per-column aggregates of the rows in view, their tracks (finished
 * pixels blitted on a canvas, rectangles for vector output), then the block headers, axes,
 * row labels, grid and cell labels; and at the end each block's axis pinned to the top of
 * the view while its rows scroll under it.
 */
import type { ScaleLinear } from 'd3-scale';
import type { ZoomTransform } from 'd3-zoom';
import { aggregateColumns } from '../../core/view/range-aggregate.ts';
import { THEME } from '../palette.ts';
import { drawAxis, drawBandLines, drawHeader } from './axis.ts';
import { drawCellLabels, drawGrid, drawNoSpaceNote, gridColumns, gridLines } from './cell-labels.ts';
import type { FrameBuffer } from './frame-buffer.ts';
import { zoomedScale, type BlockGeom, type Metrics, type PanelGeom } from './geometry.ts';
import { LabelBoard } from './labels.ts';
import type { MapBlock, MapRow, RowData } from './map-row.ts';
import type { Painter } from './painter.ts';
import { pixelOf } from './pixel-colour.ts';
import type { MapStyle, RenderCtx } from './render-context.ts';
import type { RowCache } from './row-cache.ts';
import { drawRowLabel, MIN_LABELLED_ROW } from './row-label.ts';
import { BlockPixels, paintRowTile } from './row-pixels.ts';
import { drawRowVector } from './row-vector.ts';
import { rowsInView } from './viewport.ts';

/** A canvas to put the rows' pixels on, and what keeps them from frame to frame. */
export interface RasterTarget {
  ctx: CanvasRenderingContext2D;
  dpr: number;
  cache: RowCache;
  frame: FrameBuffer;
}

export interface FrameOptions {
  /** draw only [top, bottom) of the panel (the part in view); the whole panel by default */
  view?: { top: number; bottom: number };
  /** rows as pixels on this canvas; without it, rows are drawn as shapes through the painter */
  raster?: RasterTarget;
  /** fill the background (off when composing onto another background) */
  background?: boolean;
}

export interface FrameInput {
  geom: PanelGeom<MapBlock>;
  m: Metrics;
  style: MapStyle;
  selectedOwner: number | null;
  data(row: MapRow): RowData;
}

/** Column edges (IDs at each column's left) of `cols` columns from pixel x0, `scale` columns per px. */
function columnEdges(zs: ScaleLinear<number, number>, x0: number, cols: number, scale: number, max: number): Float64Array {
  const edges = new Float64Array(cols + 1);
  for (let i = 0; i <= cols; i++) edges[i] = Math.max(0, Math.min(max, zs.invert(x0 + i / scale)));
  return edges;
}

/** The frame's context, with the rows in view aggregated and, on a canvas, their pixels put. */
export function prepareFrame(p: Painter, input: FrameInput, t: ZoomTransform, opts: FrameOptions): RenderCtx {
  const { geom } = input;
  const raster = opts.raster;
  const s = raster ? raster.dpr : 1;
  const top = opts.view?.top ?? 0;
  const bottom = opts.view?.bottom ?? geom.height;
  const c: RenderCtx = {
    p,
    geom,
    m: input.m,
    style: input.style,
    board: new LabelBoard(),
    selectedOwner: input.selectedOwner,
    scales: new Map(),
    aggs: new Map(),
    colScale: s,
    pixels: raster !== undefined,
    top,
    bottom,
    data: input.data,
  };
  if (opts.background !== false) p.fillRect(0, top, geom.width, bottom - top, THEME.panel);
  const x0 = Math.round(geom.trackX0 * s);
  const cols = Math.max(1, Math.round(geom.trackX1 * s) - x0);
  const panelPx = pixelOf(THEME.panel);
  if (raster) raster.frame.begin(cols, Math.max(1, Math.round((bottom - top) * s)), panelPx);
  for (const b of geom.blocks) {
    const zs = zoomedScale(b, t);
    c.scales.set(b, zs);
    if (b.bottom < top || b.axisY > bottom) continue;
    const [i0, i1] = rowsInView(b.rows, top, bottom);
    if (i0 >= i1) continue;
    let edges = columnEdges(zs, x0 / s, cols, s, b.block.plan.max);
    if (raster) edges = raster.cache.canonicalEdges(edges);
    const plan = b.block.plan;
    const bp = raster
      ? raster.cache.shared(edges, `${THEME.name}|${plan.bands.map((x) => `${x.kind}:${x.lo}`).join(',')}`, () => new BlockPixels(plan, edges, input.style, gridColumns(gridLines(zs, plan.breaks, geom.trackX0, geom.trackX1), x0, cols, s)))
      : null;
    for (let i = i0; i < i1; i++) {
      const rg = b.rows[i];
      const data = input.data(rg.row);
      const agg = data.ids.length === 0 ? null : raster ? raster.cache.aggregate(rg.row.key, data, edges) : aggregateColumns(data.ids, edges, data.runStarts);
      if (agg) c.aggs.set(rg, agg);
      if (!raster || !bp) continue;
      const yDev = Math.round((rg.y - top) * s);
      const h = Math.max(1, Math.round((rg.y + rg.h - top) * s) - yDev);
      const shade = input.style.alternate ? rg.index & 1 : 0;
      const inset = Math.round(Math.min(input.style.cellInset, rg.h / 4) * s);
      const selected = input.selectedOwner;
      const valid = rg.row.valid ? `${rg.row.valid[0]}-${rg.row.valid[1]}` : '-';
      const look = `${THEME.name}|${h}|${inset}|${shade}|${selected}|${x0}|${valid}`;
      const tile = raster.cache.tile(rg.row.key, edges, agg, look, (reuse) =>
        paintRowTile(bp, rg.row, data, agg, input.style, { h, inset, x0, dpr: s, shade, selectedOwner: selected }, reuse),
      );
      raster.frame.blit(tile, h, yDev);
    }
  }
  if (raster) raster.frame.put(raster.ctx, x0);
  return c;
}

/** Headers, axes, row labels (and, for vector output, the tracks), grid and cell labels of the blocks in view. */
export function drawBlocks(c: RenderCtx): void {
  for (const b of c.geom.blocks) {
    if (b.bottom < c.top || b.y > c.bottom) continue;
    const zs = c.scales.get(b)!;
    if (b.axisY > c.top) drawHeader(c, b);
    if (b.axisY + c.m.axisH > c.top && b.axisY < c.bottom) drawAxis(c, b, zs);
    const [i0, i1] = rowsInView(b.rows, c.top, c.bottom);
    let group: string | undefined;
    for (let i = i0; i < i1; i++) {
      const rg = b.rows[i];
      const agg = c.aggs.get(rg) ?? null;
      const groupStart = i === 0 || rg.row.group !== (group ?? b.rows[i - 1].row.group);
      group = rg.row.group;
      drawRowLabel(c, rg, groupStart);
      if (!c.pixels) drawRowVector(c, b, rg, zs, agg);
      if (!rg.row.valid) drawNoSpaceNote(c, rg);
      if (rg.row.valid && !c.pixels) drawGrid(c, rg, zs, b);
      if (agg && rg.h >= MIN_LABELLED_ROW * c.m.s) drawCellLabels(c, rg, agg, zs);
    }
    drawBandLines(c, b, zs);
  }
}

/** Each block whose axis has scrolled above the view while its rows are in it: the axis again, at the top of the view. */
export function drawPinnedAxes(c: RenderCtx): void {
  const { p, geom, m } = c;
  for (const b of geom.blocks) {
    if (b.axisY >= c.top || b.bottom <= c.top + m.axisH) continue;
    const pinned: RenderCtx = { ...c, board: new LabelBoard() };
    p.fillRect(0, c.top, geom.width, m.axisH, THEME.panel);
    p.line(0, c.top + m.axisH - 0.5, geom.width, c.top + m.axisH - 0.5, THEME.grid, 1);
    drawAxis(pinned, b as BlockGeom<MapBlock>, c.scales.get(b)!, c.top + 2);
  }
}
