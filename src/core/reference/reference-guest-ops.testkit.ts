/**
 * The reference model's VM ops (DOMAIN.md §3, §5): `assign`, `unassign`, `guest.alloc`,
 * `guest.bind`, `guest.unbind`, `guest.free`. Each op mutates the state it is given; the
 * caller throws that copy away when the outcome is a failure (§6).
 *
 * Test code, written from the contract alone.
 */
import type { Ev } from './reference-host-ops.testkit.ts';
import { failure, success, type RefOutcome } from './reference-outcome.testkit.ts';
import {
  adiParentOf,
  adiPasid,
  blockerOn,
  entriesOn,
  fnOf,
  gHoldings,
  groupRids,
  guestHolder,
  hasAdiBinding,
  holderName,
  hostById,
  lowestFree,
  passedThroughTo,
  type GuestProcess,
  type RefState,
  type RefVm,
  type World,
} from './reference-world.testkit.ts';

const vmOf = (s: RefState, ev: Ev): RefVm => s.vms.find((v) => v.id === ev.vm)!;

/** `assign` (§5): pass a function through (v==p) or create an ADI of a PF (v!=p). */
export function assign(w: World, s: RefState, ev: Ev): RefOutcome {
  const vm = vmOf(s, ev);
  const host = hostById(w, vm.host);
  const adi = ev.adiOf !== undefined;
  const rid = (adi ? ev.adiOf : ev.function) as string;
  const fn = fnOf(host, rid);
  if (!fn) return failure('ENODEV', `host ${host.id} has no function ${rid}`);
  const alias = (ev.as as string | undefined) ?? rid;
  if (vm.devices.some((d) => d.alias === alias))
    return failure('EEXIST', `VM ${vm.id} already has a device ${alias}`);
  const owner = passedThroughTo(s, host.id, rid);
  if (!adi) {
    if (owner !== undefined) return failure('EBUSY', `${rid} is passed through to VM ${owner}`);
    const e = entriesOn(w, s, host.id, rid)[0];
    if (e) return failure('EBUSY', `${rid} has PASID ${e.pasid} attached for ${holderName(e.holder)}`);
    const parents = adiParentOf(s, host.id, rid);
    if (parents.length > 0) return failure('EBUSY', `${rid} carries ADIs of VM ${parents[0]}`);
    if ((host.kind === 'local' || host.kind === 'linux') && fn.swq && vm.translation)
      return failure('EOPNOTSUPP', `VM ${vm.id} translates ENQCMD PASIDs: no passthrough SWQ (type-7/8 mix)`);
  } else {
    if (host.kind === 'linux') return failure('EOPNOTSUPP', 'no SIOV ADIs upstream');
    if (!fn.siov) return failure('EINVAL', `${rid} is not a SIOV PF`);
    if (owner !== undefined) return failure('EBUSY', `${rid} is passed through to VM ${owner}`);
    if (fn.swq && (host.kind === 'local' || host.kind === 'split')) {
      if (!host.cpuPasidTranslation)
        return failure('EOPNOTSUPP', `host ${host.id} has no CPU PASID translation`);
      if (host.kind === 'local' && vm.devices.some((d) => !d.adi && fnOf(host, d.rid)!.swq))
        return failure('EOPNOTSUPP', `VM ${vm.id} has a passthrough SWQ device (type-7/8 mix)`);
      vm.translation = true;
    }
  }
  vm.devices.push({ alias, adi, rid });
  return success(`${adi ? 'ADI of' : 'passthrough'} ${rid} assigned to VM ${vm.id} as ${alias}`);
}

/** `unassign` (§5): hot-unplug; every reference through the device goes, translation stays. */
export function unassign(w: World, s: RefState, ev: Ev): RefOutcome {
  const vm = vmOf(s, ev);
  const d = vm.devices.find((x) => x.alias === ev.device);
  if (!d) return failure('ENODEV', `VM ${vm.id} has no device ${ev.device as string}`);
  for (const p of vm.processes) p.bindings = p.bindings.filter((b) => b.alias !== d.alias);
  vm.devices = vm.devices.filter((x) => x !== d);
  for (const p of vm.processes) releaseLocalHpasid(w, vm, p);
  return success(`${d.alias} unplugged from VM ${vm.id}`);
}

/** `local` (§3): a guest process's hPASID, entry and group reservations go with its last ADI attachment. */
function releaseLocalHpasid(w: World, vm: RefVm, p: GuestProcess): void {
  if (hostById(w, vm.host).kind !== 'local' || hasAdiBinding(vm, p)) return;
  p.hpasid = undefined;
  p.touched = [];
}

/** `guest.alloc` (§5): the guest process's gPASID, and under `split` a shared one's hPASID. */
export function guestAlloc(w: World, s: RefState, ev: Ev): RefOutcome {
  const vm = vmOf(s, ev);
  const host = hostById(w, vm.host);
  const name = ev.process as string;
  if (vm.processes.some((p) => p.name === name)) return failure('EEXIST', `${name} already has a PASID`);
  const shared = ev.kind === 'shared';
  if (host.kind === 'global' && !vm.pasidAlloc)
    return failure('EOPNOTSUPP', `VM ${vm.id} has no vIOMMU PASID allocation interface`);
  if (host.kind === 'linux' && shared) return failure('EOPNOTSUPP', 'no shared guest PASIDs under linux');
  if (host.kind === 'split' && shared) {
    if (!vm.pasidAlloc) return failure('EOPNOTSUPP', `VM ${vm.id} has no vIOMMU PASID allocation interface`);
    if (!host.cpuPasidTranslation)
      return failure('EOPNOTSUPP', `host ${host.id} has no CPU PASID translation`);
  }
  // The guest's range and what is taken in it: G itself under `global`, the VM's own space otherwise.
  const hi = host.kind === 'split' ? host.localEnd : 2 ** host.iommuBits;
  const taken =
    host.kind === 'global' ? gHoldings(w, s, host.id).map((g) => g.pasid) : vm.processes.map((p) => p.gpasid);
  let g: number | undefined;
  if (ev.pasid !== undefined) {
    g = ev.pasid as number;
    if (g < 1 || g >= hi) return failure('ERANGE', `PASID ${g} is outside the guest range [1, ${hi})`);
    if (taken.includes(g)) return failure('EBUSY', `PASID ${g} is taken`);
  } else {
    g = lowestFree(1, hi, (n) => taken.includes(n));
    if (g === undefined) return failure('ENOSPC', `the guest range [1, ${hi}) is full`);
  }
  let h: number | undefined;
  if (host.kind === 'split' && shared) {
    const held = gHoldings(w, s, host.id).map((x) => x.pasid);
    h = lowestFree(host.localEnd, host.sharedEnd, (n) => held.includes(n));
    if (h === undefined) return failure('ENOSPC', `the shared range of host ${host.id} is full`);
  }
  vm.processes.push({ name, shared, gpasid: g, hpasid: h, touched: [], bindings: [] });
  const hpasid = host.kind === 'global' ? g : h;
  return success(`${name} has gPASID ${g}`, hpasid === undefined ? { pasid: g } : { pasid: g, hpasid });
}

/** `guest.bind` (§5): program the gPASID (passthrough) or the hPASID on the parent PF (ADI). */
export function guestBind(w: World, s: RefState, ev: Ev): RefOutcome {
  const vm = vmOf(s, ev);
  const host = hostById(w, vm.host);
  const d = vm.devices.find((x) => x.alias === ev.device);
  if (!d) return failure('ENODEV', `VM ${vm.id} has no device ${ev.device as string}`);
  const p = vm.processes.find((x) => x.name === ev.process);
  if (!p) return failure('ENOENT', `guest process ${ev.process as string} has no PASID`);
  const fn = fnOf(host, d.rid)!;
  const me = guestHolder(vm.id, p.name);
  let n: number;
  // A passed-through function's table is the guest's: only entries block (§3), groups are ignored.
  let rids = [d.rid];
  if (!d.adi) {
    n = p.gpasid;
  } else {
    if (host.kind === 'split' && !p.shared)
      return failure('EINVAL', `${p.name} is not a shared process: it cannot use an ADI`);
    if (host.kind === 'local') {
      rids = groupRids(host, d.rid);
      if (p.hpasid === undefined) {
        const hi = Math.min(...rids.map((r) => fnOf(host, r)!.max));
        const targets = vm.processes.map((x) => x.hpasid).filter((x) => x !== undefined);
        const got = lowestFree(
          1,
          hi,
          // §3: "free" means no entry (anyone's, the process's own v==p ones too) and no other process's reservation.
          (c) =>
            targets.includes(c) ||
            rids.some((r) => entriesOn(w, s, host.id, r).some((x) => x.pasid === c) || blockerOn(w, s, host.id, r, c, me) !== undefined),
        );
        if (got === undefined) return failure('ENOSPC', `no free PASID on ${d.rid} for ${p.name}`);
        p.hpasid = got;
      }
    }
    n = adiPasid(host, p)!;
  }
  if (n >= fn.max) return failure('EOVERFLOW', `PASID ${n} is too wide for ${d.rid} (max ${fn.max})`);
  for (const r of rids) {
    const b = blockerOn(w, s, host.id, r, n, me);
    if (b !== undefined) return failure('EBUSY', `PASID ${n} on ${r} is held by ${holderName(b)}`);
  }
  const binding = p.bindings.find((b) => b.alias === d.alias);
  if (binding) binding.refs++;
  else p.bindings.push({ alias: d.alias, refs: 1 });
  if (d.adi && host.kind === 'local' && !p.touched.includes(d.rid)) p.touched.push(d.rid);
  return success(`${p.name} bound on ${d.alias} at ${n}`, { pasid: p.gpasid, hpasid: n });
}

/** `guest.unbind` (§5): drop one reference; detach at zero. */
export function guestUnbind(w: World, s: RefState, ev: Ev): RefOutcome {
  const vm = vmOf(s, ev);
  const host = hostById(w, vm.host);
  const d = vm.devices.find((x) => x.alias === ev.device);
  if (!d) return failure('ENODEV', `VM ${vm.id} has no device ${ev.device as string}`);
  const p = vm.processes.find((x) => x.name === ev.process);
  if (!p) return failure('ENOENT', `guest process ${ev.process as string} has no PASID`);
  const b = p.bindings.find((x) => x.alias === d.alias);
  if (!b) return failure('EINVAL', `${p.name} is not bound on ${d.alias}`);
  const n = d.adi ? adiPasid(host, p)! : p.gpasid;
  b.refs--;
  if (b.refs === 0) p.bindings = p.bindings.filter((x) => x !== b);
  releaseLocalHpasid(w, vm, p);
  return success(`${p.name} unbound from ${d.alias}`, { pasid: p.gpasid, hpasid: n });
}

/** `guest.free` (§5): unbind everywhere and free the process's PASIDs, entry and reservations. */
export function guestFree(w: World, s: RefState, ev: Ev): RefOutcome {
  const vm = vmOf(s, ev);
  const host = hostById(w, vm.host);
  const p = vm.processes.find((x) => x.name === ev.process);
  if (!p) return failure('ENOENT', `guest process ${ev.process as string} has no PASID`);
  vm.processes = vm.processes.filter((x) => x !== p);
  const h = host.kind === 'global' ? p.gpasid : p.hpasid;
  return success(`${p.name} freed`, h === undefined ? { pasid: p.gpasid } : { pasid: p.gpasid, hpasid: h });
}
