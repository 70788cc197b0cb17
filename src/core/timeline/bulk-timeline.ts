/**
 * The timeline of a bulk run (a workload of up to 1M events, after a fill): built in
 * chunks, so a worker can report progress and be cancelled between them, and seekable to
 * any event in a bounded time without holding a million effect lists or a million-entry
 * state per checkpoint.
 *
 * timeline.ts keeps full state copies as checkpoints. A filled host has hundreds of
 * thousands of tenant PASIDs that no event ever touches, and copying them at every
 * checkpoint (and on every backward seek) is what would cost memory and time. So here a
 * checkpoint is the *net difference* between the state at that event and the initial
 * (filled) state, slot by slot: a slot is one G/guest-space ID, one RID-table entry, one
 * translation entry, one process record, one device of a VM, or a VM's host. The
 * difference is as big as the live churn (a few thousand slots), not as the fill.
 *
 * There is one live state. A "ledger" follows every effect applied to it (DESIGN.md
 * convention 3: everything changes through effects) and keeps, per slot that differs
 * from the initial state, the initial value and the current one. Seeking to event y:
 * - forward from the live position, within a checkpoint interval: re-run the events;
 * - backward within the current interval: invert the recorded effects of that interval;
 * - anywhere else: turn every ledger slot back to its initial value, apply the net
 *   difference of the checkpoint at or before y, and re-run the events up to y.
 * Every path costs at most one interval of events plus two net differences.
 */
import type { Scenario } from '../scenario/scenario.ts';
import { applyEffect, invertEffect, type EngineState } from '../engine/state.ts';
import { applyEvent } from '../engine/engine.ts';
import type { FillSpec } from '../fleet/fill.ts';
import { StatsCollector, codeOf, engineErrorOutcome, filledState, opIndex, CODE_ENGINE, type CollectorOptions, type PolicyStats } from '../fleet/fleet-stats.ts';
import { type DeviceRecord, type Effect, type Holder, type Outcome, type PolicyKind, type ProcRecord } from '../model/types.ts';

type SlotKind = 'alloc' | 'attach' | 'xlate' | 'proc' | 'device' | 'vmhost';
type AttachValue = { holder: Holder; device?: string };
type SlotValue = Holder | AttachValue | number | ProcRecord | DeviceRecord | string | null;

/*
 * Slot addresses, by family: [k0, k1, k2]. Nested maps keyed by the strings the scenario
 * already holds (host, VM, RID, process names: their hashes are cached) and by numbers,
 * rather than one map keyed by built strings: a build notes every effect of up to a
 * million events, and building and hashing a fresh key string each time doubled its cost.
 */
const FAM_ALLOC_G = 0; // [host, pasid]
const FAM_ALLOC_V = 1; // [vm, pasid]
const FAM_ATTACH = 2; // [host, rid, pasid]
const FAM_XLATE = 3; // [vm, gpasid]
const FAM_PROC_H = 4; // [host, process]
const FAM_PROC_G = 5; // [vm, process]
const FAM_DEVICE = 6; // [vm, alias]
const FAM_VMHOST = 7; // [vm]
const FAMILIES = 8;

/** One slot that differs from the initial state: how to address it, and its initial value. */
interface Slot {
  fam: number;
  k0: string;
  k1: string | number;
  k2: number;
  kind: SlotKind;
  /** the first effect seen on the slot: it carries the slot's address (space, RID, VM…) */
  at: Effect;
  base: SlotValue;
}

interface LedgerEntry {
  slot: Slot;
  cur: SlotValue;
}

/** A checkpoint: the slots that differ from the initial state at event `index`, and their values there. */
interface Checkpoint {
  index: number;
  slots: Slot[];
  values: SlotValue[];
}

const nul = <T>(x: T | undefined | null): T | null => (x === undefined ? null : x);

function sameHolder(a: Holder, b: Holder): boolean {
  if (a.type !== b.type || a.process !== b.process) return false;
  return a.type === 'host' ? a.host === (b as typeof a).host : a.vm === (b as typeof a).vm;
}

function same(kind: SlotKind, a: SlotValue, b: SlotValue): boolean {
  if (a === null || b === null) return a === b;
  switch (kind) {
    case 'alloc':
      return sameHolder(a as Holder, b as Holder);
    case 'attach':
      return sameHolder((a as AttachValue).holder, (b as AttachValue).holder) && (a as AttachValue).device === (b as AttachValue).device;
    case 'xlate':
    case 'vmhost':
      return a === b;
    case 'proc': {
      const x = a as ProcRecord;
      const y = b as ProcRecord;
      return x.pasid === y.pasid && nul(x.kind) === nul(y.kind) && nul(x.hpasid) === nul(y.hpasid);
    }
    case 'device': {
      const x = a as DeviceRecord;
      const y = b as DeviceRecord;
      return x.alias === y.alias && x.type === y.type && x.host === y.host && x.rid === y.rid && x.adi === y.adi;
    }
  }
}

/** Per slot that differs from the initial state: its initial and current value. */
class Ledger {
  private readonly roots: Map<unknown, unknown>[] = Array.from({ length: FAMILIES }, () => new Map());
  size = 0;

  private leaf(fam: number, k0: string, k1: string | number, create: boolean): Map<unknown, LedgerEntry> | undefined {
    const root = this.roots[fam];
    if (fam === FAM_VMHOST) return root as Map<unknown, LedgerEntry>;
    let m = root.get(k0) as Map<unknown, unknown> | undefined;
    if (!m) {
      if (!create) return undefined;
      m = new Map();
      root.set(k0, m);
    }
    if (fam !== FAM_ATTACH) return m as Map<unknown, LedgerEntry>;
    let m2 = m.get(k1) as Map<unknown, LedgerEntry> | undefined;
    if (!m2) {
      if (!create) return undefined;
      m2 = new Map();
      m.set(k1, m2);
    }
    return m2;
  }

  /** Follow one effect applied to the live state. */
  note(e: Effect): void {
    let fam: number;
    let k0: string;
    let k1: string | number = 0;
    let k2 = 0;
    let kind: SlotKind;
    let before: SlotValue;
    let after: SlotValue;
    switch (e.t) {
      case 'alloc':
      case 'free':
        if (e.space.kind === 'g') {
          fam = FAM_ALLOC_G;
          k0 = e.space.host;
        } else {
          fam = FAM_ALLOC_V;
          k0 = e.space.vm;
        }
        k1 = e.pasid;
        kind = 'alloc';
        before = e.t === 'alloc' ? null : e.holder;
        after = e.t === 'alloc' ? e.holder : null;
        break;
      case 'attach':
      case 'detach': {
        fam = FAM_ATTACH;
        k0 = e.host;
        k1 = e.rid;
        k2 = e.pasid;
        kind = 'attach';
        const v: AttachValue = e.device !== undefined ? { holder: e.holder, device: e.device } : { holder: e.holder };
        before = e.t === 'attach' ? null : v;
        after = e.t === 'attach' ? v : null;
        break;
      }
      case 'xlate-set':
      case 'xlate-unset':
        fam = FAM_XLATE;
        k0 = e.vm;
        k1 = e.gpasid;
        kind = 'xlate';
        before = e.t === 'xlate-set' ? null : e.hpasid;
        after = e.t === 'xlate-set' ? e.hpasid : null;
        break;
      case 'proc':
        if (e.holder.type === 'host') {
          fam = FAM_PROC_H;
          k0 = e.holder.host;
        } else {
          fam = FAM_PROC_G;
          k0 = e.holder.vm;
        }
        k1 = e.holder.process;
        kind = 'proc';
        before = e.before;
        after = e.after;
        break;
      case 'assign':
      case 'unassign':
        fam = FAM_DEVICE;
        k0 = e.vm;
        k1 = e.device.alias;
        kind = 'device';
        before = e.t === 'assign' ? null : e.device;
        after = e.t === 'assign' ? e.device : null;
        break;
      case 'vm-host':
        fam = FAM_VMHOST;
        k0 = e.vm;
        kind = 'vmhost';
        before = e.from;
        after = e.to;
        break;
    }
    const key = fam === FAM_VMHOST ? k0 : fam === FAM_ATTACH ? k2 : k1;
    const existing = this.leaf(fam, k0, k1, false);
    const ent = existing?.get(key);
    if (!ent) {
      if (same(kind, before, after)) return;
      this.leaf(fam, k0, k1, true)!.set(key, { slot: { fam, k0, k1, k2, kind, at: e, base: before }, cur: after });
      this.size++;
      return;
    }
    if (same(kind, ent.slot.base, after)) {
      existing!.delete(key);
      this.size--;
    } else ent.cur = after;
  }

  /** Put a slot back with a value (restoring a checkpoint). */
  set(slot: Slot, cur: SlotValue): void {
    const key = slot.fam === FAM_VMHOST ? slot.k0 : slot.fam === FAM_ATTACH ? slot.k2 : slot.k1;
    this.leaf(slot.fam, slot.k0, slot.k1, true)!.set(key, { slot, cur });
    this.size++;
  }

  clear(): void {
    for (const r of this.roots) r.clear();
    this.size = 0;
  }

  forEach(f: (ent: LedgerEntry) => void): void {
    for (let fam = 0; fam < FAMILIES; fam++) {
      const root = this.roots[fam];
      if (fam === FAM_VMHOST) {
        for (const ent of (root as Map<unknown, LedgerEntry>).values()) f(ent);
        continue;
      }
      for (const m of root.values() as Iterable<Map<unknown, unknown>>) {
        if (fam !== FAM_ATTACH) for (const ent of (m as Map<unknown, LedgerEntry>).values()) f(ent);
        else for (const m2 of m.values() as Iterable<Map<unknown, LedgerEntry>>) for (const ent of m2.values()) f(ent);
      }
    }
  }
}

/** The effects that take a slot from value `from` to value `to`, split into removals and additions. */
function transition(slot: Slot, from: SlotValue, to: SlotValue, removals: Effect[], middle: Effect[], additions: Effect[]): void {
  const at = slot.at;
  switch (slot.kind) {
    case 'alloc': {
      const a = at as Extract<Effect, { t: 'alloc' | 'free' }>;
      if (from !== null) removals.push({ t: 'free', space: a.space, pasid: a.pasid, holder: from as Holder });
      if (to !== null) additions.push({ t: 'alloc', space: a.space, pasid: a.pasid, holder: to as Holder });
      return;
    }
    case 'attach': {
      const a = at as Extract<Effect, { t: 'attach' | 'detach' }>;
      if (from !== null) removals.push({ t: 'detach', host: a.host, rid: a.rid, pasid: a.pasid, ...(from as AttachValue) });
      if (to !== null) additions.push({ t: 'attach', host: a.host, rid: a.rid, pasid: a.pasid, ...(to as AttachValue) });
      return;
    }
    case 'xlate': {
      const a = at as Extract<Effect, { t: 'xlate-set' | 'xlate-unset' }>;
      if (from !== null) removals.push({ t: 'xlate-unset', vm: a.vm, gpasid: a.gpasid, hpasid: from as number });
      if (to !== null) additions.push({ t: 'xlate-set', vm: a.vm, gpasid: a.gpasid, hpasid: to as number });
      return;
    }
    case 'proc': {
      const a = at as Extract<Effect, { t: 'proc' }>;
      middle.push({ t: 'proc', holder: a.holder, before: from as ProcRecord | null, after: to as ProcRecord | null });
      return;
    }
    case 'device': {
      const a = at as Extract<Effect, { t: 'assign' | 'unassign' }>;
      if (from !== null) removals.push({ t: 'unassign', vm: a.vm, device: from as DeviceRecord });
      if (to !== null) additions.push({ t: 'assign', vm: a.vm, device: to as DeviceRecord });
      return;
    }
    case 'vmhost': {
      const a = at as Extract<Effect, { t: 'vm-host' }>;
      middle.push({ t: 'vm-host', vm: a.vm, from: from as string, to: to as string });
      return;
    }
  }
}

export interface BulkTimelineOptions extends CollectorOptions {
  fills?: readonly FillSpec[];
  /** events between checkpoints (default: about 1,024 checkpoints, at least 512 events apart) */
  checkpointEvery?: number;
  /** gather this policy's fleet statistics while building (fleet-stats.ts) */
  stats?: boolean;
}

/** Per-event results in compact columns (what the timeline strip draws). */
export interface EventColumns {
  /** index into OPS */
  op: Uint8Array;
  /** codeOf(outcome): 0 ok, 1 + ERROR_CODES index, 255 engine error */
  code: Uint8Array;
  /** the actor's PASID, -1 when none */
  pasid: Int32Array;
  /** the host PASID, -1 when none */
  hpasid: Int32Array;
}

export interface BulkTimeline {
  readonly policy: PolicyKind;
  /** number of events; cursors run 0..length */
  readonly length: number;
  /** events applied by the build so far */
  readonly built: number;
  /** Build up to `max` more events. True when the whole run is built. */
  step(max: number): boolean;
  readonly columns: EventColumns;
  /** The live state positioned after `cursor` events (valid until the next call). The run must be built. */
  stateAt(cursor: number): EngineState;
  /** The outcome of event `index`, re-run from the state before it (messages, conflicts, migration summary). */
  outcomeAt(index: number): Outcome;
  /** The fleet statistics gathered during the build (with `stats: true`, once built). */
  stats(): PolicyStats | null;
  /** Slots the live state differs from the initial state in (the size of a net difference). */
  readonly ledgerSize: number;
  readonly checkpoints: number;
}

/** Create the timeline of `scenario` run under `kind` (every host), after `opts.fills`. */
export function createBulkTimeline(scenario: Scenario, kind: PolicyKind, opts: BulkTimelineOptions = {}): BulkTimeline {
  const { scenario: s, state: st } = filledState(scenario, kind, opts.fills ?? []);
  const events = s.events;
  const n = events.length;
  // About 1,024 checkpoints: each is as big as the live churn, and a seek re-runs at most one interval.
  const every = Math.max(1, opts.checkpointEvery ?? Math.max(512, Math.ceil(n / 1024)));
  const columns: EventColumns = {
    op: new Uint8Array(n),
    code: new Uint8Array(n),
    pasid: new Int32Array(n).fill(-1),
    hpasid: new Int32Array(n).fill(-1),
  };
  const collector = opts.stats ? new StatsCollector(kind, st, n, opts) : null;
  let finished: PolicyStats | null = null;

  const ledger = new Ledger();
  const note = (e: Effect) => ledger.note(e);
  const apply = (e: Effect) => {
    applyEffect(st, e);
    note(e);
  };

  const checkpoints: Checkpoint[] = [{ index: 0, slots: [], values: [] }];
  /** effects of events [segmentStart, live), for stepping back within the interval */
  let recent: Effect[][] = [];
  let segmentStart = 0;
  let live = 0;
  let built = 0;

  /** Run event i on the live state (which is at i); record its effects. */
  const run = (i: number): Outcome => {
    const e = events[i];
    let o: Outcome;
    let engineError: string | undefined;
    try {
      o = applyEvent(st, e, i);
    } catch (err) {
      engineError = (err as Error)?.message ?? String(err);
      o = engineErrorOutcome(i, e, err);
    }
    for (const fx of o.effects) note(fx);
    recent.push(o.effects);
    live = i + 1;
    if (live % every === 0) {
      segmentStart = live;
      recent = [];
    }
    if (i === built) {
      columns.op[i] = opIndex(e.op);
      columns.code[i] = engineError !== undefined ? CODE_ENGINE : codeOf(o);
      if (o.pasid !== undefined) columns.pasid[i] = o.pasid;
      if (o.hpasid !== undefined) columns.hpasid[i] = o.hpasid;
      collector?.observe(i, e, o, engineError);
      built = i + 1;
      if (built % every === 0) {
        const slots: Slot[] = [];
        const values: SlotValue[] = [];
        ledger.forEach((ent) => {
          slots.push(ent.slot);
          values.push(ent.cur);
        });
        checkpoints.push({ index: built, slots, values });
      }
    }
    return o;
  };

  /** Jump the live state to checkpoint `c` through the initial state. */
  const jumpTo = (c: Checkpoint) => {
    const removals: Effect[] = [];
    const middle: Effect[] = [];
    const additions: Effect[] = [];
    // Back to the initial state: every slot that differs returns to its initial value…
    ledger.forEach((ent) => transition(ent.slot, ent.cur, ent.slot.base, removals, middle, additions));
    // …then to the checkpoint's values. Removals first, so a slot that moves (an ADI id,
    // a passed-through function) is free before it is taken again.
    const r2: Effect[] = [];
    const m2: Effect[] = [];
    const a2: Effect[] = [];
    for (let k = 0; k < c.slots.length; k++) transition(c.slots[k], c.slots[k].base, c.values[k], r2, m2, a2);
    for (const e of removals) applyEffect(st, e);
    for (const e of middle) applyEffect(st, e);
    for (const e of additions) applyEffect(st, e);
    for (const e of r2) applyEffect(st, e);
    for (const e of m2) applyEffect(st, e);
    for (const e of a2) applyEffect(st, e);
    ledger.clear();
    for (let k = 0; k < c.slots.length; k++) ledger.set(c.slots[k], c.values[k]);
    live = c.index;
    segmentStart = c.index;
    recent = [];
  };

  const stateAt = (cursor: number): EngineState => {
    if (built < n) throw new Error('the run is still being built');
    const y = Math.max(0, Math.min(n, Math.trunc(cursor)));
    if (y >= segmentStart && y <= live) {
      // Back within the interval: invert the recorded effects.
      while (live > y) {
        const fx = recent.pop()!;
        for (let k = fx.length - 1; k >= 0; k--) apply(invertEffect(fx[k]));
        live--;
      }
      return st;
    }
    const c = checkpoints[Math.min(checkpoints.length - 1, Math.floor(y / every))];
    if (!(y > live && c.index <= live)) jumpTo(c);
    while (live < y) run(live);
    return st;
  };

  return {
    policy: kind,
    length: n,
    get built() {
      return built;
    },
    step(max: number): boolean {
      const end = Math.min(n, built + max);
      while (built < end) run(built);
      if (built >= n && collector && !finished) finished = collector.finish();
      return built >= n;
    },
    columns,
    stateAt,
    outcomeAt(index: number): Outcome {
      const i = Math.max(0, Math.min(n - 1, Math.trunc(index)));
      stateAt(i);
      return run(i);
    },
    stats: () => finished,
    get ledgerSize() {
      return ledger.size;
    },
    get checkpoints() {
      return checkpoints.length;
    },
  };
}
