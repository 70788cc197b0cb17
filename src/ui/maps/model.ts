/**
 * What a range-map panel shows, derived from a Snapshot (DESIGN.md convention 4: derive,
 * don't store): host blocks of rows (G, one per RID, one per guest space), the links
 * from guest PASIDs to where they live on the host, and the marks of the current step.
 * Pure data; drawing is in render.ts.
 */
import type { FaultKind } from '../../core/model/error-code.ts';
import type { ScenarioEvent } from '../../core/scenario/index.ts';
import { ownerRunStarts } from '../../core/view/range-aggregate.ts';
import {
  holderKey,
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
import type { MapBlock, MapRow, RowKind } from './map-row.ts';
import { buildMarks, buildWires } from './step-marks.ts';

export type { RowKind };

export interface RowEntry {
  pasid: number;
  holder: Holder;
  /** references on a RID entry (a shared bond has more than one) */
  refs?: number;
  /** guest entries: the device aliases bound through it */
  devices?: string[];
}

/** A `local` reservation on a RID (DOMAIN.md §3): kept for a process, with or without an entry of its own there. */
export interface RowReservation {
  pasid: number;
  holder: Holder;
  /** the holder has an entry at the number here (an attachment); otherwise only the reservation holds it */
  attached: boolean;
  /** it comes from the function's allocation group, not from an attachment here */
  group?: string;
}

/** A scenario row: its IDs carry the owner palette index of their holder (palette.ts). */
export interface RowModel extends MapRow {
  space: SpaceRef;
  /** why the rest is hatched, for the tooltip */
  outside: string;
  entries: RowEntry[];
  owners: Int32Array;
  /** RID rows under `local`: the numbers kept for processes, ascending */
  reservations?: RowReservation[];
}

export interface BlockModel extends MapBlock<RowModel> {
  host: HostSnapshot;
}

export interface LinkModel {
  from: { row: string; pasid: number };
  to: { row: string; pasid: number };
  holder: Holder;
  /** v==p: the same number on the device; xlate: translated; g: a host process's G entry */
  kind: 'vp' | 'xlate' | 'g';
  selected: boolean;
}

/** kept / remapped: a migration's PASIDs on either side (kept: the same number; remapped: a new hPASID). */
export type MarkKind = 'added' | 'removed' | 'conflict' | 'kept' | 'remapped';

export interface MarkModel {
  row: string;
  pasid: number;
  kind: MarkKind;
  holder?: Holder;
  /** for conflicts: the code and reason; for remaps: the other side's number (`→ 0x1004`, `was 0x1001`) */
  text?: string;
  /** for a refused migration's conflict: the migrating process drawn as a ghost at the clashing number */
  ghost?: Holder;
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
  /** why an ENQCMD failed: a breach is drawn as a security event */
  fault?: FaultKind;
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
  /** the outcome of the step drawn (PanelInput.outcome): the export's badge and migration summary */
  outcome?: Outcome;
}

/** What a panel needs of the scenario: its owners (the colours) and the event of a step's outcome. */
export interface StepScenario {
  owners: readonly Holder[];
  eventAt(index: number): ScenarioEvent | undefined;
}

export interface PanelInput {
  scenario: StepScenario;
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
  if (f.model && !(f.label ?? '').toLowerCase().includes(f.model.toLowerCase())) bits.push(f.model.toUpperCase());
  if (f.group) bits.push(`group ${f.group}`);
  if (f.assignedTo) bits.push(`→ ${f.assignedTo.vm} ${f.assignedTo.alias}`);
  if (f.adis.length) bits.push(`ADIs → ${f.adis.map((a) => `${a.vm} ${a.alias}`).join(', ')}`);
  return bits.join(' · ');
}

function guestSubtitle(vm: VmSnapshot): string {
  // Translation first: it decides what every ENQCMD of the VM carries, and a narrow label keeps its start.
  const bits = [vm.translation.on ? `translation on since #${(vm.translation.since ?? 0) + 1}` : 'translation off', 'guest PASIDs'];
  if (vm.devices.length) bits.push(vm.devices.map((d) => `${d.alias} ${d.type === 'adi' ? 'ADI' : 'v==p'}`).join(', '));
  return bits.join(' · ');
}

function reservationsOf(f: HostSnapshot['functions'][number]): RowReservation[] {
  return f.reservations.map((r) => {
    const attached = f.entries.some((e) => e.pasid === r.pasid && sameHolder(e.holder, r.holder));
    return { pasid: r.pasid, holder: r.holder, attached, ...(f.group && !attached ? { group: f.group } : {}) };
  });
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
      ...(f.reservations.length ? { reservations: reservationsOf(f) } : {}),
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
  return { blocks, links: buildLinks(blocks, input.selected), marks, axisMarks, wires, palette, selected: input.selected, outcome: input.outcome };
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
