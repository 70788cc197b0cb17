/**
 * The net difference between the live state and the run's initial state, slot by slot,
 * kept up to date by every effect applied to the live state. A slot is one G or guest
 * space ID, one RID table entry, one reservation, one guest binding, one translation
 * entry, a VM's translation state, one process record, one device of a VM, or a VM's host.
 *
 * A checkpoint is a copy of the ledger's slots and values: as big as the live churn, not
 * as the initial state (a filled host has hundreds of thousands of IDs no event touches).
 * Restoring one turns every differing slot back to its initial value, then every slot of
 * the checkpoint to its value there — as effects, so the state's indexes stay right.
 */
import type { DeviceRecord, Effect, ProcRecord } from '../model/effect.ts';
import { sameHolder, type Holder } from '../model/holder.ts';

const F_ALLOC_G = 0; // [host, pasid] → Holder
const F_ALLOC_V = 1; // [vm, pasid] → Holder
const F_ENTRY = 2; // [host, rid, pasid] → { holder, refs }
const F_RESV = 3; // [host, rid, pasid] → Holder
const F_BIND = 4; // [vm, process, device] → count
const F_XLATE = 5; // [vm, gpasid] → hpasid
const F_TRANS = 6; // [vm] → since
const F_PROC_H = 7; // [host, process] → ProcRecord
const F_PROC_G = 8; // [vm, process] → ProcRecord
const F_DEVICE = 9; // [vm, alias] → DeviceRecord
const F_VMHOST = 10; // [vm] → host
const FAMILIES = 11;

type EntryValue = { holder: Holder; refs: number };

/** What the ledger reads of the live state: counts after an effect that changed them by a delta. */
export interface LedgerState {
  entryRefs(host: string, rid: string, pasid: number): number;
  bindCount(vm: string, process: string, device: string): number;
}
/** A slot's value; null (or 0 for a binding count) is "absent". */
export type SlotValue = Holder | EntryValue | number | ProcRecord | DeviceRecord | string | null;

/** A slot that differs from the initial state: its address and its initial value. */
export interface Slot {
  fam: number;
  a: string;
  b: string | number;
  c: string | number;
  base: SlotValue;
}

interface LedgerEntry {
  slot: Slot;
  cur: SlotValue;
}

const nul = <T>(x: T | undefined | null): T | null => (x === undefined ? null : x);

function same(fam: number, x: SlotValue, y: SlotValue): boolean {
  if (x === null || y === null) return x === y;
  switch (fam) {
    case F_ALLOC_G:
    case F_ALLOC_V:
    case F_RESV:
      return sameHolder(x as Holder, y as Holder);
    case F_ENTRY:
      return (x as EntryValue).refs === (y as EntryValue).refs && sameHolder((x as EntryValue).holder, (y as EntryValue).holder);
    case F_PROC_H:
    case F_PROC_G: {
      const p = x as ProcRecord;
      const q = y as ProcRecord;
      return p.pasid === q.pasid && nul(p.kind) === nul(q.kind) && nul(p.hpasid) === nul(q.hpasid) && nul(p.order) === nul(q.order);
    }
    case F_DEVICE: {
      const p = x as DeviceRecord;
      const q = y as DeviceRecord;
      return p.alias === q.alias && p.type === q.type && p.host === q.host && p.rid === q.rid && p.adi === q.adi && p.order === q.order;
    }
    default:
      return x === y;
  }
}

/** A slot address with the value before and after an effect. */
interface SlotChange {
  fam: number;
  a: string;
  b: string | number;
  c: string | number;
  before: SlotValue;
  after: SlotValue;
}

// One scratch change, overwritten by every slotOf: note() reads it at once, and an object
// per effect was a fifth of the timeline's garbage.
const scratch: SlotChange = { fam: 0, a: '', b: 0, c: 0, before: null, after: null };
function put(fam: number, a: string, b: string | number, c: string | number, before: SlotValue, after: SlotValue): SlotChange {
  scratch.fam = fam;
  scratch.a = a;
  scratch.b = b;
  scratch.c = c;
  scratch.before = before;
  scratch.after = after;
  return scratch;
}

/** The slot an effect changes, with the value before and after it (in the one scratch change). */
function slotOf(e: Effect, state: LedgerState): SlotChange {
  switch (e.t) {
    case 'alloc':
    case 'free': {
      const g = e.space.kind === 'g';
      return put(
        g ? F_ALLOC_G : F_ALLOC_V,
        g ? (e.space as { host: string }).host : (e.space as { vm: string }).vm,
        e.pasid,
        0,
        e.t === 'alloc' ? null : e.holder,
        e.t === 'alloc' ? e.holder : null,
      );
    }
    case 'attach':
      return put(F_ENTRY, e.host, e.rid, e.pasid, null, { holder: e.holder, refs: e.refs });
    case 'detach':
      return put(F_ENTRY, e.host, e.rid, e.pasid, { holder: e.holder, refs: e.refs }, null);
    case 'ref': {
      // Applied already: the state holds the count after it.
      const now = state.entryRefs(e.host, e.rid, e.pasid);
      return put(F_ENTRY, e.host, e.rid, e.pasid, { holder: e.holder, refs: now - e.delta }, { holder: e.holder, refs: now });
    }
    case 'reserve':
    case 'unreserve':
      return put(F_RESV, e.host, e.rid, e.pasid, e.t === 'reserve' ? null : e.holder, e.t === 'reserve' ? e.holder : null);
    case 'bind': {
      const now = state.bindCount(e.vm, e.process, e.device);
      return put(F_BIND, e.vm, e.process, e.device, now - e.delta, now);
    }
    case 'xlate-set':
    case 'xlate-unset':
      return put(F_XLATE, e.vm, e.gpasid, 0, e.t === 'xlate-set' ? null : e.hpasid, e.t === 'xlate-set' ? e.hpasid : null);
    case 'translation':
      return put(F_TRANS, e.vm, 0, 0, e.before, e.after);
    case 'proc':
      return e.holder.type === 'host'
        ? put(F_PROC_H, e.holder.host, e.holder.process, 0, e.before, e.after)
        : put(F_PROC_G, e.holder.vm, e.holder.process, 0, e.before, e.after);
    case 'assign':
    case 'unassign':
      return put(F_DEVICE, e.vm, e.device.alias, 0, e.t === 'assign' ? null : e.device, e.t === 'assign' ? e.device : null);
    case 'vm-host':
      return put(F_VMHOST, e.vm, 0, 0, e.from, e.to);
  }
}

export class Ledger {
  private readonly roots: Map<string, Map<string | number, Map<string | number, LedgerEntry>>>[] = Array.from(
    { length: FAMILIES },
    () => new Map(),
  );
  /** the differing slots for a flat walk, insertion-ordered */
  private readonly entries = new Set<LedgerEntry>();

  constructor(private readonly state: LedgerState) {}

  private leaf(fam: number, a: string, b: string | number, create: boolean): Map<string | number, LedgerEntry> | undefined {
    const root = this.roots[fam];
    let m = root.get(a);
    if (!m) {
      if (!create) return undefined;
      root.set(a, (m = new Map()));
    }
    let m2 = m.get(b);
    if (!m2) {
      if (!create) return undefined;
      m.set(b, (m2 = new Map()));
    }
    return m2;
  }

  /** Follow one effect just applied to the live state. */
  note(e: Effect): void {
    const s = slotOf(e, this.state);
    const leaf = this.leaf(s.fam, s.a, s.b, false);
    const ent = leaf?.get(s.c);
    if (!ent) {
      if (same(s.fam, s.before, s.after)) return;
      const made = { slot: { fam: s.fam, a: s.a, b: s.b, c: s.c, base: s.before }, cur: s.after };
      this.leaf(s.fam, s.a, s.b, true)!.set(s.c, made);
      this.entries.add(made);
      return;
    }
    if (same(s.fam, ent.slot.base, s.after)) {
      leaf!.delete(s.c);
      this.entries.delete(ent);
    } else ent.cur = s.after;
  }

  /** Put a slot back with a value (restoring a checkpoint). */
  set(slot: Slot, cur: SlotValue): void {
    const made = { slot, cur };
    this.leaf(slot.fam, slot.a, slot.b, true)!.set(slot.c, made);
    this.entries.add(made);
  }

  clear(): void {
    for (const r of this.roots) r.clear();
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Every differing slot, in the order it first differed: one flat pass (checkpoints walk it whole). */
  forEach(f: (slot: Slot, cur: SlotValue) => void): void {
    for (const ent of this.entries) f(ent.slot, ent.cur);
  }
}

/** The effects that take a slot from value `from` to `to`: removals, changes in place, additions. */
export function transition(slot: Slot, from: SlotValue, to: SlotValue, removals: Effect[], middle: Effect[], additions: Effect[]): void {
  const { a, b, c } = slot;
  switch (slot.fam) {
    case F_ALLOC_G:
    case F_ALLOC_V: {
      const space = slot.fam === F_ALLOC_G ? { kind: 'g' as const, host: a } : { kind: 'guest' as const, vm: a };
      if (from !== null) removals.push({ t: 'free', space, pasid: b as number, holder: from as Holder });
      if (to !== null) additions.push({ t: 'alloc', space, pasid: b as number, holder: to as Holder });
      return;
    }
    case F_ENTRY:
      if (from !== null) removals.push({ t: 'detach', host: a, rid: b as string, pasid: c as number, ...(from as EntryValue) });
      if (to !== null) additions.push({ t: 'attach', host: a, rid: b as string, pasid: c as number, ...(to as EntryValue) });
      return;
    case F_RESV:
      if (from !== null) removals.push({ t: 'unreserve', host: a, rid: b as string, pasid: c as number, holder: from as Holder });
      if (to !== null) additions.push({ t: 'reserve', host: a, rid: b as string, pasid: c as number, holder: to as Holder });
      return;
    case F_BIND:
      if (to !== from) middle.push({ t: 'bind', vm: a, process: b as string, device: c as string, delta: (to as number) - (from as number) });
      return;
    case F_XLATE:
      if (from !== null) removals.push({ t: 'xlate-unset', vm: a, gpasid: b as number, hpasid: from as number });
      if (to !== null) additions.push({ t: 'xlate-set', vm: a, gpasid: b as number, hpasid: to as number });
      return;
    case F_TRANS:
      middle.push({ t: 'translation', vm: a, before: from as number | null, after: to as number | null });
      return;
    case F_PROC_H:
      middle.push({ t: 'proc', holder: { type: 'host', host: a, process: b as string }, before: from as ProcRecord | null, after: to as ProcRecord | null });
      return;
    case F_PROC_G:
      middle.push({ t: 'proc', holder: { type: 'guest', vm: a, process: b as string }, before: from as ProcRecord | null, after: to as ProcRecord | null });
      return;
    case F_DEVICE:
      if (from !== null) removals.push({ t: 'unassign', vm: a, device: from as DeviceRecord });
      if (to !== null) additions.push({ t: 'assign', vm: a, device: to as DeviceRecord });
      return;
    case F_VMHOST:
      middle.push({ t: 'vm-host', vm: a, from: from as string, to: to as string });
      return;
  }
}
