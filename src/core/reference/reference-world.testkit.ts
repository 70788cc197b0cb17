/**
 * The reference model's topology and state (DOMAIN.md §2–§4), written from the contract
 * alone. Everything is plain arrays scanned linearly; RID tables, reservations, the
 * host-wide allocator G and the guest spaces are not stored but derived from the
 * processes' bindings, so they cannot drift from what the processes hold.
 *
 * Test code: slow and simple on purpose. It shares nothing with the engine.
 */

export type RefKind = 'global' | 'local' | 'split' | 'linux';

/** One PCI function as the model reads it, defaults applied (§4). */
export interface RefFunction {
  rid: string;
  kind: 'pf' | 'vf';
  /** the parent PF's RID (VFs only) */
  pf?: string;
  /** the function's own PASID capability width (a VF's is its PF's) */
  bits: number;
  /** `2^min(bits, iommu bits)`: usable PASIDs are `[1, max)` (§2) */
  max: number;
  swq: boolean;
  siov: boolean;
  /** a VF's model is its PF's */
  model?: string;
}

/** One host, its policy resolved (declared or overridden, §8) and split bounds clamped (§3). */
export interface RefHost {
  id: string;
  kind: RefKind;
  iommuBits: number;
  cpuPasidTranslation: boolean;
  /** split only: `min(localEnd, 2^iommuBits)` */
  localEnd: number;
  /** split only: `min(sharedEnd, 2^iommuBits)` */
  sharedEnd: number;
  functions: RefFunction[];
  /** allocation groups: lists of this host's RIDs (they matter under `local` only) */
  groups: string[][];
}

/** A host process (SVA). `touched` lists every RID it has been attached to since it got its PASID. */
export interface HostProcess {
  host: string;
  name: string;
  pasid: number;
  touched: string[];
  bindings: { rid: string; refs: number }[];
}

/** A device of a VM: a passed-through function, or an ADI whose `rid` is its parent PF. */
export interface VmDevice {
  alias: string;
  adi: boolean;
  rid: string;
}

/** A guest process. `touched`: the PFs its ADI bindings reached since it got its `local` hPASID. */
export interface GuestProcess {
  name: string;
  shared: boolean;
  gpasid: number;
  /** split: a shared process's hPASID in G; local: the ADI hPASID; global: unused (g == h) */
  hpasid?: number;
  touched: string[];
  bindings: { alias: string; refs: number }[];
}

export interface RefVm {
  id: string;
  host: string;
  pasidAlloc: boolean;
  translation: boolean;
  /** in assign order */
  devices: VmDevice[];
  /** in guest.alloc order */
  processes: GuestProcess[];
}

export interface RefState {
  hostProcesses: HostProcess[];
  vms: RefVm[];
}

export interface World {
  hosts: RefHost[];
}

/** A holder's identity: unambiguous whatever characters the names contain. */
export function hostHolder(host: string, name: string): string {
  return JSON.stringify(['host', host, name]);
}

export function guestHolder(vm: string, name: string): string {
  return JSON.stringify(['guest', vm, name]);
}

/** A holder as a person would name it in a message. */
export function holderName(holder: string): string {
  const [kind, owner, name] = JSON.parse(holder) as [string, string, string];
  return kind === 'host' ? `host ${owner} process ${name}` : `VM ${owner} process ${name}`;
}

export function hostById(w: World, id: string): RefHost {
  const h = w.hosts.find((x) => x.id === id);
  if (!h) throw new Error(`reference model: no host ${JSON.stringify(id)}`);
  return h;
}

export function fnOf(host: RefHost, rid: string): RefFunction | undefined {
  return host.functions.find((f) => f.rid === rid);
}

/** The RIDs of `rid`'s allocation group, `rid` included; just `[rid]` outside groups or `local`. */
export function groupRids(host: RefHost, rid: string): string[] {
  if (host.kind !== 'local') return [rid];
  const g = host.groups.find((members) => members.includes(rid));
  return g ? [...g] : [rid];
}

/** The number a guest process's ADI binding programs: under `global` g == h. */
export function adiPasid(host: RefHost, p: GuestProcess): number | undefined {
  return host.kind === 'global' ? p.gpasid : p.hpasid;
}

/** The VM's translation table (gPASID → hPASID): `split` shared processes, `local` ADI-bound ones. */
export function tableTarget(host: RefHost, p: GuestProcess): number | undefined {
  if (host.kind === 'split') return p.shared ? p.hpasid : undefined;
  if (host.kind === 'local') return p.hpasid;
  return undefined;
}

export function hasAdiBinding(vm: RefVm, p: GuestProcess): boolean {
  return p.bindings.some((b) => vm.devices.some((d) => d.alias === b.alias && d.adi));
}

/** The VM that has `rid` of `host` passed through, if any. */
export function passedThroughTo(s: RefState, host: string, rid: string): string | undefined {
  return s.vms.find((vm) => vm.host === host && vm.devices.some((d) => !d.adi && d.rid === rid))?.id;
}

/** The VMs that have an ADI of `rid` of `host`. */
export function adiParentOf(s: RefState, host: string, rid: string): string[] {
  return s.vms
    .filter((vm) => vm.host === host && vm.devices.some((d) => d.adi && d.rid === rid))
    .map((vm) => vm.id);
}

export interface Entry {
  rid: string;
  pasid: number;
  holder: string;
  refs: number;
}

/** Every RID table of `hostId`, derived from every binding there: one row per (RID, PASID, holder). */
export function tableEntries(w: World, s: RefState, hostId: string): Entry[] {
  const out: Entry[] = [];
  const add = (rid: string, pasid: number, holder: string, refs: number) => {
    const e = out.find((x) => x.rid === rid && x.pasid === pasid && x.holder === holder);
    if (e) e.refs += refs;
    else out.push({ rid, pasid, holder, refs });
  };
  for (const hp of s.hostProcesses) {
    if (hp.host !== hostId) continue;
    for (const b of hp.bindings) add(b.rid, hp.pasid, hostHolder(hp.host, hp.name), b.refs);
  }
  const host = hostById(w, hostId);
  for (const vm of s.vms) {
    if (vm.host !== hostId) continue;
    for (const p of vm.processes) {
      for (const b of p.bindings) {
        const d = vm.devices.find((x) => x.alias === b.alias);
        const n = d && (d.adi ? adiPasid(host, p) : p.gpasid);
        if (d && n !== undefined) add(d.rid, n, guestHolder(vm.id, p.name), b.refs);
      }
    }
  }
  return out;
}

/** The PASID table of `rid` on `hostId`. */
export function entriesOn(w: World, s: RefState, hostId: string, rid: string): Entry[] {
  return tableEntries(w, s, hostId).filter((e) => e.rid === rid);
}

/**
 * The reservations on `rid` (§3, `local` only): a host process's on every RID it has been
 * attached to and their groups; a guest process's on the groups of the PFs its ADI
 * bindings reached.
 */
export function reservationsOn(
  w: World,
  s: RefState,
  hostId: string,
  rid: string,
): { pasid: number; holder: string }[] {
  const host = hostById(w, hostId);
  if (host.kind !== 'local') return [];
  const out: { pasid: number; holder: string }[] = [];
  for (const hp of s.hostProcesses) {
    if (hp.host !== hostId) continue;
    if (hp.touched.some((t) => groupRids(host, t).includes(rid)))
      out.push({ pasid: hp.pasid, holder: hostHolder(hostId, hp.name) });
  }
  for (const vm of s.vms) {
    if (vm.host !== hostId) continue;
    for (const p of vm.processes) {
      if (p.hpasid === undefined) continue;
      const grouped = p.touched.filter((t) => host.groups.some((g) => g.includes(t)));
      if (grouped.some((t) => groupRids(host, t).includes(rid)))
        out.push({ pasid: p.hpasid, holder: guestHolder(vm.id, p.name) });
    }
  }
  return out;
}

/**
 * Who keeps `n` on `rid` from `me` (§3, §5 "On any bind"): an entry of another holder, or,
 * under `local` on a host-owned table, another holder's reservation.
 */
export function blockerOn(
  w: World,
  s: RefState,
  hostId: string,
  rid: string,
  n: number,
  me: string,
): string | undefined {
  const e = entriesOn(w, s, hostId, rid).find((x) => x.pasid === n && x.holder !== me);
  if (e) return e.holder;
  if (passedThroughTo(s, hostId, rid) !== undefined) return undefined;
  return reservationsOn(w, s, hostId, rid).find((r) => r.pasid === n && r.holder !== me)?.holder;
}

/** What the host-wide allocator G of `hostId` holds (every policy but `local`). */
export function gHoldings(w: World, s: RefState, hostId: string): { pasid: number; holder: string }[] {
  const host = hostById(w, hostId);
  if (host.kind === 'local') return [];
  const out: { pasid: number; holder: string }[] = [];
  for (const hp of s.hostProcesses)
    if (hp.host === hostId) out.push({ pasid: hp.pasid, holder: hostHolder(hostId, hp.name) });
  for (const vm of s.vms) {
    if (vm.host !== hostId) continue;
    for (const p of vm.processes) {
      const n = host.kind === 'global' ? p.gpasid : host.kind === 'split' ? p.hpasid : undefined;
      if (n !== undefined) out.push({ pasid: n, holder: guestHolder(vm.id, p.name) });
    }
  }
  return out;
}

/** The lowest `n` in `[lo, hi)` that `taken` does not claim. */
export function lowestFree(lo: number, hi: number, taken: (n: number) => boolean): number | undefined {
  for (let n = Math.max(lo, 1); n < hi; n++) if (!taken(n)) return n;
  return undefined;
}
