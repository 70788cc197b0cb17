/**
 * Where everything of a panel goes: row positions, the track's pixel range and each
 * host block's base scale (a d3 polylinear scale over the axis plan). Shared by drawing
 * and hit testing.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { breakPixels } from './bands.ts';
import type { MapBlock, MapRow } from './map-row.ts';
import type { BlockModel } from './model.ts';

export const UI_FONT = `Inter, "IBM Plex Sans", "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif`;
export const MONO_FONT = `"JetBrains Mono", "IBM Plex Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace`;

export interface Metrics {
  s: number;
  labelW: number;
  rowH: number;
  /** the shortest a row may get to fit the height there is (presenter mode: a beamer's 720 px) */
  minRowH: number;
  rowGap: number;
  headerH: number;
  axisH: number;
  blockGap: number;
  padR: number;
  ui(px: number, weight?: number): string;
  mono(px: number, weight?: number): string;
}

/** normal: the whole screen; side: half of it (migration); dense: a quarter (compare). */
export type Density = 'normal' | 'side' | 'dense';

/**
 * Presenter mode's type: 1.6× the desk's, so the renderer's smallest label (10.5 px) is
 * over 16 px on a beamer, as the page's CSS type is (13 px → 21 px).
 */
export const PRESENTER_SCALE = 1.6;

export function makeMetrics(presenter: boolean, density: Density): Metrics {
  const s = presenter ? PRESENTER_SCALE : 1;
  const r = (v: number) => Math.round(v * s);
  const rowH = r(density === 'dense' ? 24 : density === 'side' ? 34 : 32);
  return {
    s,
    labelW: r(density === 'normal' ? 230 : density === 'side' ? 158 : 150),
    rowH,
    // Rows may give back some of the scale to fit every row on the screen, never below what their type needs.
    minRowH: presenter ? Math.max(Math.round(19 * s), Math.round(rowH * 0.62)) : rowH,
    rowGap: r(density === 'dense' ? 3 : 4),
    headerH: r(density === 'dense' ? 32 : 40),
    axisH: r(density === 'dense' ? 38 : 42),
    blockGap: r(density === 'dense' ? 10 : 18),
    padR: r(14),
    ui: (px, weight = 400) => `${weight} ${Math.round(px * s * 10) / 10}px ${UI_FONT}`,
    mono: (px, weight = 400) => `${weight} ${Math.round(px * s * 10) / 10}px ${MONO_FONT}`,
  };
}

type RowOf<B extends MapBlock> = B['rows'][number];

export interface RowGeom<R extends MapRow = BlockModel['rows'][number]> {
  row: R;
  y: number;
  h: number;
  /** the row's place among all rows of the panel, top to bottom */
  index: number;
}

export interface BlockGeom<B extends MapBlock = BlockModel> {
  block: B;
  y: number;
  axisY: number;
  rows: RowGeom<RowOf<B>>[];
  bottom: number;
  base: ScaleLinear<number, number>;
}

export interface PanelGeom<B extends MapBlock = BlockModel> {
  width: number;
  height: number;
  trackX0: number;
  trackX1: number;
  blocks: BlockGeom<B>[];
  rowByKey: Map<string, { block: BlockGeom<B>; row: RowGeom<RowOf<B>> }>;
  /** the largest useful zoom: the densest segment shows an ID at least 48 px wide */
  maxZoom: number;
}

/**
 * Lay the panel out for `width`. With `fitHeight`, rows grow (up to 1.75×) to use the
 * height there is: a short scenario on a projector gets tall, readable rows; in presenter
 * mode they may also shrink (to `minRowH`) so that every row is on the screen.
 */
export function layoutPanel<B extends MapBlock>(model: { blocks: B[] }, width: number, m: Metrics, fitHeight?: number): PanelGeom<B> {
  const trackX0 = m.labelW;
  let rowH = m.rowH;
  const nRows = model.blocks.reduce((n, b) => n + b.rows.length, 0);
  if (fitHeight && nRows > 0) {
    const fixed = Math.round(8 * m.s) + model.blocks.length * (m.headerH + m.axisH + m.blockGap) + nRows * m.rowGap;
    rowH = Math.max(m.minRowH, Math.min(Math.round(m.rowH * 1.75), Math.floor((fitHeight - fixed) / nRows)));
  }
  const trackX1 = Math.max(trackX0 + 50, width - m.padR);
  const trackW = trackX1 - trackX0;
  const blocks: BlockGeom<B>[] = [];
  const rowByKey: PanelGeom<B>['rowByKey'] = new Map();
  let index = 0;
  let y = Math.round(8 * m.s);
  let maxZoom = 1;
  for (const b of model.blocks) {
    const px = breakPixels(b.plan, trackW).map((v) => v + trackX0);
    const base = scaleLinear().domain(b.plan.breaks).range(px);
    for (let i = 0; i + 1 < px.length; i++) {
      const idsPerPx = (b.plan.breaks[i + 1] - b.plan.breaks[i]) / Math.max(1e-6, px[i + 1] - px[i]);
      maxZoom = Math.max(maxZoom, 48 * idsPerPx);
    }
    const axisY = y + m.headerH;
    let ry = axisY + m.axisH;
    const g: BlockGeom<B> = { block: b, y, axisY, rows: [], bottom: 0, base };
    for (const r of b.rows as RowOf<B>[]) {
      const rg: RowGeom<RowOf<B>> = { row: r, y: ry, h: rowH, index: index++ };
      g.rows.push(rg);
      rowByKey.set(r.key, { block: g, row: rg });
      ry += rowH + m.rowGap;
    }
    g.bottom = ry - m.rowGap;
    blocks.push(g);
    y = g.bottom + m.blockGap;
  }
  return { width, height: y, trackX0, trackX1, blocks, rowByKey, maxZoom };
}

/**
 * The block's scale under the current zoom. The zoom is an affine map of the pixel axis,
 * so it applies to the base scale's output: every breakpoint's pixel goes through the
 * transform and the segments stay linear between them. (d3's `rescaleX` rescales the
 * domain instead, which is only right for a scale with one segment: on the piecewise
 * axis it would stretch one segment and squash its neighbours.)
 */
export function zoomedScale(b: { base: ScaleLinear<number, number> }, t: ZoomTransform): ScaleLinear<number, number> {
  if (t.k === 1 && t.x === 0) return b.base;
  return b.base.copy().range(b.base.range().map((x) => t.applyX(x)));
}

/** Keep the zoomed track covering the whole track: pan stops at both ends, y is ignored. */
export function constrainX(t: ZoomTransform, x0: number, x1: number): ZoomTransform {
  const k = Math.max(1, t.k);
  let tx = t.x;
  if ((x0 - tx) / k < x0) tx = x0 - x0 * k;
  if ((x1 - tx) / k > x1) tx = x1 - x1 * k;
  return zoomIdentity.translate(tx, 0).scale(k);
}

/** Which row is at y, if any (a binary search: a panel may have many thousands of rows). */
export function rowAt<B extends MapBlock>(g: PanelGeom<B>, y: number): { block: BlockGeom<B>; row: RowGeom<RowOf<B>> } | null {
  for (const b of g.blocks) {
    if (y < b.axisY || y > b.bottom + 2) continue;
    const rows = b.rows;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid].y + rows[mid].h + 2 < y) lo = mid + 1;
      else hi = mid;
    }
    // With a gap under 4 px two rows may both be within 2 px of y: the one under y wins.
    for (let i = lo; i < rows.length && rows[i].y - 2 <= y; i++) {
      const r = rows[i];
      const next = rows[i + 1];
      if (next && next.y <= y) continue;
      if (y >= r.y - 2 && y <= r.y + r.h + 2) return { block: b, row: r };
    }
  }
  return null;
}
