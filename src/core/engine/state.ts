/**
 * The engine's working state. Mutable inside the engine for speed (DESIGN.md convention 2);
 * every change goes through {@link applyEffect}, so a recorded effect list replays a step
 * forward and its inverse ({@link invertEffect}) steps back exactly (convention 3).
 * What leaves the engine is plain data: {@link snapshotOf}.
 */
import type { IdSet } from '../id-set/id-set.ts';
import { makeHostSpace, makeSparseSpace } from '../id-set/spaces.ts';
import type { FunctionSpec, HostSpec, Scenario, VmSpec } from '../scenario/scenario.ts';
import type {
  DeviceRecord,
  Effect,
  Holder,
  Pasid,
  Policy,
  ProcRecord,
  Snapshot,
  SpaceRef,
} from '../model/types.ts';
import { PASID_SPACE, gRange, guestRange } from '../model/policy.ts';

export interface Entry {
  holder: Holder;
  /** guest attachments: the device alias it was made through */
  device?: string;
}

export interface FnState {
  spec: FunctionSpec;
  /** 2^min(function width, IOMMU width) (DOMAIN.md §2) */
  maxPasids: number;
  /** the RID's PASID table: which PASIDs are present */
  table: IdSet;
  /** and who each belongs to */
  entries: Map<Pasid, Entry>;
  /** passed through to a VM */
  assigned: { vm: string; alias: string } | null;
  /** ADIs on this (siov) PF, by ADI id */
  adis: Map<string, { vm: string; alias: string }>;
}

export interface HostState {
  id: string;
  policy: Policy;
  iommuBits: number;
  cpuPasidTranslation: boolean;
  functions: FnState[];
  fn: Map<string, FnState>;
  /** the host-wide allocator G; null under `local` */
  g: IdSet | null;
  gHolder: Map<Pasid, Holder>;
  /** host processes that hold a PASID (a process without one has no record) */
  procs: Map<string, ProcRecord>;
}

export interface GuestProc {
  pasid: Pasid | null;
  kind: 'local' | 'shared';
  hpasid: Pasid | null;
}

export interface VmState {
  id: string;
  host: string;
  pasidAlloc: boolean;
  /** gPASIDs in use; the universe is the whole 20-bit space, the policy's range bounds each allocation */
  space: IdSet;
  procs: Map<string, GuestProc>;
  devices: Map<string, DeviceRecord>;
  /** VMCS PASID translation, gPASID → hPASID (per VM, DOMAIN.md §2) */
  xlate: Map<Pasid, Pasid>;
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
    assigned: null,
    adis: new Map(),
  };
}

export function hostState(h: HostSpec): HostState {
  const functions = h.functions.map((f) => fnState(f, h.iommu.pasidBits));
  const range = gRange(h.policy, h.iommu.pasidBits);
  return {
    id: h.id,
    policy: h.policy,
    iommuBits: h.iommu.pasidBits,
    cpuPasidTranslation: h.iommu.cpuPasidTranslation,
    functions,
    fn: new Map(functions.map((f) => [f.spec.rid, f])),
    g: range ? makeHostSpace(range[0], range[1]) : null,
    gHolder: new Map(),
    procs: new Map(),
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
    xlate: new Map(),
  };
}

/** The state before the first event. */
export function initialState(s: Scenario): EngineState {
  return {
    hosts: new Map(s.hosts.map((h) => [h.id, hostState(h)])),
    vms: new Map(s.vms.map((v) => [v.id, vmState(v)])),
  };
}

/** A deep, independent copy (timeline checkpoints). */
export function cloneState(st: EngineState): EngineState {
  const hosts = new Map<string, HostState>();
  for (const [id, h] of st.hosts) {
    const functions = h.functions.map((f) => ({
      ...f,
      table: f.table.clone(),
      entries: new Map(f.entries),
      adis: new Map(f.adis),
    }));
    hosts.set(id, {
      ...h,
      functions,
      fn: new Map(functions.map((f) => [f.spec.rid, f])),
      g: h.g ? h.g.clone() : null,
      gHolder: new Map(h.gHolder),
      procs: new Map(h.procs),
    });
  }
  const vms = new Map<string, VmState>();
  for (const [id, v] of st.vms) {
    vms.set(id, {
      ...v,
      space: v.space.clone(),
      procs: new Map(v.procs),
      devices: new Map(v.devices),
      xlate: new Map(v.xlate),
    });
  }
  return { hosts, vms };
}

/** Internal consistency error: the engine produced an effect that does not fit the state. */
export class EngineBug extends Error {}

function host(st: EngineState, id: string): HostState {
  const h = st.hosts.get(id);
  if (!h) throw new EngineBug(`no host ${id}`);
  return h;
}
function vm(st: EngineState, id: string): VmState {
  const v = st.vms.get(id);
  if (!v) throw new EngineBug(`no VM ${id}`);
  return v;
}
function fn(st: EngineState, hostId: string, rid: string): FnState {
  const f = host(st, hostId).fn.get(rid);
  if (!f) throw new EngineBug(`no function ${rid} on ${hostId}`);
  return f;
}

function allocSpace(st: EngineState, space: SpaceRef & { kind: 'g' | 'guest' }): IdSet {
  if (space.kind === 'guest') return vm(st, space.vm).space;
  const g = host(st, space.host).g;
  if (!g) throw new EngineBug(`host ${space.host} has no host-wide allocator`);
  return g;
}

/** Apply one effect to the state (mutates). */
export function applyEffect(st: EngineState, e: Effect): void {
  switch (e.t) {
    case 'alloc': {
      if (!allocSpace(st, e.space).add(e.pasid)) throw new EngineBug(`alloc of used ${e.pasid}`);
      if (e.space.kind === 'g') host(st, e.space.host).gHolder.set(e.pasid, e.holder);
      return;
    }
    case 'free': {
      if (!allocSpace(st, e.space).delete(e.pasid)) throw new EngineBug(`free of unused ${e.pasid}`);
      if (e.space.kind === 'g') host(st, e.space.host).gHolder.delete(e.pasid);
      return;
    }
    case 'attach': {
      const f = fn(st, e.host, e.rid);
      if (!f.table.add(e.pasid)) throw new EngineBug(`attach of present ${e.pasid} on ${e.rid}`);
      f.entries.set(e.pasid, e.device !== undefined ? { holder: e.holder, device: e.device } : { holder: e.holder });
      return;
    }
    case 'detach': {
      const f = fn(st, e.host, e.rid);
      if (!f.table.delete(e.pasid)) throw new EngineBug(`detach of absent ${e.pasid} on ${e.rid}`);
      f.entries.delete(e.pasid);
      return;
    }
    case 'xlate-set':
      vm(st, e.vm).xlate.set(e.gpasid, e.hpasid);
      return;
    case 'xlate-unset':
      vm(st, e.vm).xlate.delete(e.gpasid);
      return;
    case 'proc': {
      const h = e.holder;
      const map: Map<string, ProcRecord | GuestProc> = h.type === 'host' ? host(st, h.host).procs : vm(st, h.vm).procs;
      if (e.after === null) map.delete(h.process);
      else if (h.type === 'host') map.set(h.process, { pasid: e.after.pasid });
      else map.set(h.process, { pasid: e.after.pasid, kind: e.after.kind ?? 'local', hpasid: e.after.hpasid ?? null });
      return;
    }
    case 'assign': {
      const d = e.device;
      vm(st, e.vm).devices.set(d.alias, d);
      const f = fn(st, d.host, d.rid);
      if (d.type === 'passthrough') f.assigned = { vm: e.vm, alias: d.alias };
      else f.adis.set(d.adi!, { vm: e.vm, alias: d.alias });
      return;
    }
    case 'unassign': {
      const d = e.device;
      vm(st, e.vm).devices.delete(d.alias);
      const f = fn(st, d.host, d.rid);
      if (d.type === 'passthrough') f.assigned = null;
      else f.adis.delete(d.adi!);
      return;
    }
    case 'vm-host':
      vm(st, e.vm).host = e.to;
      return;
  }
}

/** The effect that undoes `e`. */
export function invertEffect(e: Effect): Effect {
  switch (e.t) {
    case 'alloc':
      return { ...e, t: 'free' };
    case 'free':
      return { ...e, t: 'alloc' };
    case 'attach':
      return { ...e, t: 'detach' };
    case 'detach':
      return { ...e, t: 'attach' };
    case 'xlate-set':
      return { ...e, t: 'xlate-unset' };
    case 'xlate-unset':
      return { ...e, t: 'xlate-set' };
    case 'proc':
      return { ...e, before: e.after, after: e.before };
    case 'assign':
      return { ...e, t: 'unassign' };
    case 'unassign':
      return { ...e, t: 'assign' };
    case 'vm-host':
      return { ...e, from: e.to, to: e.from };
  }
}

/** Undo a list of effects (applied in order) by applying their inverses in reverse. */
export function revertEffects(st: EngineState, effects: readonly Effect[]): void {
  for (let i = effects.length - 1; i >= 0; i--) applyEffect(st, invertEffect(effects[i]));
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The state as plain, canonical data (sorted, so equal states give equal snapshots
 * however they were reached).
 */
export function snapshotOf(st: EngineState, cursor: number): Snapshot {
  const hosts = [...st.hosts.values()].map((h) => {
    const gUsed: { pasid: Pasid; holder: Holder }[] = [];
    if (h.g) for (const [s, e] of h.g.usedRuns()) for (let p = s; p < e; p++) gUsed.push({ pasid: p, holder: h.gHolder.get(p)! });
    return {
      id: h.id,
      policy: h.policy,
      iommuBits: h.iommuBits,
      cpuPasidTranslation: h.cpuPasidTranslation,
      g: h.g ? { lo: h.g.lo, hi: h.g.hi, used: gUsed } : null,
      functions: h.functions.map((f) => ({
        rid: f.spec.rid,
        kind: f.spec.kind,
        ...(f.spec.pf !== undefined ? { pf: f.spec.pf } : {}),
        ...(f.spec.label !== undefined ? { label: f.spec.label } : {}),
        pasidBits: f.spec.pasidBits,
        maxPasids: f.maxPasids,
        swq: f.spec.swq,
        siov: f.spec.siov,
        assignedTo: f.assigned ? { ...f.assigned } : null,
        adis: [...f.adis].map(([id, a]) => ({ id, ...a })).sort((a, b) => (a.id < b.id ? -1 : 1)),
        entries: [...f.entries]
          .map(([pasid, en]) => ({ pasid, holder: en.holder, ...(en.device !== undefined ? { device: en.device } : {}) }))
          .sort((a, b) => a.pasid - b.pasid),
      })),
      processes: [...h.procs].map(([name, p]) => ({ name, pasid: p.pasid })).sort(byName),
    };
  });
  const vms = [...st.vms.values()].map((v) => {
    const h = host(st, v.host);
    const range = guestRangeOf(h);
    return {
      id: v.id,
      host: v.host,
      pasidAlloc: v.pasidAlloc,
      space: { lo: range[0], hi: range[1] },
      processes: [...v.procs]
        .map(([name, p]) => ({ name, kind: p.kind, pasid: p.pasid, hpasid: p.hpasid }))
        .sort(byName),
      devices: [...v.devices.values()].sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0)),
      xlate: [...v.xlate].map(([gpasid, hpasid]) => ({ gpasid, hpasid })).sort((a, b) => a.gpasid - b.gpasid),
    };
  });
  return { cursor, hosts, vms };
}

/** The range a guest's PASIDs come from on this host (DOMAIN.md §3). */
export function guestRangeOf(h: HostState): [number, number] {
  return guestRange(h.policy, h.iommuBits);
}
