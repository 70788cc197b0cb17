/**
 * What is drawn over the rows: a scenario's links (guest PASID to host PASID), the
 * selected holder's rings, the step's marks (added, removed, conflicts; a fleet's changes
 * too), an ENQCMD's wire, axis markers, and the hover and keyboard-cursor rings.
 */
import type { ScaleLinear } from 'd3-scale';
import type { Holder } from '../../core/model/types.ts';
import { sameHolder } from '../format.ts';
import { OWNER_COLOURS, ownerColour, THEME } from '../palette.ts';
import type { PanelGeom, RowGeom } from './geometry.ts';
import type { MapBlock, MapRow } from './map-row.ts';
import type { BlockModel, MarkModel, PanelModel, RowModel } from './model.ts';
import { inView, type RenderCtx } from './render-context.ts';

type Scale = ScaleLinear<number, number>;

/** A scenario panel's frame: the shared context and the model it draws. */
export interface ScenarioCtx extends RenderCtx {
  model: PanelModel;
}

/** A cell's box on the panel, at least `minW` wide, clipped to the track (with a 2 px margin). */
export function cellBox(zs: Scale, geom: PanelGeom<MapBlock>, rg: { y: number; h: number }, pasid: number, minW: number): [number, number, number, number] {
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

/** The centre x of a PASID's cell. */
export function centreX(zs: Scale, pasid: number): number {
  return (zs(pasid) + zs(pasid + 1)) / 2;
}

/** Guest PASIDs to where the host holds them; the selected holder's on top. */
export function drawLinks(c: ScenarioCtx) {
  const { p, geom, model, scales } = c;
  const ordered = [...model.links].sort((a, b) => Number(a.selected) - Number(b.selected));
  p.clip(geom.trackX0 - 4, 0, geom.trackX1 - geom.trackX0 + 8, geom.height);
  for (const l of ordered) {
    const from = geom.rowByKey.get(l.from.row);
    const to = geom.rowByKey.get(l.to.row);
    if (!from || !to) continue;
    // Out of view: both ends above it, or both below.
    const top = Math.min(from.row.y, to.row.y);
    const bottom = Math.max(from.row.y + from.row.h, to.row.y + to.row.h);
    if (bottom < c.top || top > c.bottom) continue;
    const zs = scales.get(from.block)!;
    const x1 = centreX(zs, l.from.pasid);
    const x2 = centreX(zs, l.to.pasid);
    const up = to.row.y < from.row.y;
    // A link starts well inside its own row, at a dot on the cell, so with VMs stacked it
    // cannot be read as leaving the row above or below.
    const inset = Math.max(3, Math.round(from.row.h * 0.3));
    const y1 = up ? from.row.y + inset : from.row.y + from.row.h - inset;
    const y2 = up ? to.row.y + to.row.h - 3 : to.row.y + 3;
    const dy = (y2 - y1) * 0.5;
    const colour = ownerColour(model.palette, l.holder);
    const dimmed = model.selected !== null && !l.selected;
    if (l.selected) {
      p.curve(x1, y1, x1, y1 + dy, x2, y2 - dy, x2, y2, THEME.halo, 6);
      p.curve(x1, y1, x1, y1 + dy, x2, y2 - dy, x2, y2, colour, 3);
      p.fillRect(x1 - 3, y1 - 3, 6, 6, colour);
      p.fillRect(x2 - 3, y2 - 3, 6, 6, colour);
    } else {
      p.setAlpha(dimmed ? 0.15 : 0.75);
      p.curve(x1, y1, x1, y1 + dy, x2, y2 - dy, x2, y2, colour, 1.5);
      p.fillRect(x1 - 3, y1 - 3, 6, 6, THEME.halo);
      p.fillRect(x1 - 2, y1 - 2, 4, 4, colour);
      p.setAlpha(1);
    }
  }
  p.unclip();
}

/** A ring around every cell of the selected holder. */
export function drawSelection(c: ScenarioCtx) {
  const { p, geom, model, scales } = c;
  const selectedRings: { zs: Scale; rg: RowGeom<MapRow>; pasid: number }[] = [];
  if (model.selected) {
    for (const b of geom.blocks)
      for (const rg of b.rows) {
        if (!inView(c, rg)) continue;
        for (const e of (rg.row as RowModel).entries) if (sameHolder(e.holder, model.selected)) selectedRings.push({ zs: scales.get(b)!, rg, pasid: e.pasid });
      }
  }
  for (const s of selectedRings) {
    const [x, y, w, h] = cellBox(s.zs, geom, s.rg, s.pasid, 8);
    p.strokeRect(x - 1, y - 1, w + 2, h + 2, THEME.ring, 2);
  }
}

/**
 * `local` reservations without an entry of their holder: the number is kept for the process
 * (since an attach it unbound, or by its allocation group) and nothing maps it. Drawn as a
 * dashed outline in the holder's colour over a faint hatch — an attachment is a filled cell,
 * a group reservation a dotted one.
 */
export function drawReservations(c: ScenarioCtx) {
  const { p, geom, model, scales } = c;
  for (const b of geom.blocks)
    for (const rg of b.rows) {
      const rs = (rg.row as RowModel).reservations;
      if (!rs || !inView(c, rg)) continue;
      const zs = scales.get(b)!;
      for (const r of rs) {
        if (r.attached) continue;
        const [x, y, w, h] = cellBox(zs, geom, rg, r.pasid, 8);
        if (x + w < geom.trackX0 || x > geom.trackX1) continue;
        const colour = ownerColour(model.palette, r.holder);
        p.setAlpha(0.35);
        p.hatch(x, y + 2, w, h - 4, colour, 4);
        p.setAlpha(1);
        p.strokeRect(x, y + 1, w, h - 2, colour, 1.5, r.group ? [1.5, 2.5] : [4, 2]);
      }
    }
}

/** The step's marks: cells added, removed, and where it collides. */
export function drawMarks(c: RenderCtx, marks: readonly MarkModel[], holderColour?: (h: Holder) => string) {
  for (const mk of marks) drawMark(c, mk, holderColour);
}

function drawMark(c: RenderCtx, mk: MarkModel, holderColour?: (h: Holder) => string) {
  const { p, geom, scales } = c;
  const at = geom.rowByKey.get(mk.row);
  if (!at || !inView(c, at.row)) return;
  const zs = scales.get(at.block)!;
  const [x, y, w, h] = cellBox(zs, geom, at.row, mk.pasid, 10);
  if (x + w < geom.trackX0 || x > geom.trackX1) return;
  if (mk.kind === 'added') {
    p.setAlpha(0.35);
    p.strokeRect(x - 4, y - 3, w + 8, h + 6, THEME.changed, 4);
    p.setAlpha(1);
    p.strokeRect(x - 2, y - 1, w + 4, h + 2, THEME.changed, 2);
  } else if (mk.kind === 'removed') {
    const colour = mk.holder && holderColour ? holderColour(mk.holder) : OWNER_COLOURS[0];
    p.setAlpha(0.45);
    p.hatch(x, y + 2, w, h - 4, colour, 3);
    p.setAlpha(1);
    p.strokeRect(x - 2, y - 1, w + 4, h + 2, THEME.changed, 1.5, [3, 3]);
  } else if (mk.kind === 'kept') {
    // Kept: a solid ring in the kept colour with a filled tab on top — the same number on both sides.
    p.strokeRect(x - 2, y - 1, w + 4, h + 2, THEME.halo, 5);
    p.strokeRect(x - 2, y - 1, w + 4, h + 2, THEME.kept, 2.5);
    p.fillRect(x - 2, y - 4, Math.min(w + 4, 14), 4, THEME.kept);
  } else if (mk.kind === 'remapped') {
    // Remapped: a dashed ring in the remap colour with a tab; the label names the other side's number.
    p.strokeRect(x - 2, y - 1, w + 4, h + 2, THEME.halo, 5);
    p.strokeRect(x - 2, y - 1, w + 4, h + 2, THEME.remapped, 2.5, [5, 3]);
    p.fillRect(x - 2, y - 4, Math.min(w + 4, 14), 4, THEME.remapped);
  } else {
    if (mk.ghost && holderColour) {
      // A refused migration: the process that cannot move, as a ghost over the cell that holds its number.
      const ghost = holderColour(mk.ghost);
      p.setAlpha(0.5);
      p.fillRect(x, y + h / 2, w, h / 2 - 2, ghost);
      p.setAlpha(1);
      p.strokeRect(x - 5, y - 4, w + 10, h + 8, ghost, 1.5, [3, 2]);
    }
    p.setAlpha(0.55);
    p.hatch(x, y + 2, w, h - 4, THEME.conflict, 3);
    p.setAlpha(1);
    p.strokeRect(x - 2, y - 1, w + 4, h + 2, THEME.conflict, 3);
  }
}

/** ENQCMD: an arrow from the guest PASID to the PASID on the wire, landing on the target RID. */
export function drawWires(c: ScenarioCtx) {
  const { p, geom, model, scales } = c;
  for (const w of model.wires) {
    const at = geom.rowByKey.get(w.row);
    if (!at) continue;
    const zs = scales.get(at.block)!;
    const colour = w.ok ? THEME.ok : w.fault === 'breach' ? THEME.breach : THEME.conflict;
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
        p.curve(sx, y1, sx, y1 + dy, x, y2 - dy, x, y2, THEME.halo, 5);
        p.curve(sx, y1, sx, y1 + dy, x, y2 - dy, x, y2, colour, 2.5);
      }
    }
    if (x < geom.trackX0 || x > geom.trackX1) continue;
    if (w.fault === 'breach') {
      // A breach landed in someone's address space: a solid double ring, not a fault's dashed one.
      p.strokeRect(bx - 6, by - 5, bw + 12, bh + 10, colour, 2);
      p.strokeRect(bx - 3, by - 2, bw + 6, bh + 4, colour, 3);
    } else p.strokeRect(bx - 3, by - 2, bw + 6, bh + 4, colour, 2.5, w.ok ? [] : [4, 3]);
  }
}

/** A conflict with no cell (ERANGE): a marker on the block's axis and a line down its rows. */
export function drawAxisMarks(c: ScenarioCtx) {
  const { p, geom, model, m, scales } = c;
  for (const am of model.axisMarks) {
    const b = geom.blocks.find((x) => (x.block as BlockModel).host.id === am.host);
    if (!b) continue;
    const zs = scales.get(b)!;
    const x = centreX(zs, am.pasid);
    if (x < geom.trackX0 || x > geom.trackX1) continue;
    const y = b.axisY + Math.round(18 * m.s);
    p.line(x, y, x, b.bottom, THEME.conflict, 2, [5, 3]);
    p.marker(x, y + 2, 6 * m.s, THEME.conflict);
  }
}

/** The hovered cell: a thin white ring. */
export function drawHover(c: RenderCtx, hover: { row: string; pasid: number }) {
  const at = c.geom.rowByKey.get(hover.row);
  if (!at) return;
  const zs = c.scales.get(at.block)!;
  const [x, y, w, h] = cellBox(zs, c.geom, at.row, hover.pasid, 6);
  c.p.strokeRect(x - 1, y, w + 2, h, THEME.hoverRing, 1);
}

/**
 * Highlighted cells: what the search found (a solid ring in the `found` colour) and what
 * the hovered event touched (a dashed ring in the `changed` colour), each on a halo so it
 * reads over any owner colour; drawn apart from the step's marks, which they never hide.
 * Neighbouring numbers of a row share one ring: rings of narrow cells would merge into a
 * blob.
 */
export function drawHighlights(c: RenderCtx, cells: readonly { row: string; pasid: number }[], kind: 'found' | 'touched') {
  const colour = kind === 'found' ? THEME.found : THEME.changed;
  const dash = kind === 'found' ? [] : [4, 3];
  const pad = kind === 'found' ? 3 : 5;
  const sorted = [...cells].sort((a, b) => (a.row < b.row ? -1 : a.row > b.row ? 1 : a.pasid - b.pasid));
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i];
    let last = first;
    while (++i < sorted.length && sorted[i].row === first.row && sorted[i].pasid <= last.pasid + 1) last = sorted[i];
    const at = c.geom.rowByKey.get(first.row);
    if (!at || !inView(c, at.row)) continue;
    const zs = c.scales.get(at.block)!;
    const [x] = cellBox(zs, c.geom, at.row, first.pasid, 8);
    const [x1, y, w1, h] = cellBox(zs, c.geom, at.row, last.pasid, 8);
    const w = x1 + w1 - x;
    c.p.strokeRect(x - pad, y - pad + 1, w + 2 * pad, h + 2 * pad - 2, THEME.halo, 4);
    c.p.strokeRect(x - pad, y - pad + 1, w + 2 * pad, h + 2 * pad - 2, colour, 2, dash);
  }
}

/** The keyboard cursor: a thick ring in the focus colour, outside every other mark, on a dark halo. */
export function drawFocus(c: RenderCtx, focus: { row: string; pasid: number }) {
  const at = c.geom.rowByKey.get(focus.row);
  if (!at) return;
  const zs = c.scales.get(at.block)!;
  const [x, y, w, h] = cellBox(zs, c.geom, at.row, focus.pasid, 10);
  c.p.strokeRect(x - 6, y - 5, w + 12, h + 10, THEME.halo, 5);
  c.p.strokeRect(x - 6, y - 5, w + 12, h + 10, THEME.focus, 3);
}
