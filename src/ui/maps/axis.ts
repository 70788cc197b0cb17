/**
 * A block's header (title, tag, subtitle) and its banded axis: the policy's bands as a
 * labelled strip, hex ticks where they fit, the squeezes of a framed plan, and the band
 * edges as dashed lines down the rows. The same for a scenario's hosts and a fleet's.
 */
import type { ScaleLinear } from 'd3-scale';
import { hex } from '../format.ts';
import { THEME } from '../palette.ts';
import type { Band } from './bands.ts';
import type { BlockGeom, PanelGeom } from './geometry.ts';
import { fitText } from './labels.ts';
import type { MapBlock } from './map-row.ts';
import { put, putIfFree, type RenderCtx } from './render-context.ts';

type Block = BlockGeom<MapBlock>;
type Scale = ScaleLinear<number, number>;

export function drawHeader(c: RenderCtx, b: Block) {
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
    p.fillRect(x, y - th / 2, tw, th, good ? THEME.tagGood.bg : THEME.tagWarn.bg);
    put(c, b.block.tag.toUpperCase(), x + 7, y + 0.5, { font: tagFont, fill: good ? THEME.tagGood.text : THEME.tagWarn.text, baseline: 'middle' });
    x += tw + 10;
  }
  // (The zoom buttons sit in the label column beside the first axis, not here.)
  const sub = fitText(p, b.block.subtitle, m.ui(12.5), geom.width - x - m.padR);
  if (sub) put(c, sub, x, y, { font: m.ui(12.5), fill: THEME.muted, baseline: 'middle' });
}

/** A band's pixel range, clipped to the track. */
export function bandX(zs: Scale, g: PanelGeom<MapBlock>, band: Band): [number, number] {
  const x0 = Math.max(g.trackX0, zs(band.lo));
  const x1 = Math.min(g.trackX1, zs(band.hi));
  return [x0, x1];
}

/** The axis of a block at its place, or at `y0` (pinned to the top of the view while its rows scroll under it). */
export function drawAxis(c: RenderCtx, b: Block, zs: Scale, y0 = b.axisY) {
  const { p, m, geom } = c;
  const stripH = Math.round(18 * m.s);
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
  if (plan.framed) drawSqueezes(c, b, zs, y0);
}

/** A framed plan squeezes the empty parts of a band: two slanted strokes across the band's rule say so. */
function drawSqueezes(c: RenderCtx, b: Block, zs: Scale, y0: number) {
  const { p, geom, m } = c;
  const { breaks, framed, bands } = b.block.plan;
  const y = y0 + Math.round(18 * m.s) - 1;
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

/** The band edges down the rows of a block, within the part of the panel drawn. */
export function drawBandLines(c: RenderCtx, b: Block, zs: Scale) {
  const { p, geom } = c;
  const top = Math.max(b.axisY + Math.round(18 * c.m.s), c.top);
  const bottom = Math.min(b.bottom, c.bottom);
  if (bottom <= top) return;
  for (const band of b.block.plan.bands) {
    const x = zs(band.lo);
    if (band.lo === 0 || x < geom.trackX0 || x > geom.trackX1) continue;
    p.line(x, top, x, bottom, THEME.bandLine, 1, [3, 3]);
  }
}
