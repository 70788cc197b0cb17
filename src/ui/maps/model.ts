/**
 * What a range-map panel shows, derived from a Snapshot (DESIGN.md convention 4: derive,
 * don't store): host blocks of rows (G, one per RID, one per guest space), the links
 * from guest PASIDs to where they live on the host, and the marks of the current step.
 * Pure data; drawing is in render.ts.
 */
import type { Scenario } from '../../core/scenario/index.ts';
import { ownerRunStarts } from '../../core/view/range-aggregate.ts';
import {
  holderKey,
  type Conflict,
  type Holder,
  type HostSnapshot,
  type Outcome,
  type Snapshot,
  type SpaceRef,
  type VmSnapshot,
} from '../../core/model/types.ts';
import { hex, sameHolder } from '../format.ts';
import { ownerColourIndex, ownerPalette, type OwnerPalette } from '../palette.ts';
import { frameAxis, planAxis, type AxisPlan } from './bands.ts';

export type RowKind = 'g' | 'rid' | 'guest';

export interface RowEntry {
  pasid: number;
  holder: Holder;
  device?: string;
}

export interface RowModel {
  key: string;
  kind: RowKind;
  space: SpaceRef;
  title: string;
  subtitle: string;
  /** the IDs this row can hold, [lo, hi); null when the row has no space (G under `local`) */
  valid: [number, number] | null;
  /** why the rest is hatched, for the tooltip */
  outside: string;
  entries: RowEntry[];
  /** ascending PASIDs, owner palette index per PASID, and owner runs (range-aggregate) */
  ids: Int32Array;
  owners: Int32Array;
  runStarts: Int32Array;
}

export interface BlockModel {
  host: HostSnapshot;
  title: string;
  subtitle: string;
  /** e.g. `before` / `after` in the migration view */
  tag?: string;
  plan: AxisPlan;
  rows: RowModel[];
}

export interface LinkModel {
  from: { row: string; pasid: number };
  to: { row: string; pasid: number };
  holder: Holder;
  /** v==p: the same number on the device; xlate: translated; g: a host process's G entry */
  kind: 'vp' | 'xlate' | 'g';
  selected: boolean;
}

export type MarkKind = 'added' | 'removed' | 'conflict';

export interface MarkModel {
  row: string;
  pasid: number;
  kind: MarkKind;
  holder?: Holder;
  /** for conflicts: the code and reason */
  text?: string;
}

/** A marker on a block's axis (a conflict with no cell to point at, e.g. ERANGE). */
export interface AxisMark {
  host: string;
  pasid: number;
  text: string;
}

/** An ENQCMD: the PASID on the wire, where it lands, and (for a guest) where it came from. */
export interface WireMark {
  row: string;
  pasid: number;
  ok: boolean;
  from?: { row: string; pasid: number };
}

export interface PanelModel {
  blocks: BlockModel[];
  links: LinkModel[];
  marks: MarkModel[];
  axisMarks: AxisMark[];
  wires: WireMark[];
  palette: OwnerPalette;
  selected: Holder | null;
}

export interface PanelInput {
  scenario: Scenario;
  snap: Snapshot;
  /** the outcome of the event that led to this state (cursor - 1), if any */
  outcome?: Outcome;
  /** which hosts to show (default all), in this order */
  hosts?: string[];
  selected: Holder | null;
  /** show the changes of `outcome` (added / removed cells) */
  changes?: 'all' | 'added' | 'removed' | 'none';
  /** draw the conflicts of a failed migrate (on its destination) */
  conflicts?: boolean;
  tags?: Record<string, string>;
}

export function gRowKey(host: string): string {
  return `g:${host}`;
}
export function ridRowKey(host: string, rid: string): string {
  return `rid:${host}:${rid}`;
}
export function guestRowKey(vm: string): string {
  return `guest:${vm}`;
}

function rowArrays(entries: RowEntry[], palette: OwnerPalette) {
  const sorted = [...entries].sort((a, b) => a.pasid - b.pasid);
  const ids = Int32Array.from(sorted, (e) => e.pasid);
  const owners = Int32Array.from(sorted, (e) => ownerColourIndex(palette, e.holder));
  return { entries: sorted, ids, owners, runStarts: ownerRunStarts(owners) };
}

function policyText(h: HostSnapshot): string {
  const p = h.policy;
  const parts = [p.kind === 'split' ? `split · localEnd ${hex(p.localEnd)} · sharedEnd ${hex(p.sharedEnd)}` : p.kind];
  parts.push(`IOMMU ${h.iommuBits}-bit`);
  parts.push(h.cpuPasidTranslation ? 'CPU PASID translation' : 'no CPU PASID translation');
  return parts.join(' · ');
}

function functionSubtitle(f: HostSnapshot['functions'][number]): string {
  const bits: string[] = [];
  bits.push(f.label ?? (f.kind === 'vf' ? 'VF' : 'PF'));
  if (f.pasidBits < 20) bits.push(`${f.pasidBits}-bit`);
  if (f.swq) bits.push('SWQ');
  if (f.siov) bits.push('SIOV');
  if (f.assignedTo) bits.push(`→ ${f.assignedTo.vm} ${f.assignedTo.alias}`);
  if (f.adis.length) bits.push(`ADIs → ${f.adis.map((a) => `${a.vm} ${a.alias}`).join(', ')}`);
  return bits.join(' · ');
}

function guestSubtitle(vm: VmSnapshot): string {
  const bits = ['guest PASIDs'];
  if (vm.devices.length) bits.push(vm.devices.map((d) => `${d.alias} ${d.type === 'adi' ? 'ADI' : 'v==p'}`).join(', '));
  return bits.join(' · ');
}

function hostBlock(h: HostSnapshot, vms: VmSnapshot[], palette: OwnerPalette, tag?: string): BlockModel {
  const rows: RowModel[] = [];
  const max = 2 ** h.iommuBits;
  rows.push({
    key: gRowKey(h.id),
    kind: 'g',
    space: { kind: 'g', host: h.id },
    title: 'G',
    subtitle: h.g ? 'host-wide allocator' : 'none under per-RID',
    valid: h.g ? [h.g.lo, h.g.hi] : null,
    outside: h.g ? 'outside G’s range' : 'this policy has no host-wide allocator',
    ...rowArrays(h.g ? h.g.used.map((u) => ({ pasid: u.pasid, holder: u.holder })) : [], palette),
  });
  for (const f of h.functions) {
    rows.push({
      key: ridRowKey(h.id, f.rid),
      kind: 'rid',
      space: { kind: 'rid', host: h.id, rid: f.rid },
      title: f.rid,
      subtitle: functionSubtitle(f),
      valid: [1, Math.min(f.maxPasids, max)],
      outside: f.maxPasids < max ? `beyond the function’s ${Math.log2(f.maxPasids)}-bit PASIDs` : 'PASID 0 is reserved',
      ...rowArrays(f.entries, palette),
    });
  }
  for (const vm of vms) {
    rows.push({
      key: guestRowKey(vm.id),
      kind: 'guest',
      space: { kind: 'guest', vm: vm.id },
      title: `${vm.id} guest`,
      subtitle: guestSubtitle(vm),
      valid: [vm.space.lo, Math.min(vm.space.hi, max)],
      outside: 'outside the guest’s range under this policy',
      ...rowArrays(
        vm.processes.filter((p) => p.pasid !== null).map((p) => ({ pasid: p.pasid!, holder: { type: 'guest', vm: vm.id, process: p.name } as Holder })),
        palette,
      ),
    });
  }
  return { host: h, title: `Host ${h.id}`, subtitle: policyText(h), tag, plan: planAxis(h.policy, h.iommuBits), rows };
}

const MAX_PASSIVE_LINKS = 200;

function buildLinks(blocks: BlockModel[], selected: Holder | null): LinkModel[] {
  const links: LinkModel[] = [];
  for (const b of blocks) {
    const guestRows = b.rows.filter((r) => r.kind === 'guest');
    const hostRows = b.rows.filter((r) => r.kind !== 'guest');
    // Where each holder sits on the host side of this block.
    const onHost = new Map<string, { row: string; pasid: number; kind: RowKind }[]>();
    for (const r of hostRows)
      for (const e of r.entries) {
        const k = holderKey(e.holder);
        let list = onHost.get(k);
        if (!list) onHost.set(k, (list = []));
        list.push({ row: r.key, pasid: e.pasid, kind: r.kind });
      }
    for (const g of guestRows)
      for (const e of g.entries) {
        const sel = sameHolder(selected, e.holder);
        if (!sel && links.length >= MAX_PASSIVE_LINKS) continue;
        for (const t of onHost.get(holderKey(e.holder)) ?? [])
          links.push({
            from: { row: g.key, pasid: e.pasid },
            to: { row: t.row, pasid: t.pasid },
            holder: e.holder,
            kind: t.pasid === e.pasid ? 'vp' : 'xlate',
            selected: sel,
          });
      }
    // A selected host process: from its G entry to every RID that maps it.
    if (selected?.type === 'host') {
      const mine = onHost.get(holderKey(selected)) ?? [];
      const gEntry = mine.find((m) => m.kind === 'g');
      if (gEntry)
        for (const t of mine)
          if (t.kind === 'rid')
            links.push({ from: { row: gEntry.row, pasid: gEntry.pasid }, to: t, holder: selected, kind: 'g', selected: true });
    }
  }
  return links;
}

function buildMarks(input: PanelInput, blocks: BlockModel[]): { marks: MarkModel[]; axisMarks: AxisMark[] } {
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
    for (const fx of o.effects) {
      let m: MarkModel | null = null;
      if (fx.t === 'alloc' || fx.t === 'free') {
        const row = fx.space.kind === 'g' ? gRowKey(fx.space.host) : guestRowKey(fx.space.vm);
        m = { row, pasid: fx.pasid, kind: fx.t === 'alloc' ? 'added' : 'removed', holder: fx.holder };
      } else if (fx.t === 'attach' || fx.t === 'detach') {
        m = { row: ridRowKey(fx.host, fx.rid), pasid: fx.pasid, kind: fx.t === 'attach' ? 'added' : 'removed', holder: fx.holder };
      } else if (fx.t === 'proc' && fx.holder.type === 'guest' && fx.after && fx.after.pasid !== null && fx.before?.pasid !== fx.after.pasid) {
        m = { row: guestRowKey(fx.holder.vm), pasid: fx.after.pasid, kind: 'added', holder: fx.holder };
      }
      if (!m) continue;
      if (want === 'all' || want === m.kind) add(m);
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
  // One mark per (row, pasid, kind).
  const seen = new Set<string>();
  return {
    marks: marks.filter((m) => {
      const k = `${m.row}|${m.pasid}|${m.kind}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }),
    axisMarks,
  };
}

function failureTarget(input: PanelInput, o: Outcome): { row: string; pasid: number } | null {
  const e = input.scenario.events[o.index];
  const pasid = o.hpasid ?? o.pasid;
  if (pasid === undefined) return null;
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
        add({ row: r.key, pasid: c.pasid, kind: 'conflict', holder: hit.holder, text });
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

function buildWires(input: PanelInput, blocks: BlockModel[]): WireMark[] {
  const o = input.outcome;
  if (!o || o.op !== 'enqcmd' || o.wire === undefined || input.changes === 'none') return [];
  const e = input.scenario.events[o.index];
  if (e.op !== 'enqcmd') return [];
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
  return [{ row, pasid: o.wire, ok: o.ok, from: from && present.has(from.row) ? from : undefined }];
}

/** Build the panel for one snapshot. */
export function buildPanel(input: PanelInput): PanelModel {
  const palette = ownerPalette(input.scenario);
  const order = input.hosts ?? input.snap.hosts.map((h) => h.id);
  const blocks: BlockModel[] = [];
  for (const id of order) {
    const h = input.snap.hosts.find((x) => x.id === id);
    if (!h) continue;
    const vms = input.snap.vms.filter((v) => v.host === id);
    blocks.push(hostBlock(h, vms, palette, input.tags?.[id]));
  }
  const { marks, axisMarks } = buildMarks(input, blocks);
  const wires = buildWires(input, blocks);
  return { blocks, links: buildLinks(blocks, input.selected), marks, axisMarks, wires, palette, selected: input.selected };
}

/** What a block has to show: its used cells and the step's marks, wires and axis marks on it. */
function blockIds(model: PanelModel, b: BlockModel): number[] {
  const rows = new Set(b.rows.map((r) => r.key));
  const out: number[] = [];
  for (const r of b.rows) for (const v of r.ids) out.push(v);
  for (const m of model.marks) if (rows.has(m.row)) out.push(m.pasid);
  for (const w of model.wires) {
    if (rows.has(w.row)) out.push(w.pasid);
    if (w.from && rows.has(w.from.row)) out.push(w.from.pasid);
  }
  for (const a of model.axisMarks) if (a.host === b.host.id) out.push(a.pasid);
  return out;
}

function samePlan(a: AxisPlan, b: AxisPlan): boolean {
  return a.max === b.max && a.breaks.length === b.breaks.length && a.breaks.every((v, i) => v === b.breaks[i]);
}

/**
 * The panel framed on what it shows (bands.ts `frameAxis`). Blocks with the same axis,
 * in this panel and in `with` (the other side of a migration), share one frame, so the
 * same PASID sits at the same x in all of them.
 */
export function framePanel(model: PanelModel, ...with_: PanelModel[]): PanelModel {
  const all = [model, ...with_].flatMap((m) => m.blocks.map((b) => ({ plan: b.plan, ids: blockIds(m, b) })));
  const blocks = model.blocks.map((b) => {
    const ids = all.filter((o) => samePlan(o.plan, b.plan)).flatMap((o) => o.ids);
    return { ...b, plan: frameAxis(b.plan, ids) };
  });
  return { ...model, blocks };
}
