/**
 * The labels that explain a step, placed before every other label of the panel so that
 * they get the best places: what went on an ENQCMD's wire, the conflict codes, an ERANGE
 * on the axis, and where a selected guest PASID lives on the host.
 */
import { hex, holderLabel } from '../format.ts';
import { THEME } from '../palette.ts';
import type { RowGeom } from './geometry.ts';
import type { MapRow } from './map-row.ts';
import type { BlockModel } from './model.ts';
import { cellBox, centreX, type ScenarioCtx } from './overlays.ts';
import type { TextStyle } from './painter.ts';
import { beside, inView, place, type Placed } from './render-context.ts';


/** ENQCMD: what went on the wire, beside the cell it landed on. */
export function planWireLabels(c: ScenarioCtx): Placed[] {
  const { geom, model, m, scales } = c;
  const out: Placed[] = [];
  for (const w of model.wires) {
    const at = geom.rowByKey.get(w.row);
    if (!at || !inView(c, at.row)) continue;
    const zs = scales.get(at.block)!;
    const [bx, by, bw, bh] = cellBox(zs, geom, at.row, w.pasid, 10);
    if (bx + bw < geom.trackX0 || bx > geom.trackX1) continue;
    const mark = w.ok ? '✓' : w.fault === 'breach' ? '⚠ BREACH' : w.fault === 'unmapped' ? '✗ unmapped' : '✗';
    const texts = [`ENQCMD wire ${hex(w.pasid)} ${mark}`, `wire ${hex(w.pasid)} ${mark}`, `${hex(w.pasid)} ${mark}`, mark];
    const fill = w.ok ? THEME.ok : w.fault === 'breach' ? THEME.breach : THEME.conflict;
    const style: TextStyle = { font: m.ui(11.5, 800), fill, baseline: 'middle', halo: THEME.halo };
    const got = place(c, at.row, by + bh / 2, style, beside(c, at.row, texts, style.font, bx - 3, bx + bw + 3, 6));
    if (got) out.push(got);
  }
  return out;
}

/** One code label per row of conflicts, beside them (right of the rightmost, else left of the leftmost). */
export function planConflictCodes(c: ScenarioCtx): Placed[] {
  const { geom, model, m, scales } = c;
  const byRow = new Map<string, { left: number; right: number; codes: Set<string>; rg: RowGeom<MapRow>; named: string[] }>();
  for (const mk of model.marks) {
    if (mk.kind !== 'conflict') continue;
    const at = geom.rowByKey.get(mk.row);
    if (!at || !inView(c, at.row)) continue;
    const zs = scales.get(at.block)!;
    const [x, , w] = cellBox(zs, geom, at.row, mk.pasid, 10);
    const e = byRow.get(mk.row) ?? { left: Infinity, right: -Infinity, codes: new Set<string>(), rg: at.row, named: [] };
    // A refused migration's clash names who holds the number.
    if (mk.ghost && mk.holder) e.named.push(`${hex(mk.pasid)} held by ${holderLabel(mk.holder)}`);
    e.left = Math.min(e.left, x);
    e.right = Math.max(e.right, x + w);
    e.codes.add(mk.text?.split(':')[0] ?? '');
    byRow.set(mk.row, e);
  }
  const out: Placed[] = [];
  const style: TextStyle = { font: m.ui(11, 800), fill: THEME.conflict, baseline: 'middle', halo: THEME.halo };
  for (const e of byRow.values()) {
    const codes = [...e.codes].filter(Boolean);
    if (!codes.length || e.right < geom.trackX0 || e.left > geom.trackX1) continue;
    const base = codes.length > 1 ? [codes.join(' '), codes[0]] : codes;
    const texts = e.named.length ? [`${codes.join(' ')} ${e.named.join(', ')}`, `${codes[0]} ${e.named[0]}`, ...base] : base;
    const got = place(c, e.rg, e.rg.y + e.rg.h / 2, style, beside(c, e.rg, texts, style.font, e.left - 2, e.right + 2, 4));
    if (got) out.push(got);
  }
  return out;
}

/** A migration's kept and remapped cells: KEPT once per row, REMAPPED with the other side's number per cell. */
export function planMigrationLabels(c: ScenarioCtx): Placed[] {
  const { geom, model, m, scales } = c;
  const out: Placed[] = [];
  const kept = new Map<string, { left: number; right: number; rg: RowGeom<MapRow> }>();
  for (const mk of model.marks) {
    if (mk.kind !== 'kept' && mk.kind !== 'remapped') continue;
    const at = geom.rowByKey.get(mk.row);
    if (!at || !inView(c, at.row)) continue;
    const [x, y, w, h] = cellBox(scales.get(at.block)!, geom, at.row, mk.pasid, 10);
    if (x + w < geom.trackX0 || x > geom.trackX1) continue;
    if (mk.kind === 'kept') {
      const e = kept.get(mk.row) ?? { left: Infinity, right: -Infinity, rg: at.row };
      e.left = Math.min(e.left, x);
      e.right = Math.max(e.right, x + w);
      kept.set(mk.row, e);
      continue;
    }
    const style: TextStyle = { font: m.ui(11.5, 800), fill: THEME.remapped, baseline: 'middle', halo: THEME.halo };
    const texts = [`REMAPPED ${mk.text ?? ''}`.trim(), mk.text ?? 'REMAPPED', 'REMAPPED'];
    const got = place(c, at.row, y + h / 2, style, beside(c, at.row, texts, style.font, x - 3, x + w + 3, 6));
    if (got) out.push(got);
  }
  const style: TextStyle = { font: m.ui(11.5, 800), fill: THEME.kept, baseline: 'middle', halo: THEME.halo };
  for (const e of kept.values()) {
    const got = place(c, e.rg, e.rg.y + e.rg.h / 2, style, beside(c, e.rg, ['KEPT'], style.font, e.left - 3, e.right + 3, 6));
    if (got) out.push(got);
  }
  return out;
}

/** A conflict with no cell (ERANGE): its code and PASID under the axis, beside the marker. */
export function planAxisMarkLabels(c: ScenarioCtx): Placed[] {
  const { geom, model, m, scales } = c;
  const out: Placed[] = [];
  const style: TextStyle = { font: m.ui(11, 800), fill: THEME.conflict, baseline: 'middle', halo: THEME.halo };
  for (const am of model.axisMarks) {
    const b = geom.blocks.find((x) => (x.block as BlockModel).host.id === am.host);
    if (!b) continue;
    const x = centreX(scales.get(b)!, am.pasid);
    if (x < geom.trackX0 || x > geom.trackX1) continue;
    const code = am.text.split(':')[0];
    const y = b.axisY + Math.round(18 * m.s) + 10 * m.s;
    if (y < c.top || y > c.bottom) continue;
    const got = place(c, null, y, style, beside(c, null, [`${code} ${hex(am.pasid)}`, code], style.font, x - 6 * m.s, x + 6 * m.s, 3));
    if (got) out.push(got);
  }
  return out;
}

/** One label per selected guest PASID, beside it in the guest row: what it becomes on the host. */
export function planLinkLabels(c: ScenarioCtx): Placed[] {
  const { geom, model, m, scales } = c;
  const out: Placed[] = [];
  const style: TextStyle = { font: m.mono(11.5, 700), fill: THEME.labelInk, baseline: 'middle', halo: THEME.halo };
  const done = new Set<string>();
  for (const l of model.links) {
    if (!l.selected || l.kind === 'g') continue;
    const key = `${l.from.row}|${l.from.pasid}`;
    if (done.has(key)) continue;
    done.add(key);
    const from = geom.rowByKey.get(l.from.row);
    if (!from || !inView(c, from.row)) continue;
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
