/**
 * The marks of a step on a panel (model.ts): the cells the event added or removed, where
 * a failed event or a refused migration collides, and an ENQCMD's PASID on the wire.
 */
import type { Conflict, Outcome } from '../../core/model/types.ts';
import { effectChanges } from '../../core/view/effect-changes.ts';
import { hex, sameHolder } from '../format.ts';
import { gRowKey, guestRowKey, ridRowKey, type AxisMark, type BlockModel, type MarkModel, type PanelInput, type RowModel, type WireMark } from './model.ts';

export function buildMarks(input: PanelInput, blocks: BlockModel[]): { marks: MarkModel[]; axisMarks: AxisMark[] } {
  const marks: MarkModel[] = [];
  const axisMarks: AxisMark[] = [];
  const o = input.outcome;
  const rows = new Map<string, RowModel>();
  for (const b of blocks) for (const r of b.rows) rows.set(r.key, r);
  const add = (m: MarkModel) => {
    if (rows.has(m.row)) marks.push(m);
  };
  const want = input.changes ?? 'all';
  if (o && want !== 'none') {
    for (const c of effectChanges(o.effects)) {
      const sp = c.space;
      const row = sp.kind === 'g' ? gRowKey(sp.host) : sp.kind === 'guest' ? guestRowKey(sp.vm) : ridRowKey(sp.host, sp.rid);
      if (want === 'all' || want === c.kind) add({ row, pasid: c.pasid, kind: c.kind, holder: c.holder });
    }
  }
  // A failed bind or alloc: the cell it wanted, in red, with the reason.
  if (o && !o.ok && !o.conflicts && input.conflicts !== false) {
    const target = failureTarget(input, o);
    if (target) add({ ...target, kind: 'conflict', text: `${o.code}: ${o.message}` });
  }
  if (o && !o.ok && o.conflicts && input.conflicts !== false) {
    const vm = o.migration?.vm;
    const dest = o.migration?.to;
    for (const c of o.conflicts) placeConflict(c, vm, dest, blocks, add, axisMarks);
  }
  if (o && o.op === 'migrate' && o.ok && o.migration && input.conflicts !== false) migrationMarks(o.migration, blocks, add);
  // A migration's cells carry their kept / remapped mark, not the generic change ring.
  const moved = new Set(marks.filter((m) => m.kind === 'kept' || m.kind === 'remapped').map((m) => `${m.row}|${m.pasid}`));
  // One mark per (row, pasid, kind).
  const seen = new Set<string>();
  return {
    marks: marks.filter((m) => {
      if ((m.kind === 'added' || m.kind === 'removed') && moved.has(`${m.row}|${m.pasid}`)) return false;
      const k = `${m.row}|${m.pasid}|${m.kind}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }),
    axisMarks,
  };
}

function failureTarget(input: PanelInput, o: Outcome): { row: string; pasid: number } | null {
  const e = input.scenario.eventAt(o.index);
  const pasid = o.hpasid ?? o.pasid;
  if (pasid === undefined || !e) return null;
  switch (e.op) {
    case 'host.bind':
      return { row: ridRowKey(e.host, e.function), pasid };
    case 'guest.bind': {
      const dev = input.snap.vms.find((v) => v.id === e.vm)?.devices.find((d) => d.alias === e.device);
      return dev ? { row: ridRowKey(dev.host, dev.rid), pasid } : null;
    }
    case 'guest.alloc':
      return { row: guestRowKey(e.vm), pasid: o.pasid ?? pasid };
    default:
      return null;
  }
}

/**
 * A migration that went through, on whichever side the panel shows: every host entry of a
 * kept PASID (the same number on the destination) and of a remapped one (the source's old
 * hPASID, the destination's new one, each naming the other).
 */
function migrationMarks(m: NonNullable<Outcome['migration']>, blocks: BlockModel[], add: (m: MarkModel) => void) {
  const mark = (process: string, pasid: number, kind: 'kept' | 'remapped', text?: string) => {
    const holder = { type: 'guest' as const, vm: m.vm, process };
    for (const b of blocks)
      for (const r of b.rows) {
        if (r.kind === 'guest') continue;
        if (r.entries.some((e) => e.pasid === pasid && sameHolder(e.holder, holder))) add({ row: r.key, pasid, kind, holder, text });
      }
  };
  for (const k of m.kept) mark(k.process, k.pasid, 'kept');
  for (const r of m.remapped) {
    mark(r.process, r.from, 'remapped', `→ ${hex(r.to)} on ${m.to}`);
    mark(r.process, r.to, 'remapped', `was ${hex(r.from)} on ${m.from}`);
  }
}

function placeConflict(
  c: Conflict,
  vm: string | undefined,
  dest: string | undefined,
  blocks: BlockModel[],
  add: (m: MarkModel) => void,
  axisMarks: AxisMark[],
) {
  if (c.pasid === undefined) return;
  const text = `${c.code}: ${c.message}`;
  let placed = false;
  for (const b of blocks) {
    if (dest && b.host.id !== dest) continue;
    for (const r of b.rows) {
      if (r.kind === 'guest') continue;
      const hit = r.entries.find((e) => e.pasid === c.pasid && (!c.holder || sameHolder(e.holder, c.holder)));
      if (hit) {
        const ghost = vm && c.process ? { type: 'guest' as const, vm, process: c.process } : undefined;
        add({ row: r.key, pasid: c.pasid, kind: 'conflict', holder: hit.holder, text, ghost });
        placed = true;
      }
    }
    if (!placed && dest) axisMarks.push({ host: b.host.id, pasid: c.pasid, text });
  }
  // The guest side: which guest PASID cannot move.
  if (vm) {
    for (const b of blocks)
      for (const r of b.rows)
        if (r.key === guestRowKey(vm)) {
          const byMessage = r.entries.find((e) => e.pasid === c.pasid);
          if (byMessage) add({ row: r.key, pasid: c.pasid, kind: 'conflict', holder: byMessage.holder, text });
        }
  }
}

export function buildWires(input: PanelInput, blocks: BlockModel[]): WireMark[] {
  const o = input.outcome;
  if (!o || o.op !== 'enqcmd' || o.wire === undefined || input.changes === 'none') return [];
  const e = input.scenario.eventAt(o.index);
  if (!e || e.op !== 'enqcmd') return [];
  let row: string | null = null;
  let from: WireMark['from'];
  if (e.vm !== undefined) {
    const vm = input.snap.vms.find((v) => v.id === e.vm);
    const dev = vm?.devices.find((d) => d.alias === e.device);
    if (dev) row = ridRowKey(dev.host, dev.rid);
    if (o.pasid !== undefined) from = { row: guestRowKey(e.vm), pasid: o.pasid };
  } else if (e.host !== undefined && e.function !== undefined) {
    row = ridRowKey(e.host, e.function);
  }
  const present = new Set(blocks.flatMap((b) => b.rows.map((r) => r.key)));
  if (!row || !present.has(row)) return [];
  return [{ row, pasid: o.wire, ok: o.ok, ...(o.fault ? { fault: o.fault } : {}), from: from && present.has(from.row) ? from : undefined }];
}
