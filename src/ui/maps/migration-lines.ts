/**
 * Where a migrate step's remap lines go: from the old hPASID's cell on the source panel to
 * the new hPASID's cell on the destination panel, in the coordinates of whatever spans
 * both (the screen's overlay, or an exported frame). Pure geometry, unit-tested; drawn by
 * migration-overlay.tsx on screen and by migration-lines-paint.ts in an export.
 *
 * An end whose cell is out of view (scrolled away, or zoomed off the track) is clamped to
 * the edge of what its panel shows and says which edge: it is drawn as pointing out of the
 * panel, never over a cell that is not its own.
 */
import type { ZoomTransform } from 'd3-zoom';
import type { Outcome } from '../../core/model/types.ts';
import { hex } from '../format.ts';
import { zoomedScale, type PanelGeom } from './geometry.ts';
import type { PanelModel } from './model.ts';

/** How many lines a step draws at most; the rest are counted as "+n more". */
export const MAX_LINES = 64;

export type Remap = NonNullable<Outcome['migration']>['remapped'][number];

/** One migration panel, as the surface that spans both sees it. */
export interface SideLayout {
  /** the panel's top-left corner in the spanning surface's coordinates */
  x: number;
  y: number;
  model: PanelModel;
  geom: PanelGeom;
  transform: Pick<ZoomTransform, 'k' | 'x' | 'applyX'>;
  /** the rows in view, in panel coordinates: [top, bottom) (the whole panel in an export) */
  visible: { top: number; bottom: number };
  /** the axis pinned over the top of the view while scrolled (its height; 0 when not pinned) */
  pinnedAxis?: number;
}

/** Which edge of its panel's view an end was clamped to, or null when its cell is in view. */
export type Off = 'top' | 'bottom' | 'left' | 'right' | null;

export interface LineEnd {
  x: number;
  y: number;
  off: Off;
  /** the row of the cell (a panel row key) */
  row: string;
}

export interface MigrationLine {
  remap: Remap;
  a: LineEnd;
  b: LineEnd;
  /** the cubic's control points */
  c1: [number, number];
  c2: [number, number];
  /** the arrow head at b: wing, tip, wing (a chevron) */
  head: [number, number][];
  /**
   * `0x1001 → 0x2001` where the curve crosses the gap between the panels (on two lines in
   * the narrow gap beside, on one in the wide gap stacked), when it fits among the others
   */
  label: { x: number; y: number; w: number; h: number; lines: string[] } | null;
}

export interface LinesPlan {
  lines: MigrationLine[];
  /** remaps beyond the cap, not drawn */
  more: number;
  /** remaps whose cells are on neither panel (not drawn, still in the text list) */
  unplaced: number;
  /** the destination panel is below the source (narrow screens), not beside it */
  stacked: boolean;
  /** where "+n more" goes: between the panels, at their top */
  moreAt: { x: number; y: number };
}

export interface PlanOptions {
  cap?: number;
  /** the label's font size in px (the text is monospace) */
  fontPx?: number;
  /** a label's width; by default a monospace estimate */
  measure?: (text: string) => number;
}

/** A remap's label: one line, or two (old; → new). */
export function remapLabel(r: Remap, twoLines = false): string[] {
  return twoLines ? [hex(r.from), `→ ${hex(r.to)}`] : [`${hex(r.from)} → ${hex(r.to)}`];
}

/**
 * The remapped mark of `pasid` for the remap's process on a panel: its first row, top to
 * bottom, or its last (stacked, the source's row nearest the destination below it).
 */
function markedCell(side: SideLayout, vm: string, r: Remap, pasid: number, last: boolean): { row: string; block: PanelGeom['blocks'][number]; y: number; h: number } | null {
  let best: { row: string; block: PanelGeom['blocks'][number]; y: number; h: number; index: number } | null = null;
  for (const mk of side.model.marks) {
    if (mk.kind !== 'remapped' || mk.pasid !== pasid || mk.holder?.type !== 'guest' || mk.holder.vm !== vm || mk.holder.process !== r.process) continue;
    const at = side.geom.rowByKey.get(mk.row);
    if (at && (!best || (last ? at.row.index > best.index : at.row.index < best.index))) best = { row: mk.row, block: at.block, y: at.row.y, h: at.row.h, index: at.row.index };
  }
  return best;
}

/** The panel's view in the surface's coordinates: the track across, the rows in view down. */
function viewBox(s: SideLayout): { x0: number; x1: number; y0: number; y1: number } {
  const top = s.visible.top + (s.pinnedAxis ?? 0);
  return { x0: s.x + s.geom.trackX0, x1: s.x + s.geom.trackX1, y0: s.y + top, y1: s.y + Math.max(top, s.visible.bottom) };
}

/**
 * An end clamped into its panel's view, and which edge it went to (top and bottom first:
 * scrolling is the usual cause). Whether it is off is the cell's centre's call (`probe`):
 * an end at the edge of a cell in view may stick out of the view by its margin.
 */
export function clampEnd(
  x: number,
  y: number,
  box: { x0: number; x1: number; y0: number; y1: number },
  probe: { x: number; y: number } = { x, y },
): { x: number; y: number; off: Off } {
  let off: Off = null;
  if (probe.y < box.y0) off = 'top';
  else if (probe.y > box.y1) off = 'bottom';
  else if (probe.x < box.x0) off = 'left';
  else if (probe.x > box.x1) off = 'right';
  const m = off === null ? 3 : 0;
  return { x: Math.min(box.x1 + m, Math.max(box.x0 - m, x)), y: Math.min(box.y1 + m, Math.max(box.y0 - m, y)), off };
}

/**
 * One end: the cell's outer edge towards the other panel (its right or bottom edge on the
 * source, its left or top edge on the destination), clamped into the panel's view. Beside,
 * the line runs near the rows' tops, above the step's labels (`REMAPPED → …`) at their middle.
 */
function endOf(side: SideLayout, vm: string, r: Remap, pasid: number, role: 'source' | 'destination', stacked: boolean): LineEnd | null {
  const cell = markedCell(side, vm, r, pasid, stacked && role === 'source');
  if (!cell) return null;
  const zs = zoomedScale(cell.block, side.transform as ZoomTransform);
  let x0 = zs(pasid);
  let x1 = zs(pasid + 1);
  // As the marks draw it: at least 10 px wide about its centre.
  if (x1 - x0 < 10) {
    const mid = (x0 + x1) / 2;
    x0 = mid - 5;
    x1 = mid + 5;
  }
  const out = role === 'source';
  const x = side.x + (stacked ? (x0 + x1) / 2 : out ? x1 + 2 : x0 - 2);
  const y = side.y + (stacked ? (out ? cell.y + cell.h + 1 : cell.y - 1) : cell.y + Math.min(5, cell.h / 4));
  const c = clampEnd(x, y, viewBox(side), { x: side.x + (x0 + x1) / 2, y: side.y + cell.y + cell.h / 2 });
  return { ...c, row: cell.row };
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
const meets = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** A cubic's point at t. */
function bezier(a: LineEnd, c1: [number, number], c2: [number, number], b: LineEnd, t: number): [number, number] {
  const u = 1 - t;
  const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return [w[0] * a.x + w[1] * c1[0] + w[2] * c2[0] + w[3] * b.x, w[0] * a.y + w[1] * c1[1] + w[2] * c2[1] + w[3] * b.y];
}

/** The lines of a successful migrate step between its source and destination panels. */
export function planMigrationLines(outcome: Outcome | undefined, source: SideLayout, destination: SideLayout, opts: PlanOptions = {}): LinesPlan {
  const cap = Math.max(0, opts.cap ?? MAX_LINES);
  const font = opts.fontPx ?? 12;
  const measure = opts.measure ?? ((t: string) => [...t].length * font * 0.6);
  const m = outcome?.op === 'migrate' && outcome.ok ? outcome.migration : undefined;
  const stacked = destination.y >= source.y + source.geom.height - 1 && destination.x < source.x + source.geom.width - 1;
  const moreAt = stacked
    ? { x: source.x + source.geom.width / 2, y: source.y + source.geom.height + 4 }
    : { x: (source.x + source.geom.width + destination.x) / 2, y: Math.min(source.y, destination.y) + 20 };
  const plan: LinesPlan = { lines: [], more: 0, unplaced: 0, stacked, moreAt };
  // The middle of the gap between the panels: where a label covers the least.
  const gap = { x: (source.x + source.geom.width + destination.x) / 2, y: (source.y + source.geom.height + destination.y) / 2 };
  if (!m) return plan;
  const taken: Box[] = [];
  for (const r of m.remapped) {
    const a = endOf(source, m.vm, r, r.from, 'source', stacked);
    const b = endOf(destination, m.vm, r, r.to, 'destination', stacked);
    if (!a || !b) {
      plan.unplaced++;
      continue;
    }
    if (plan.lines.length >= cap) {
      plan.more++;
      continue;
    }
    // Leave along the axis between the panels, arrive along it: across beside, down stacked.
    const half = stacked ? Math.max(24, (b.y - a.y) / 2) : Math.max(24, (b.x - a.x) / 2);
    const c1: [number, number] = stacked ? [a.x, a.y + half] : [a.x + half, a.y];
    const c2: [number, number] = stacked ? [b.x, b.y - half] : [b.x - half, b.y];
    const head = arrowHead(b, c2, Math.max(6, font * 0.6));
    const lines = remapLabel(r, !stacked);
    const [mx, my] = bezier(a, c1, c2, b, crossing(a, c1, c2, b, stacked ? 1 : 0, stacked ? gap.y : gap.x));
    const w = Math.max(...lines.map(measure)) + 10;
    const h = lines.length * Math.round(font * 1.25) + 6; // as labelLineStep
    const box = { x0: mx - w / 2, y0: my - h / 2, x1: mx + w / 2, y1: my + h / 2 };
    const fits = !taken.some((t) => meets(t, box));
    if (fits) taken.push(box);
    plan.lines.push({ remap: r, a, b, c1, c2, head, label: fits ? { x: mx, y: my, w, h, lines } : null });
  }
  return plan;
}

/** The t where the curve's coordinate `axis` (0: x, 1: y) reaches `v` (it is monotonic there: the control points lie between the ends). */
function crossing(a: LineEnd, c1: [number, number], c2: [number, number], b: LineEnd, axis: 0 | 1, v: number): number {
  let lo = 0;
  let hi = 1;
  const rising = bezier(a, c1, c2, b, 1)[axis] >= bezier(a, c1, c2, b, 0)[axis];
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (bezier(a, c1, c2, b, mid)[axis] < v === rising) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A chevron at b pointing along the curve's arrival (from its last control point). */
function arrowHead(b: LineEnd, c2: [number, number], size: number): [number, number][] {
  let dx = b.x - c2[0];
  let dy = b.y - c2[1];
  const len = Math.hypot(dx, dy) || 1;
  dx /= len;
  dy /= len;
  const back = [b.x - dx * size, b.y - dy * size];
  const px = -dy * size * 0.6;
  const py = dx * size * 0.6;
  return [
    [back[0] + px, back[1] + py],
    [b.x, b.y],
    [back[0] - px, back[1] - py],
  ];
}

/** A clamped end's sign: a chevron pointing out of the panel at the edge it was clamped to. */
export function offChevron(e: LineEnd, size = 6): [number, number][] | null {
  const d = e.off === 'top' ? [0, -1] : e.off === 'bottom' ? [0, 1] : e.off === 'left' ? [-1, 0] : e.off === 'right' ? [1, 0] : null;
  if (!d) return null;
  const [dx, dy] = d;
  const px = -dy * size;
  const py = dx * size;
  return [
    [e.x - dx * size + px, e.y - dy * size + py],
    [e.x, e.y],
    [e.x - dx * size - px, e.y - dy * size - py],
  ];
}

/** The remaps as text, for screen readers and the SVG's description: `gPASID 0x1 (app): 0x1001 on A → 0x2001 on B`. */
export function remapSentences(outcome: Outcome | undefined, limit = 256): { items: string[]; more: number } {
  const m = outcome?.op === 'migrate' && outcome.ok ? outcome.migration : undefined;
  if (!m) return { items: [], more: 0 };
  const items = m.remapped.slice(0, limit).map((r) => `gPASID ${hex(r.gpasid)} (${r.process}): hPASID ${hex(r.from)} on ${m.from} → ${hex(r.to)} on ${m.to}`);
  return { items, more: Math.max(0, m.remapped.length - limit) };
}
