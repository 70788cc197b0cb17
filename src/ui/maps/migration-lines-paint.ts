/**
 * A migrate step's remap lines (migration-lines.ts) through a Painter, for the exported
 * frame: the same curve, arrow head, labels and "+n more" as the screen's overlay
 * (migration-overlay.tsx) draws in SVG.
 */
import { THEME } from '../palette.ts';
import { MONO_FONT } from './geometry.ts';
import { offChevron, type LinesPlan, type MigrationLine } from './migration-lines.ts';
import type { Painter } from './painter.ts';

/** The lines' label size: 16 px in presenter mode, to read from the back of a room. */
export function lineFontPx(presenter: boolean): number {
  return presenter ? 16 : 12;
}

/** The distance between a label's lines (as migration-lines.ts sizes the box). */
export function labelLineStep(px: number): number {
  return Math.round(px * 1.25);
}

/** The curve's stroke and the halo under it: heavier in presenter mode. */
export function lineWidths(presenter: boolean): { stroke: number; halo: number } {
  return presenter ? { stroke: 3, halo: 6.5 } : { stroke: 2, halo: 5 };
}

/** The label font of the lines: monospace, bold enough to read over the maps. */
export function lineFont(px: number): string {
  return `700 ${px}px ${MONO_FONT}`;
}

function chevron(p: Painter, pts: [number, number][], colour: string, width: number) {
  for (let i = 0; i + 1 < pts.length; i++) p.line(pts[i][0], pts[i][1], pts[i + 1][0], pts[i + 1][1], colour, width);
}

function paintLine(p: Painter, l: MigrationLine, w: { stroke: number; halo: number }) {
  const { a, b, c1, c2 } = l;
  p.curve(a.x, a.y, c1[0], c1[1], c2[0], c2[1], b.x, b.y, THEME.halo, w.halo);
  p.curve(a.x, a.y, c1[0], c1[1], c2[0], c2[1], b.x, b.y, THEME.remapped, w.stroke);
  p.fillRect(a.x - 3, a.y - 3, 6, 6, THEME.remapped);
  if (b.off === null) {
    chevron(p, l.head, THEME.halo, w.halo);
    chevron(p, l.head, THEME.remapped, w.stroke);
  }
  for (const e of [a, b]) {
    const c = offChevron(e, 7);
    if (!c) continue;
    chevron(p, c, THEME.halo, 5);
    chevron(p, c, THEME.remapped, 2.5);
  }
}

export function paintMigrationLines(p: Painter, plan: LinesPlan, presenter: boolean) {
  const fontPx = lineFontPx(presenter);
  const font = lineFont(fontPx);
  for (const l of plan.lines) paintLine(p, l, lineWidths(presenter));
  for (const l of plan.lines) {
    if (!l.label) continue;
    const { x, y, w, h, lines } = l.label;
    p.fillRect(x - w / 2, y - h / 2, w, h, THEME.panel);
    p.strokeRect(x - w / 2, y - h / 2, w, h, THEME.remapped, 1.5);
    const step = labelLineStep(fontPx);
    lines.forEach((t, i) => p.text(t, x, y + (i - (lines.length - 1) / 2) * step, { font, fill: THEME.text, align: 'center', baseline: 'middle' }));
  }
  if (plan.more > 0) p.text(`+${plan.more} more`, plan.moreAt.x, plan.moreAt.y, { font, fill: THEME.remapped, align: 'center', baseline: 'middle', halo: THEME.halo });
}
