/**
 * The engine's working state. Mutable inside the engine for speed (DESIGN.md convention 2);
 * every change goes through an effect (effects.ts), so a recorded effect list replays a
 * step forward and its inverse steps back exactly (convention 3). What leaves the engine
 * is plain data (snapshot.ts). The indexes here (`attachedBy`, `reservedBy`) are kept by
 * the same effects, so they never disagree with what they index.
 */
import type { IdSet } from '../id-set/id-set.ts';
import { makeHostSpace, makeSparseSpace } from '../id-set/spaces.ts';
import type { FunctionSpec, HostSpec, Scenario, VmSpec } from '../scenario/index.ts';
import { clampPolicy, gRange, guestRange, type Policy } from '../model/policy.ts';
import { PASID_SPACE, type Pasid } from '../model/pasid.ts';
import type { Holder } from '../model/holder.ts';
import type { DeviceRecord, ProcRecord } from '../model/effect.ts';

/** A RID table entry: whose address space the PASID selects, and how many binds hold it. */
export interface Entry {
  holder: Holder;
  refs: number;
}

export interface GroupState {
  id: string;
  members: FnState[];
  /** the smallest maxPasids of the members: a group allocation stays below every one */
  maxPasids: number;
}

export interface FnState {
  spec: FunctionSpec;
  /** 2^min(function width, IOMMU width) (DOMAIN.md §2) */
  maxPasids: number;
  /** which PASIDs have an entry */
  table: IdSet;
  entries: Map<Pasid, Entry>;
  /** `local` reservations: which PASIDs are kept for a process here (DOMAIN.md §3) */
  reservedIds: IdSet;
  reserved: Map<Pasid, Holder>;
  group: GroupState | null;
  /** passed through to a VM */
  assigned: { vm: string; alias: string } | null;
  /** ADIs on this (siov) PF, by ADI id */
  adis: Map<string, { vm: string; alias: string }>;
}

export interface HostState {
  id: string;
  /** the policy as the host reads it: split ranges clamped to the IOMMU (DOMAIN.md §3) */
  policy: Policy;
  iommuBits: number;
  cpuPasidTranslation: boolean;
  functions: FnState[];
  fn: Map<string, FnState>;
  groups: GroupState[];
  /** the host-wide allocator G; null under `local` */
  g: IdSet | null;
  gHolder: Map<Pasid, Holder>;
  /** host processes that hold a PASID (a process without one has no record) */
  procs: Map<string, ProcRecord>;
  /** index: host process → the functions it has an entry on */
  attachedBy: Map<string, Set<FnState>>;
  /** index: holder key → the functions it holds a reservation on */
  reservedBy: Map<string, Set<FnState>>;
  /** one Holder object per process name, shared by its effects (a cache, not state) */
  holders: Map<string, Holder>;
}

export interface GuestProc {
  pasid: Pasid | null;
  kind: 'local' | 'shared';
  hpasid: Pasid | null;
  /** index of its guest.alloc event: migration takes processes in this order */
  order: number;
}

export interface VmState {
  id: string;
  host: string;
  pasidAlloc: boolean;
  /** gPASIDs in use; the policy's range bounds each allocation */
  space: IdSet;
  procs: Map<string, GuestProc>;
  devices: Map<string, DeviceRecord>;
  /** guest bindings: process → device alias → references */
  bindings: Map<string, Map<string, number>>;
  /** the PASID translation table, gPASID → hPASID (per VM, DOMAIN.md §2) */
  xlate: Map<Pasid, Pasid>;
  /** CPU PASID translation on since this event (null: off) */
  translationSince: number | null;
  /** one Holder object per process name, shared by its effects (a cache, not state) */
  holders: Map<string, Holder>;
}

export interface EngineState {
  hosts: Map<string, HostState>;
  vms: Map<string, VmState>;
}

function fnState(spec: FunctionSpec, iommuBits: number): FnState {
  const maxPasids = 2 ** Math.min(spec.pasidBits, iommuBits);
  return {
    spec,
    maxPasids,
    table: makeSparseSpace(1, maxPasids),
    entries: new Map(),
    reservedIds: makeSparseSpace(1, maxPasids),
    reserved: new Map(),
    group: null,
    assigned: null,
    adis: new Map(),
  };
}

export function hostState(h: HostSpec): HostState {
  const functions = h.functions.map((f) => fnState(f, h.iommu.pasidBits));
  const fn = new Map(functions.map((f) => [f.spec.rid, f]));
  const policy = clampPolicy(h.policy, h.iommu.pasidBits);
  const range = gRange(policy, h.iommu.pasidBits);
  const groups: GroupState[] = [];
  for (const g of h.pasidGroups) {
    const members = g.functions.map((rid) => fn.get(rid)).filter((f): f is FnState => f !== undefined);
    if (members.length === 0) continue;
    const group: GroupState = { id: g.id, members, maxPasids: Math.min(...members.map((m) => m.maxPasids)) };
    for (const m of members) m.group = group;
    groups.push(group);
  }
  return {
    id: h.id,
    policy,
    iommuBits: h.iommu.pasidBits,
    cpuPasidTranslation: h.iommu.cpuPasidTranslation,
    functions,
    fn,
    groups,
    g: range ? makeHostSpace(range[0], range[1]) : null,
    gHolder: new Map(),
    procs: new Map(),
    attachedBy: new Map(),
    reservedBy: new Map(),
    holders: new Map(),
  };
}

export function vmState(v: VmSpec): VmState {
  return {
    id: v.id,
    host: v.host,
    pasidAlloc: v.viommu.pasidAlloc,
    space: makeSparseSpace(1, PASID_SPACE),
    procs: new Map(),
    devices: new Map(),
    bindings: new Map(),
    xlate: new Map(),
    translationSince: null,
    holders: new Map(),
  };
}

/** The state before the first event. */
export function initialState(s: Scenario): EngineState {
  return {
    hosts: new Map(s.hosts.map((h) => [h.id, hostState(h)])),
    vms: new Map(s.vms.map((v) => [v.id, vmState(v)])),
  };
}

/** Internal consistency error: the engine produced an effect that does not fit the state. */
export class EngineBug extends Error {}

/** The range a guest's PASIDs come from on this host (DOMAIN.md §3). */
export function guestRangeOf(h: HostState): [number, number] {
  return guestRange(h.policy, h.iommuBits);
}
