/**
 * Draw a panel: per host block a header, the banded axis, and the rows, each row from
 * per-pixel-column aggregates (DESIGN.md convention 7), then the links and the marks.
 * The cost is pixels × rows, not live PASIDs; cells, grid lines and labels are only
 * drawn where an ID is several pixels wide, so they are bounded by the width too.
 */
import type { ScaleLinear } from 'd3-scale';
import type { ZoomTransform } from 'd3-zoom';
import { aggregateColumns, lowerBound, type ColumnAggregate } from '../../core/view/range-aggregate.ts';
import { holderKey, type Holder } from '../../core/model/types.ts';
import { hex, sameHolder } from '../format.ts';
import { inkOn, OWNER_COLOURS, ownerColour, THEME } from '../palette.ts';
import type { Band } from './bands.ts';
import { zoomedScale, type BlockGeom, type Metrics, type PanelGeom, type RowGeom } from './geometry.ts';
import type { MarkModel, PanelModel, RowModel } from './model.ts';
import type { Painter, TextStyle } from './painter.ts';

export interface RenderOptions {
  hover?: { row: string; pasid: number } | null;
  /** the keyboard cursor, drawn as a focus ring while the map has the focus */
  focus?: { row: string; pasid: number } | null;
  /** fill the background (off when composing onto another background) */
  background?: boolean;
}

interface Ctx {
  p: Painter;
  model: PanelModel;
  geom: PanelGeom;
  m: Metrics;
  selectedKey: string | null;
  board: LabelBoard;
  /** per row: its per-pixel-column aggregate under the current zoom (rows with IDs only) */
  aggs: Map<RowGeom, ColumnAggregate>;
}

/** A text's box on the panel. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The font size in px of a CSS font shorthand (`600 12px Inter, …`). */
export function fontPx(font: string): number {
  const m = /([\d.]+)px/.exec(font);
  return m ? Number(m[1]) : 12;
}

/** Where a text drawn with `style` at (x, y) sits: its measured width, the font size for its height. */
export function textBox(p: Painter, s: string, x: number, y: number, style: TextStyle): Box {
  const w = p.measure(s, style.font);
  const h = fontPx(style.font);
  const x0 = style.align === 'center' ? x - w / 2 : style.align === 'right' ? x - w : x;
  const b = style.baseline ?? 'alphabetic';
  const y0 = b === 'middle' ? y - h / 2 : b === 'top' ? y : b === 'bottom' ? y - h : y - h * 0.8;
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

/**
 * Every label of a panel reserves its box here, and no label is drawn where another one
 * is: the labels that explain the step (an ENQCMD on the wire, conflict codes, where a
 * selected PASID goes) take their places first, and the cell, range and tick labels find
 * room around them or stay out.
 */
export class LabelBoard {
  private readonly boxes: Box[] = [];
  fits(b: Box, gap = 4): boolean {
    return this.boxes.every((o) => b.x1 + gap <= o.x0 || b.x0 >= o.x1 + gap || b.y1 <= o.y0 || b.y0 >= o.y1);
  }
  add(b: Box): void {
    this.boxes.push(b);
  }
}

/** A label placed before the rows are drawn, drawn on top of everything after them. */
interface Placed {
  text: string;
  x: number;
  y: number;
  style: TextStyle;
}

/** Draw text and reserve its place: the only way a label reaches the painter. */
function put(c: Ctx, text: string, x: number, y: number, style: TextStyle): void {
  c.board.add(textBox(c.p, text, x, y, style));
  c.p.text(text, x, y, style);
}

/** Draw text if its place is free (and reserve it); false when it would overlap a label. */
function putIfFree(c: Ctx, text: string, x: number, y: number, style: TextStyle, gap = 4): boolean {
  const b = textBox(c.p, text, x, y, style);
  if (!c.board.fits(b, gap)) return false;
  c.board.add(b);
  c.p.text(text, x, y, style);
  return true;
}

export function renderPanel(p: Painter, model: PanelModel, geom: PanelGeom, t: ZoomTransform, m: Metrics, opts: RenderOptions = {}) {
  const c: Ctx = { p, model, geom, m, selectedKey: model.selected ? holderKey(model.selected) : null, board: new LabelBoard(), aggs: new Map() };
  if (opts.background !== false) p.fillRect(0, 0, geom.width, geom.height, THEME.panel);
  const scales = new Map<BlockGeom, ScaleLinear<number, number>>();
  for (const b of geom.blocks) {
    const zs = zoomedScale(b, t);
    scales.set(b, zs);
    const edges = columnEdges(zs, geom, b.block.plan.max);
    for (const r of b.rows) if (r.row.ids.length) c.aggs.set(r, aggregateColumns(r.row.ids, edges, r.row.runStarts));
  }
  // The labels that say what the step did come first; the rest find room around them.
  const top = [...planWireLabels(c, scales), ...planConflictCodes(c, scales), ...planAxisMarkLabels(c, scales), ...planLinkLabels(c, scales)];
  for (const b of geom.blocks) {
    const zs = scales.get(b)!;
    drawHeader(c, b);
    drawAxis(c, b, zs);
    for (const r of b.rows) drawRow(c, b, r, zs);
    drawBandLines(c, b, zs);
  }
  drawLinks(c, scales);
  drawMarks(c, scales);
  drawWires(c, scales);
  drawAxisMarks(c, scales);
  for (const l of top) p.text(l.text, l.x, l.y, l.style);
  if (opts.hover) drawHover(c, scales, opts.hover);
  if (opts.focus) drawFocus(c, scales, opts.focus);
}

/**
 * Put the first of `options` (text and left x, in order of preference) that stays in the
 * track, is free on the board and, where possible, leaves the row's cells uncovered.
 */
function place(c: Ctx, rg: RowGeom | null, y: number, style: TextStyle, options: { text: string; x: number }[]): Placed | null {
  const { geom, p } = c;
  const agg = rg ? c.aggs.get(rg) : undefined;
  const overCells = (b: Box) => {
    if (!agg) return false;
    const a = Math.max(0, Math.floor(b.x0 - 2 - geom.trackX0));
    const z = Math.min(agg.count.length - 1, Math.ceil(b.x1 + 2 - geom.trackX0));
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
function beside(c: Ctx, rg: RowGeom | null, texts: string[], font: string, x0: number, x1: number, pad = 8): { text: string; x: number }[] {
  const { geom } = c;
  const agg = rg ? c.aggs.get(rg) : undefined;
  let r0 = x0;
  let r1 = x1;
  if (agg) {
    const n = agg.count.length;
    let i = Math.max(0, Math.floor(x0 - geom.trackX0));
    let j = Math.min(n - 1, Math.ceil(x1 - geom.trackX0));
    while (i > 0 && agg.count[i - 1] > 0) i--;
    while (j + 1 < n && agg.count[j + 1] > 0) j++;
    r0 = Math.min(x0, geom.trackX0 + i - 2);
    r1 = Math.max(x1, geom.trackX0 + j + 3);
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

// ---------------------------------------------------------------------------

function columnEdges(zs: ScaleLinear<number, number>, g: PanelGeom, max: number): Float64Array {
  const w = Math.max(1, Math.round(g.trackX1 - g.trackX0));
  const edges = new Float64Array(w + 1);
  for (let i = 0; i <= w; i++) edges[i] = Math.max(0, Math.min(max, zs.invert(g.trackX0 + i)));
  return edges;
}

function fitText(p: Painter, s: string, font: string, maxW: number): string {
  if (p.measure(s, font) <= maxW) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.measure(s.slice(0, mid) + '…', font) <= maxW) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? s.slice(0, lo) + '…' : '';
}

function drawHeader(c: Ctx, b: BlockGeom) {
  const { p, m, geom } = c;
  const y = b.y + Math.round(17 * m.s);
  const title = b.block.title;
  const tf = m.ui(16, 700);
  put(c, title, 12, y, { font: tf, fill: THEME.text, baseline: 'middle' });
  let x = 12 + p.measure(title, tf) + 10;
  if (b.block.tag) {
    const tagFont = m.ui(11, 700);
    const tw = p.measure(b.block.tag.toUpperCase(), tagFont) + 14;
    const th = Math.round(18 * m.s);
    const good = /after|destination/i.test(b.block.tag);
    p.fillRect(x, y - th / 2, tw, th, good ? '#1d3a55' : '#3a2f1a');
    put(c, b.block.tag.toUpperCase(), x + 7, y + 0.5, { font: tagFont, fill: good ? '#8fd0f5' : '#f2c15a', baseline: 'middle' });
    x += tw + 10;
  }
  // (The zoom buttons sit in the label column beside the first axis, not here.)
  const sub = fitText(p, b.block.subtitle, m.ui(12.5), geom.width - x - m.padR);
  if (sub) put(c, sub, x, y, { font: m.ui(12.5), fill: THEME.muted, baseline: 'middle' });
}

function bandX(zs: ScaleLinear<number, number>, g: PanelGeom, band: Band): [number, number] {
  const x0 = Math.max(g.trackX0, zs(band.lo));
  const x1 = Math.min(g.trackX1, zs(band.hi));
  return [x0, x1];
}

function drawAxis(c: Ctx, b: BlockGeom, zs: ScaleLinear<number, number>) {
  const { p, m, geom } = c;
  const stripH = Math.round(18 * m.s);
  const y0 = b.axisY;
  // Band strip: the policy's ranges, labelled.
  for (const band of b.block.plan.bands) {
    const [x0, x1] = bandX(zs, geom, band);
    if (x1 <= x0) continue;
    p.fillRect(x0, y0, x1 - x0, stripH, THEME.bands[band.kind]);
    if (band.kind === 'unused' || band.kind === 'reserved') p.hatch(x0, y0, x1 - x0, stripH, THEME.hatch, 6);
    p.fillRect(x0, y0 + stripH - 2, x1 - x0, 2, THEME.bandText[band.kind]);
    const font = m.ui(11.5, 600);
    const room = x1 - x0 - 8;
    const label = p.measure(band.label, font) <= room ? band.label : fitText(p, band.short, font, room);
    if (label) {
      // Keep the label on screen while the band is partly scrolled out.
      const w = p.measure(label, font);
      const cx = Math.min(Math.max((x0 + x1) / 2, x0 + 4 + w / 2), x1 - 4 - w / 2);
      putIfFree(c, label, cx, y0 + stripH / 2, { font, fill: THEME.bandText[band.kind], align: 'center', baseline: 'middle' });
    }
  }
  // Ticks: in a framed plan the used spans' IDs first (under their cells), then every
  // plan break (hex digit or band edge), then finer ones that fit; a label only where
  // no other is.
  const tickY = y0 + stripH + 2;
  const font = m.mono(10.5);
  const labelled = new Set<number>();
  const draw = (v: number, x: number, major: boolean) => {
    if (x < geom.trackX0 - 0.5 || x > geom.trackX1 + 0.5) return;
    const label = hex(v);
    const w = p.measure(label, font);
    let a = x - w / 2;
    a = Math.max(geom.trackX0, Math.min(geom.trackX1 - w, a));
    p.line(x, tickY, x, tickY + (major ? 6 : 4), major ? THEME.gridStrong : THEME.grid, 1);
    if (labelled.has(v)) return;
    if (putIfFree(c, label, a, tickY + Math.round(8 * m.s), { font, fill: major ? THEME.muted : THEME.faint, baseline: 'top' }, 6)) labelled.add(v);
  };
  const plan = b.block.plan;
  const breaks = plan.breaks;
  const pxPerIdOf = (i: number) => (zs(breaks[i + 1]) - zs(breaks[i])) / (breaks[i + 1] - breaks[i]);
  const visLo = zs.invert(geom.trackX0);
  const visHi = zs.invert(geom.trackX1);
  if (plan.framed)
    for (let i = 0; i + 1 < breaks.length; i++) {
      const px = pxPerIdOf(i);
      if (!plan.framed[i] || px < 14) continue;
      // From the span's first ID, every `step` IDs: as often as the labels fit.
      let step = 1;
      while (step * px < p.measure(hex(breaks[i + 1]), font) + 10) step *= 2;
      const from = breaks[i] + Math.max(0, Math.ceil((visLo - breaks[i]) / step)) * step;
      for (let v = from; v < breaks[i + 1] && v < visHi; v += step) draw(v, zs(v + 0.5), v === breaks[i]);
    }
  for (let i = 0; i < breaks.length; i++) if (!plan.framed?.[i] || pxPerIdOf(i) < 14) draw(breaks[i], zs(breaks[i]), true);
  for (let i = 0; i + 1 < breaks.length; i++) {
    if (plan.framed) continue;
    const a = Math.max(breaks[i], visLo);
    const z = Math.min(breaks[i + 1], visHi);
    if (z <= a) continue;
    const pxPerId = pxPerIdOf(i);
    const step = Math.max(1, 2 ** Math.ceil(Math.log2(Math.max(1e-9, 80 / pxPerId))));
    // Single PASIDs: put the label under the cell's centre.
    const centre = step === 1 && pxPerId >= 24 ? 0.5 : 0;
    const startV = centre ? Math.max(breaks[i], Math.floor(a)) : Math.ceil(a / step) * step;
    for (let v = startV; v < z && v < breaks[i + 1]; v += step) {
      if (v === breaks[i] && !centre) continue;
      draw(v, zs(v + centre), false);
    }
  }
  if (plan.framed) drawSqueezes(c, b, zs);
}

/** A framed plan squeezes the empty parts of a band: two slanted strokes across the band's rule say so. */
function drawSqueezes(c: Ctx, b: BlockGeom, zs: ScaleLinear<number, number>) {
  const { p, geom, m } = c;
  const { breaks, framed, bands } = b.block.plan;
  const y = b.axisY + Math.round(18 * m.s) - 1;
  for (let i = 0; i + 1 < breaks.length; i++) {
    if (framed?.[i]) continue;
    const band = bands.find((x) => breaks[i] >= x.lo && breaks[i] < x.hi);
    if (!band || band.kind === 'reserved' || band.kind === 'unused' || (breaks[i] === band.lo && breaks[i + 1] === band.hi)) continue;
    const x0 = zs(breaks[i]);
    const x1 = zs(breaks[i + 1]);
    if (x1 - x0 < 8 || x1 < geom.trackX0 || x0 > geom.trackX1) continue;
    const x = (x0 + x1) / 2;
    const h = 4 * m.s;
    p.fillRect(x - 4, y - h, 8, 2 * h, THEME.panel);
    p.line(x - 4, y + h, x - 1, y - h, THEME.bandText[band.kind], 1.5);
    p.line(x + 1, y + h, x + 4, y - h, THEME.bandText[band.kind], 1.5);
  }
}

function drawBandLines(c: Ctx, b: BlockGeom, zs: ScaleLinear<number, number>) {
  const { p, geom } = c;
  const top = b.axisY + Math.round(18 * c.m.s);
  for (const band of b.block.plan.bands) {
    const x = zs(band.lo);
    if (band.lo === 0 || x < geom.trackX0 || x > geom.trackX1) continue;
    p.line(x, top, x, b.bottom, 'rgba(255,255,255,0.18)', 1, [3, 3]);
  }
}

function rowAccent(r: RowModel): string {
  return r.kind === 'g' ? '#f2c15a' : r.kind === 'guest' ? '#8fd0f5' : '#6b7888';
}

function drawRowLabel(c: Ctx, rg: RowGeom) {
  const { p, m } = c;
  const r = rg.row;
  p.fillRect(0, rg.y, 3, rg.h, rowAccent(r));
  const x = 12;
  const w = m.labelW - x - 10;
  const titleFont = r.kind === 'rid' ? m.mono(12, 600) : m.ui(13, 700);
  const oneLine = rg.h < 26 * m.s;
  if (oneLine) {
    // Title, then as much of the subtitle as reads: all of it, its first part, or none.
    const tw = p.measure(r.title, titleFont) + 8;
    const subFont = m.ui(11);
    const first = r.subtitle.split(' · ')[0];
    const sub = [r.subtitle, first].find((t) => p.measure(t, subFont) <= w - tw) ?? '';
    put(c, fitText(p, r.title, titleFont, w), x, rg.y + rg.h / 2, { font: titleFont, fill: THEME.text, baseline: 'middle' });
    if (sub) put(c, sub, x + tw, rg.y + rg.h / 2, { font: subFont, fill: THEME.muted, baseline: 'middle' });
    return;
  }
  put(c, fitText(p, r.title, titleFont, w), x, rg.y + rg.h * 0.32, { font: titleFont, fill: THEME.text, baseline: 'middle' });
  const sub = fitText(p, r.subtitle, m.ui(11), w);
  if (sub) put(c, sub, x, rg.y + rg.h * 0.74, { font: m.ui(11), fill: THEME.muted, baseline: 'middle' });
}

function drawRow(c: Ctx, b: BlockGeom, rg: RowGeom, zs: ScaleLinear<number, number>) {
  const { p, geom } = c;
  const r = rg.row;
  const { trackX0: X0, trackX1: X1 } = geom;
  drawRowLabel(c, rg);
  p.fillRect(X0, rg.y, X1 - X0, rg.h, THEME.track);
  for (const band of b.block.plan.bands) {
    const [x0, x1] = bandX(zs, geom, band);
    if (x1 > x0) p.fillRect(x0, rg.y, x1 - x0, rg.h, THEME.bands[band.kind]);
  }
  // What the row cannot hold: hatched.
  const max = b.block.plan.max;
  const [vlo, vhi] = r.valid ?? [0, 0];
  const hatchRange = (lo: number, hi: number) => {
    const x0 = Math.max(X0, zs(lo));
    const x1 = Math.min(X1, zs(hi));
    if (x1 > x0) {
      p.fillRect(x0, rg.y, x1 - x0, rg.h, 'rgba(0,0,0,0.35)');
      p.hatch(x0, rg.y, x1 - x0, rg.h, THEME.hatch, 7);
    }
  };
  if (r.valid) {
    hatchRange(0, vlo);
    hatchRange(vhi, max);
  } else {
    hatchRange(0, max);
    const font = c.m.ui(11.5, 500);
    const text = fitText(p, 'no host-wide allocator under this policy', font, X1 - X0 - 20);
    if (text) putIfFree(c, text, X0 + 10, rg.y + rg.h / 2, { font, fill: THEME.muted, baseline: 'middle', halo: THEME.track });
  }
  const agg = c.aggs.get(rg);
  if (!agg) {
    if (r.valid) drawGrid(c, rg, zs, b);
    return;
  }
  fillColumns(c, rg, r, agg);
  drawGrid(c, rg, zs, b);
  drawCellLabels(c, rg, r, agg, zs);
}

function colourOf(c: Ctx, h: Holder): string {
  return ownerColour(c.model.palette, h);
}

function fillColumns(c: Ctx, rg: RowGeom, r: RowModel, agg: ColumnAggregate) {
  const { p, geom } = c;
  const n = agg.count.length;
  const dimOthers = c.selectedKey !== null;
  let i = 0;
  while (i < n) {
    if (agg.count[i] === 0) {
      i++;
      continue;
    }
    const e = r.entries[agg.first[i]];
    const mixed = agg.mixed[i] === 1;
    const key = mixed ? '*' : holderKey(e.holder);
    let j = i;
    while (j + 1 < n && agg.count[j + 1] > 0 && agg.mixed[j + 1] === 0 && !mixed && holderKey(r.entries[agg.first[j + 1]].holder) === key) j++;
    const x = geom.trackX0 + i;
    const w = j - i + 1;
    const selected = !mixed && key === c.selectedKey;
    const alpha = dimOthers && !selected ? 0.28 : 1;
    p.setAlpha(alpha);
    if (mixed) {
      p.fillRect(x, rg.y + 2, w, rg.h - 4, '#d8dee6');
      p.hatch(x, rg.y + 2, w, rg.h - 4, 'rgba(0,0,0,0.45)', 3);
    } else {
      // Sparse columns (an ID far narrower than a pixel) are drawn at least 2 px wide.
      const ww = Math.max(w, 2);
      p.fillRect(x, rg.y + 2, ww, rg.h - 4, colourOf(c, e.holder));
    }
    p.setAlpha(1);
    i = j + 1;
  }
}

/** Cell boundaries where an ID is at least 5 px wide: single PASIDs become visible slots. */
function drawGrid(c: Ctx, rg: RowGeom, zs: ScaleLinear<number, number>, b: BlockGeom) {
  const { p, geom } = c;
  const breaks = b.block.plan.breaks;
  const visLo = zs.invert(geom.trackX0);
  const visHi = zs.invert(geom.trackX1);
  for (let i = 0; i + 1 < breaks.length; i++) {
    const a = Math.max(breaks[i], Math.floor(visLo));
    const z = Math.min(breaks[i + 1], Math.ceil(visHi));
    if (z <= a) continue;
    const pxPerId = (zs(breaks[i + 1]) - zs(breaks[i])) / (breaks[i + 1] - breaks[i]);
    if (pxPerId < 5) continue;
    for (let v = a; v <= z; v++) {
      const x = Math.round(zs(v)) + 0.5;
      if (x < geom.trackX0 || x > geom.trackX1) continue;
      p.line(x, rg.y + 1, x, rg.y + rg.h - 1, THEME.panel, pxPerId >= 14 ? 2 : 1);
    }
  }
}

function drawCellLabels(c: Ctx, rg: RowGeom, r: RowModel, agg: ColumnAggregate, zs: ScaleLinear<number, number>) {
  const { p, geom, m } = c;
  const font = m.mono(11, 600);
  const n = agg.count.length;
  let lastEnd = -Infinity;
  let i = 0;
  while (i < n) {
    if (agg.count[i] === 0) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < n && agg.count[j + 1] > 0) j++;
    const fIdx = agg.first[i];
    const lIdx = agg.last[j];
    const a = r.ids[fIdx];
    const z = r.ids[lIdx];
    const count = lIdx - fIdx + 1;
    const cellW = zs(a + 1) - zs(a);
    const widest = p.measure(z.toString(16), font);
    if (cellW >= widest + 6 && count <= 512) {
      // Every cell carries its own label (and the owner's name when it fits).
      for (let k = fIdx; k <= lIdx; k++) {
        const e = r.entries[k];
        const x0 = zs(e.pasid);
        const x1 = zs(e.pasid + 1);
        if (x1 < geom.trackX0 || x0 > geom.trackX1) continue;
        const fill = colourOf(c, e.holder);
        // The longest label that fits: number and owner, the number, its bare hex digits.
        const label = [`${hex(e.pasid)} ${e.holder.process}`, hex(e.pasid), e.pasid.toString(16)].find((t) => p.measure(t, font) + 6 <= cellW);
        if (!label) continue;
        const dim = c.selectedKey !== null && holderKey(e.holder) !== c.selectedKey;
        p.setAlpha(dim ? 0.5 : 1);
        putIfFree(c, label, (Math.max(x0, geom.trackX0) + Math.min(x1, geom.trackX1)) / 2, rg.y + rg.h / 2 + 0.5, {
          font,
          fill: inkOn(fill),
          align: 'center',
          baseline: 'middle',
        }, 2);
        p.setAlpha(1);
      }
      lastEnd = geom.trackX0 + j + 1;
    } else {
      const contiguous = z - a + 1 === count;
      const candidates =
        count === 1 ? [hex(a)] : contiguous ? [`${hex(a)}–${hex(z)}`, `${hex(a)}…`] : [`${hex(a)}…${hex(z)} (${count})`, `${hex(a)}…`];
      const x0 = geom.trackX0 + i;
      const x1 = geom.trackX0 + j + 1;
      let nextStart = geom.trackX1;
      for (let q = j + 1; q < n; q++)
        if (agg.count[q] > 0) {
          nextStart = geom.trackX0 + q;
          break;
        }
      const fill = colourOf(c, r.entries[fIdx].holder);
      // Inside the cluster when it fits; else just right of it, else left of it.
      const spots = candidates.flatMap((label) => {
        const w = p.measure(label, font);
        if (w + 6 <= x1 - x0) return [{ label, w, lx: (x0 + x1) / 2 - w / 2, inside: true }];
        const out: { label: string; w: number; lx: number; inside: boolean }[] = [];
        if (x1 + 4 + w <= nextStart - 4) out.push({ label, w, lx: x1 + 4, inside: false });
        out.push({ label, w, lx: x0 - 4 - w, inside: false });
        return out;
      });
      for (const { label, w, lx, inside } of spots) {
        if (lx < lastEnd + 6 || lx < geom.trackX0 || lx + w > geom.trackX1) continue;
        const drawn = putIfFree(c, label, lx, rg.y + rg.h / 2 + 0.5, {
          font,
          fill: inside ? inkOn(fill) : '#ffffff',
          baseline: 'middle',
          halo: inside ? undefined : 'rgba(8,11,16,0.95)',
        }, 6);
        if (!drawn) continue;
        lastEnd = Math.max(lastEnd, lx + w);
        break;
      }
    }
    i = j + 1;
  }
}

function cellBox(zs: ScaleLinear<number, number>, geom: PanelGeom, rg: RowGeom, pasid: number, minW: number): [number, number, number, number] {
  let x0 = zs(pasid);
  let x1 = zs(pasid + 1);
  if (x1 - x0 < minW) {
    const mid = (x0 + x1) / 2;
    x0 = mid - minW / 2;
    x1 = mid + minW / 2;
  }
  x0 = Math.max(geom.trackX0 - 2, x0);
  x1 = Math.min(geom.trackX1 + 2, x1);
  return [x0, rg.y, x1 - x0, rg.h];
}

function centreX(zs: ScaleLinear<number, number>, pasid: number): number {
  return (zs(pasid) + zs(pasid + 1)) / 2;
}

function drawLinks(c: Ctx, scales: Map<BlockGeom, ScaleLinear<number, number>>) {
  const { p, geom, model } = c;
  const ordered = [...model.links].sort((a, b) => Number(a.selected) - Number(b.selected));
  p.clip(geom.trackX0 - 4, 0, geom.trackX1 - geom.trackX0 + 8, geom.height);
  for (const l of ordered) {
    const from = geom.rowByKey.get(l.from.row);
    const to = geom.rowByKey.get(l.to.row);
    if (!from || !to) continue;
    const zs = scales.get(from.block)!;
    const x1 = centreX(zs, l.from.pasid);
    const x2 = centreX(zs, l.to.pasid);
    const up = to.row.y < from.row.y;
    const y1 = up ? from.row.y + 3 : from.row.y + from.row.h - 3;
    const y2 = up ? to.row.y + to.row.h - 3 : to.row.y + 3;
    const dy = (y2 - y1) * 0.5;
    const colour = colourOf(c, l.holder);
    const dimmed = c.selectedKey !== null && !l.selected;
    if (l.selected) {
      p.curve(x1, y1, x1, y1 + dy, x2, y2 - dy, x2, y2, 'rgba(8,11,16,0.9)', 6);
      p.curve(x1, y1, x1, y1 + dy, x2, y2 - dy, x2, y2, colour, 3);
      p.fillRect(x1 - 3, y1 - 3, 6, 6, colour);
      p.fillRect(x2 - 3, y2 - 3, 6, 6, colour);
    } else {
      p.setAlpha(dimmed ? 0.15 : 0.75);
      p.curve(x1, y1, x1, y1 + dy, x2, y2 - dy, x2, y2, colour, 1.5);
      p.setAlpha(1);
    }
  }
  p.unclip();
}

function drawMarks(c: Ctx, scales: Map<BlockGeom, ScaleLinear<number, number>>) {
  const { p, geom, model } = c;
  const selectedRings: { zs: ScaleLinear<number, number>; rg: RowGeom; pasid: number }[] = [];
  if (model.selected) {
    for (const b of geom.blocks)
      for (const rg of b.rows)
        for (const e of rg.row.entries) if (sameHolder(e.holder, model.selected)) selectedRings.push({ zs: scales.get(b)!, rg, pasid: e.pasid });
  }
  for (const s of selectedRings) {
    const [x, y, w, h] = cellBox(s.zs, geom, s.rg, s.pasid, 8);
    p.strokeRect(x - 1, y - 1, w + 2, h + 2, '#ffffff', 2);
  }
  for (const mk of model.marks) drawMark(c, mk, scales);
}

function drawMark(c: Ctx, mk: MarkModel, scales: Map<BlockGeom, ScaleLinear<number, number>>) {
  const { p, geom } = c;
  const at = geom.rowByKey.get(mk.row);
  if (!at) return;
  const zs = scales.get(at.block)!;
  const [x, y, w, h] = cellBox(zs, geom, at.row, mk.pasid, 10);
  if (x + w < geom.trackX0 || x > geom.trackX1) return;
  if (mk.kind === 'added') {
    p.setAlpha(0.35);
    p.strokeRect(x - 4, y - 3, w + 8, h + 6, THEME.changed, 4);
    p.setAlpha(1);
    p.strokeRect(x - 2, y - 1, w + 4, h + 2, THEME.changed, 2);
  } else if (mk.kind === 'removed') {
    const colour = mk.holder ? colourOf(c, mk.holder) : OWNER_COLOURS[0];
    p.setAlpha(0.45);
    p.hatch(x, y + 2, w, h - 4, colour, 3);
    p.setAlpha(1);
    p.strokeRect(x - 2, y - 1, w + 4, h + 2, THEME.changed, 1.5, [3, 3]);
  } else {
    p.setAlpha(0.55);
    p.hatch(x, y + 2, w, h - 4, THEME.conflict, 3);
    p.setAlpha(1);
    p.strokeRect(x - 2, y - 1, w + 4, h + 2, THEME.conflict, 3);
  }
}

/** ENQCMD: an arrow from the guest PASID to the PASID on the wire, landing on the target RID. */
function drawWires(c: Ctx, scales: Map<BlockGeom, ScaleLinear<number, number>>) {
  const { p, geom, model } = c;
  for (const w of model.wires) {
    const at = geom.rowByKey.get(w.row);
    if (!at) continue;
    const zs = scales.get(at.block)!;
    const colour = w.ok ? '#3fcf9a' : THEME.conflict;
    const x = centreX(zs, w.pasid);
    const [bx, by, bw, bh] = cellBox(zs, geom, at.row, w.pasid, 10);
    if (w.from) {
      const src = geom.rowByKey.get(w.from.row);
      if (src) {
        const sx = centreX(zs, w.from.pasid);
        const up = at.row.y < src.row.y;
        const y1 = up ? src.row.y : src.row.y + src.row.h;
        const y2 = up ? at.row.y + at.row.h + 2 : at.row.y - 2;
        const dy = (y2 - y1) * 0.5;
        p.curve(sx, y1, sx, y1 + dy, x, y2 - dy, x, y2, 'rgba(8,11,16,0.9)', 5);
        p.curve(sx, y1, sx, y1 + dy, x, y2 - dy, x, y2, colour, 2.5);
      }
    }
    if (x < geom.trackX0 || x > geom.trackX1) continue;
    p.strokeRect(bx - 3, by - 2, bw + 6, bh + 4, colour, 2.5, w.ok ? [] : [4, 3]);
  }
}

function drawAxisMarks(c: Ctx, scales: Map<BlockGeom, ScaleLinear<number, number>>) {
  const { p, geom, model, m } = c;
  for (const am of model.axisMarks) {
    const b = geom.blocks.find((x) => x.block.host.id === am.host);
    if (!b) continue;
    const zs = scales.get(b)!;
    const x = centreX(zs, am.pasid);
    if (x < geom.trackX0 || x > geom.trackX1) continue;
    const y = b.axisY + Math.round(18 * m.s);
    p.line(x, y, x, b.bottom, THEME.conflict, 2, [5, 3]);
    p.marker(x, y + 2, 6 * m.s, THEME.conflict);
  }
}

// ---------------------------------------------------------------------------
// The labels that explain the step, placed before everything else.

const HALO = 'rgba(8,11,16,0.95)';

/** ENQCMD: what went on the wire, beside the cell it landed on. */
function planWireLabels(c: Ctx, scales: Map<BlockGeom, ScaleLinear<number, number>>): Placed[] {
  const { geom, model, m } = c;
  const out: Placed[] = [];
  for (const w of model.wires) {
    const at = geom.rowByKey.get(w.row);
    if (!at) continue;
    const zs = scales.get(at.block)!;
    const [bx, by, bw, bh] = cellBox(zs, geom, at.row, w.pasid, 10);
    if (bx + bw < geom.trackX0 || bx > geom.trackX1) continue;
    const mark = w.ok ? '✓' : '✗';
    const texts = [`ENQCMD wire ${hex(w.pasid)} ${mark}`, `wire ${hex(w.pasid)} ${mark}`, `${hex(w.pasid)} ${mark}`, mark];
    const style: TextStyle = { font: m.ui(11.5, 800), fill: w.ok ? '#3fcf9a' : THEME.conflict, baseline: 'middle', halo: HALO };
    const got = place(c, at.row, by + bh / 2, style, beside(c, at.row, texts, style.font, bx - 3, bx + bw + 3, 6));
    if (got) out.push(got);
  }
  return out;
}

/** One code label per row of conflicts, beside them (right of the rightmost, else left of the leftmost). */
function planConflictCodes(c: Ctx, scales: Map<BlockGeom, ScaleLinear<number, number>>): Placed[] {
  const { geom, model, m } = c;
  const byRow = new Map<string, { left: number; right: number; codes: Set<string>; rg: RowGeom }>();
  for (const mk of model.marks) {
    if (mk.kind !== 'conflict') continue;
    const at = geom.rowByKey.get(mk.row);
    if (!at) continue;
    const zs = scales.get(at.block)!;
    const [x, , w] = cellBox(zs, geom, at.row, mk.pasid, 10);
    const e = byRow.get(mk.row) ?? { left: Infinity, right: -Infinity, codes: new Set<string>(), rg: at.row };
    e.left = Math.min(e.left, x);
    e.right = Math.max(e.right, x + w);
    e.codes.add(mk.text?.split(':')[0] ?? '');
    byRow.set(mk.row, e);
  }
  const out: Placed[] = [];
  const style: TextStyle = { font: m.ui(11, 800), fill: THEME.conflict, baseline: 'middle', halo: HALO };
  for (const e of byRow.values()) {
    const codes = [...e.codes].filter(Boolean);
    if (!codes.length || e.right < geom.trackX0 || e.left > geom.trackX1) continue;
    const texts = codes.length > 1 ? [codes.join(' '), codes[0]] : codes;
    const got = place(c, e.rg, e.rg.y + e.rg.h / 2, style, beside(c, e.rg, texts, style.font, e.left - 2, e.right + 2, 4));
    if (got) out.push(got);
  }
  return out;
}

/** A conflict with no cell (ERANGE): its code and PASID under the axis, beside the marker. */
function planAxisMarkLabels(c: Ctx, scales: Map<BlockGeom, ScaleLinear<number, number>>): Placed[] {
  const { geom, model, m } = c;
  const out: Placed[] = [];
  const style: TextStyle = { font: m.ui(11, 800), fill: THEME.conflict, baseline: 'middle', halo: HALO };
  for (const am of model.axisMarks) {
    const b = geom.blocks.find((x) => x.block.host.id === am.host);
    if (!b) continue;
    const x = centreX(scales.get(b)!, am.pasid);
    if (x < geom.trackX0 || x > geom.trackX1) continue;
    const code = am.text.split(':')[0];
    const y = b.axisY + Math.round(18 * m.s) + 10 * m.s;
    const got = place(c, null, y, style, beside(c, null, [`${code} ${hex(am.pasid)}`, code], style.font, x - 6 * m.s, x + 6 * m.s, 3));
    if (got) out.push(got);
  }
  return out;
}

/** One label per selected guest PASID, beside it in the guest row: what it becomes on the host. */
function planLinkLabels(c: Ctx, scales: Map<BlockGeom, ScaleLinear<number, number>>): Placed[] {
  const { geom, model, m } = c;
  const out: Placed[] = [];
  const style: TextStyle = { font: m.mono(11.5, 700), fill: '#ffffff', baseline: 'middle', halo: HALO };
  const done = new Set<string>();
  for (const l of model.links) {
    if (!l.selected || l.kind === 'g') continue;
    const key = `${l.from.row}|${l.from.pasid}`;
    if (done.has(key)) continue;
    done.add(key);
    const from = geom.rowByKey.get(l.from.row);
    if (!from) continue;
    const targets = [...new Set(model.links.filter((o) => o.selected && o.from.row === l.from.row && o.from.pasid === l.from.pasid).map((o) => o.to.pasid))];
    const long = targets.map((t) => (t === l.from.pasid ? `${hex(t)} v==p` : `→ host ${hex(t)}`)).join(', ');
    const short = targets.map((t) => (t === l.from.pasid ? 'v==p' : `→ ${hex(t)}`)).join(', ');
    const zs = scales.get(from.block)!;
    const [bx, , bw] = cellBox(zs, geom, from.row, l.from.pasid, 8);
    if (bx + bw < geom.trackX0 || bx > geom.trackX1) continue;
    const got = place(c, from.row, from.row.y + from.row.h / 2, style, beside(c, from.row, [long, short], style.font, bx, bx + bw, 6));
    if (got) out.push(got);
  }
  return out;
}

function drawHover(c: Ctx, scales: Map<BlockGeom, ScaleLinear<number, number>>, hover: { row: string; pasid: number }) {
  const at = c.geom.rowByKey.get(hover.row);
  if (!at) return;
  const zs = scales.get(at.block)!;
  const [x, y, w, h] = cellBox(zs, c.geom, at.row, hover.pasid, 6);
  c.p.strokeRect(x - 1, y, w + 2, h, 'rgba(255,255,255,0.85)', 1);
}

/** The keyboard cursor: a thick ring in the focus colour, outside every other mark, on a dark halo. */
function drawFocus(c: Ctx, scales: Map<BlockGeom, ScaleLinear<number, number>>, focus: { row: string; pasid: number }) {
  const at = c.geom.rowByKey.get(focus.row);
  if (!at) return;
  const zs = scales.get(at.block)!;
  const [x, y, w, h] = cellBox(zs, c.geom, at.row, focus.pasid, 10);
  c.p.strokeRect(x - 6, y - 5, w + 12, h + 10, 'rgba(8,11,16,0.95)', 5);
  c.p.strokeRect(x - 6, y - 5, w + 12, h + 10, THEME.focus, 3);
}

/** The used entry nearest to x (within `slop` px) in a row, or the free PASID under x. */
export function hitCell(
  zs: ScaleLinear<number, number>,
  row: RowModel,
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
