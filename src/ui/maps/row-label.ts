/**
 * A row's label in the label column: an accent bar by kind, the title, and as much of the
 * subtitle as reads. Rows too thin for text (a fleet's compact rows) share one label per
 * group (a host), on the group's first row, with a rule across the track.
 */
import { THEME } from '../palette.ts';
import type { RowGeom } from './geometry.ts';
import { fitText } from './labels.ts';
import type { MapRow } from './map-row.ts';
import { put, putIfFree, type RenderCtx } from './render-context.ts';

function rowAccent(r: MapRow): string {
  return r.kind === 'g' ? THEME.rowAccent.g : r.kind === 'guest' ? THEME.rowAccent.guest : THEME.rowAccent.rid;
}

/** Rows thinner than this (CSS px at scale 1) carry no text of their own. */
export const MIN_LABELLED_ROW = 12;

export function drawRowLabel(c: RenderCtx, rg: RowGeom<MapRow>, groupStart: boolean) {
  const { p, m } = c;
  const r = rg.row;
  p.fillRect(0, rg.y, 3, rg.h, rowAccent(r));
  const x = 12;
  const w = m.labelW - x - 10;
  if (rg.h < MIN_LABELLED_ROW * m.s) {
    if (!groupStart || r.group === undefined) return;
    p.fillRect(m.labelW, rg.y, c.geom.trackX1 - m.labelW, 1, THEME.grid);
    putIfFree(c, fitText(p, r.group, m.ui(11, 600), w), x, rg.y, { font: m.ui(11, 600), fill: THEME.muted, baseline: 'top' }, 0);
    return;
  }
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
