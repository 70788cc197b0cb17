/**
 * What the maps say about a cell, in words: the tooltip beside the pointer or the keyboard
 * cursor (and what a screen reader hears), and a panel's summary for its description.
 * Pure functions of the models, for a scenario's cells and a fleet's.
 */
import { holderKey, type Holder } from '../../core/model/types.ts';
import { hex, hexDec, holderLabel, sameHolder } from '../format.ts';
import type { RowReservation, PanelModel, RowModel } from './model.ts';

export interface CellWords {
  title: string;
  lines: string[];
  tone?: 'conflict' | 'normal';
}

function bandOf(bands: { lo: number; hi: number; label: string }[], pasid: number): string {
  return bands.find((b) => pasid >= b.lo && pasid < b.hi)?.label ?? '';
}

/** Where else a holder sits in the panel: its guest PASID and its host entries. */
function whereElse(model: PanelModel, h: Holder): { guest?: number; host: { row: RowModel; pasid: number }[] } {
  const out: { guest?: number; host: { row: RowModel; pasid: number }[] } = { host: [] };
  for (const b of model.blocks)
    for (const r of b.rows)
      for (const e of r.entries)
        if (sameHolder(e.holder, h)) {
          if (r.kind === 'guest') out.guest = e.pasid;
          else out.host.push({ row: r, pasid: e.pasid });
        }
  return out;
}

function rowName(r: RowModel): string {
  return r.kind === 'g' ? 'G' : r.kind === 'guest' ? r.title : r.title;
}

/** A scenario cell: who holds it, through which device, where else the holder sits; or that it is free or outside the row. */
export function describeCell(
  model: PanelModel,
  row: RowModel,
  pasid: number,
  index: number,
  bands: { lo: number; hi: number; label: string }[],
): CellWords {
  const where = row.kind === 'g' ? 'G (host-wide allocator)' : row.kind === 'guest' ? `${row.title} space` : `PASID table of ${row.title}`;
  const conflict = model.marks.find((m) => m.row === row.key && m.pasid === pasid && m.kind === 'conflict');
  const reserved = row.reservations?.find((r) => r.pasid === pasid);
  if (index < 0) {
    const lines = [bandOf(bands, pasid)];
    if (row.valid && (pasid < row.valid[0] || pasid >= row.valid[1])) lines.push(row.outside);
    else if (!row.valid) lines.push(row.outside);
    else if (reserved) lines.push(...reservationLines(reserved));
    else lines.push('free');
    return { title: `${hexDec(pasid)} · ${where}`, lines: lines.filter(Boolean) };
  }
  const e = row.entries[index];
  const lines: string[] = [`held by ${holderLabel(e.holder)}${e.holder.type === 'host' ? ' (host SVA)' : ''}`];
  if (e.devices?.length) lines.push(`through ${e.devices.length === 1 ? 'device' : 'devices'} ${e.devices.map((d) => `"${d}"`).join(', ')}`);
  if (e.refs !== undefined && e.refs > 1) lines.push(`a shared bond: ${e.refs} references (each unbind drops one)`);
  if (reserved && !sameHolder(reserved.holder, e.holder)) lines.push(...reservationLines(reserved));
  const other = whereElse(model, e.holder);
  if (row.kind === 'guest') {
    for (const t of other.host)
      lines.push(
        t.pasid === pasid
          ? `${rowName(t.row)}: ${hex(t.pasid)} — the same number (v==p)`
          : `${rowName(t.row)}: ${hex(t.pasid)} — translated (gPASID ${hex(pasid)} → hPASID ${hex(t.pasid)})`,
      );
    if (other.host.length === 0) lines.push('not bound to any device yet');
  } else if (e.holder.type === 'guest' && other.guest !== undefined) {
    lines.push(other.guest === pasid ? `guest PASID ${hex(other.guest)} (same number)` : `guest PASID ${hex(other.guest)} → host PASID ${hex(pasid)}`);
  }
  lines.push(bandOf(bands, pasid));
  if (conflict?.text) lines.unshift(conflict.text);
  return { title: `${hexDec(pasid)} · ${where}`, lines: lines.filter(Boolean), tone: conflict ? 'conflict' : 'normal' };
}

/** A panel in one paragraph: each block's rows and their first PASIDs, and the selection. */
export function summarise(model: PanelModel): string {
  const parts: string[] = [];
  for (const b of model.blocks) {
    const rows = b.rows
      .map((r) => `${r.kind === 'rid' ? r.title : r.title}: ${r.entries.length ? r.entries.slice(0, 6).map((e) => `${hex(e.pasid)} ${e.holder.process}`).join(', ') : 'empty'}`)
      .join('; ');
    parts.push(`${b.title} (${b.host.policy.kind}): ${rows}`);
  }
  if (model.selected) parts.push(`selected: ${holderLabel(model.selected)} (${holderKey(model.selected)})`);
  return parts.join('. ');
}

/** What a fleet cell's owner class is called (workload-backend OWNER: 1 host, 2 guest, 3 fill). */
export const FLEET_OWNER_NAME: readonly string[] = ['host process', 'host process', 'guest process', 'fill tenant'];
const FLEET_KIND_NAME: readonly string[] = ['G', 'PF table', 'VF table', 'guest space'];

/**
 * A fleet cell: the space, the PASID, who uses it (when the row's IDs are here), and how
 * full the space is. `ids` and `owners` are the row's used IDs (ascending) and owner
 * classes, null while they are on their way.
 */
export function describeFleetCell(
  name: string,
  kind: number,
  space: [number, number],
  pasid: number,
  data: { ids: ArrayLike<number>; owners: ArrayLike<number> } | null,
): CellWords {
  const [lo, hi] = space;
  let who = data ? 'free' : 'loading…';
  if (pasid < lo || pasid >= hi) who = 'outside this space';
  else if (data) {
    let a = 0;
    let b = data.ids.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (data.ids[mid] < pasid) a = mid + 1;
      else b = mid;
    }
    if (a < data.ids.length && data.ids[a] === pasid) who = `used by a ${FLEET_OWNER_NAME[data.owners[a]] ?? 'process'}`;
  }
  const lines = [`PASID ${hexDec(pasid)}: ${who}`];
  if (data) {
    const used = data.ids.length;
    const size = Math.max(1, hi - lo);
    const pct = ((100 * used) / size).toFixed(used && used < size / 1000 ? 3 : 1);
    lines.push(`${used.toLocaleString('en')} of ${(hi - lo).toLocaleString('en')} used (${pct}%)`);
  }
  return { title: `${name} · ${FLEET_KIND_NAME[kind] ?? 'space'}`, lines };
}

/** A reservation without an entry of its holder here: why the number is kept. */
function reservationLines(r: RowReservation): string[] {
  if (r.attached) return [];
  const who = holderLabel(r.holder);
  return r.group
    ? [`reserved for ${who} on the whole allocation group "${r.group}"`, 'no entry here: free for no one else while the process holds it']
    : r.holder.type === 'host'
      ? [`reserved for ${who}: attached here once, its IA32_PASID keeps the number until it exits`, 'no entry: an ENQCMD with it faults here instead of reaching someone else']
      : [`reserved for ${who}`];
}
