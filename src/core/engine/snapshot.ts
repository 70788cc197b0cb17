/**
 * The engine state as plain, canonical data (sorted, so equal states give equal snapshots
 * however they were reached): what the UI, the CLI and the worker see.
 */
import type { Holder } from '../model/holder.ts';
import type { Pasid } from '../model/pasid.ts';
import type { EntrySnapshot, FunctionSnapshot, HostSnapshot, Snapshot, VmSnapshot } from '../model/snapshot.ts';
import { guestRangeOf, type EngineState, type FnState, type HostState, type VmState } from './state.ts';

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function functionSnapshot(st: EngineState, h: HostState, f: FnState): FunctionSnapshot {
  const entries: EntrySnapshot[] = [...f.entries]
    .map(([pasid, en]) => {
      const out: EntrySnapshot = { pasid, holder: en.holder, refs: en.refs };
      if (en.holder.type === 'guest') {
        const v = st.vms.get(en.holder.vm);
        const devices = [...(v?.bindings.get(en.holder.process) ?? [])]
          .map(([alias]) => v!.devices.get(alias))
          .filter((d) => d !== undefined && d.host === h.id && d.rid === f.spec.rid)
          .map((d) => d!.alias)
          .sort(byKey);
        if (devices.length) out.devices = devices;
      }
      return out;
    })
    .sort((a, b) => a.pasid - b.pasid);
  return {
    rid: f.spec.rid,
    kind: f.spec.kind,
    ...(f.spec.pf !== undefined ? { pf: f.spec.pf } : {}),
    ...(f.spec.label !== undefined ? { label: f.spec.label } : {}),
    ...(f.spec.model !== undefined ? { model: f.spec.model } : {}),
    ...(f.group ? { group: f.group.id } : {}),
    pasidBits: f.spec.pasidBits,
    maxPasids: f.maxPasids,
    swq: f.spec.swq,
    siov: f.spec.siov,
    assignedTo: f.assigned ? { ...f.assigned } : null,
    adis: [...f.adis].map(([id, a]) => ({ id, ...a })).sort((a, b) => byKey(a.id, b.id)),
    entries,
    reservations: [...f.reserved].map(([pasid, holder]) => ({ pasid, holder })).sort((a, b) => a.pasid - b.pasid),
  };
}

function hostSnapshot(st: EngineState, h: HostState): HostSnapshot {
  const gUsed: { pasid: Pasid; holder: Holder }[] = [];
  if (h.g) for (const [s, e] of h.g.usedRuns()) for (let p = s; p < e; p++) gUsed.push({ pasid: p, holder: h.gHolder.get(p)! });
  return {
    id: h.id,
    policy: h.policy,
    iommuBits: h.iommuBits,
    cpuPasidTranslation: h.cpuPasidTranslation,
    g: h.g ? { lo: h.g.lo, hi: h.g.hi, used: gUsed } : null,
    functions: h.functions.map((f) => functionSnapshot(st, h, f)),
    groups: h.groups.map((g) => ({ id: g.id, rids: g.members.map((m) => m.spec.rid) })),
    processes: [...h.procs].map(([name, p]) => ({ name, pasid: p.pasid })).sort(byName),
  };
}

function vmSnapshot(st: EngineState, v: VmState): VmSnapshot {
  const range = guestRangeOf(st.hosts.get(v.host)!);
  const bindings: VmSnapshot['bindings'] = [];
  for (const [process, per] of v.bindings) for (const [device, refs] of per) bindings.push({ process, device, refs });
  bindings.sort((a, b) => byKey(a.process, b.process) || byKey(a.device, b.device));
  return {
    id: v.id,
    host: v.host,
    pasidAlloc: v.pasidAlloc,
    space: { lo: range[0], hi: range[1] },
    translation: { on: v.translationSince !== null, since: v.translationSince },
    processes: [...v.procs].map(([name, p]) => ({ name, kind: p.kind, pasid: p.pasid, hpasid: p.hpasid })).sort(byName),
    devices: [...v.devices.values()].sort((a, b) => byKey(a.alias, b.alias)),
    bindings,
    xlate: [...v.xlate].map(([gpasid, hpasid]) => ({ gpasid, hpasid })).sort((a, b) => a.gpasid - b.gpasid),
  };
}

export function snapshotOf(st: EngineState, cursor: number): Snapshot {
  return {
    cursor,
    hosts: [...st.hosts.values()].map((h) => hostSnapshot(st, h)),
    vms: [...st.vms.values()].map((v) => vmSnapshot(st, v)),
  };
}
