/**
 * The reference model's host ops and ENQCMD (DOMAIN.md §5): `host.bind`, `host.unbind`,
 * `host.exit`, `enqcmd`. Each op mutates the state it is given; the caller throws that
 * copy away when the outcome is a failure (§6: a failed event changes nothing).
 *
 * Test code, written from the contract alone.
 */
import { failure, success, type RefOutcome } from './reference-outcome.testkit.ts';
import {
  blockerOn,
  entriesOn,
  fnOf,
  gHoldings,
  groupRids,
  guestHolder,
  holderName,
  hostById,
  hostHolder,
  lowestFree,
  passedThroughTo,
  tableTarget,
  type RefState,
  type World,
} from './reference-world.testkit.ts';

export type Ev = Record<string, unknown>;

const text = (ev: Ev, key: string): string => ev[key] as string;

/** `host.bind` (§5): SVA bind, allocating the process PASID on first use. */
export function hostBind(w: World, s: RefState, ev: Ev): RefOutcome {
  const host = hostById(w, text(ev, 'host'));
  const name = text(ev, 'process');
  const rid = text(ev, 'function');
  const fn = fnOf(host, rid)!;
  const me = hostHolder(host.id, name);
  const vm = passedThroughTo(s, host.id, rid);
  if (vm !== undefined) return failure('EBUSY', `${rid} is passed through to VM ${vm}`);
  let hp = s.hostProcesses.find((p) => p.host === host.id && p.name === name);
  // `local` checks the number on the function and its whole group (§3); the others on the function.
  const rids = groupRids(host, rid);
  let n: number;
  if (hp) {
    n = hp.pasid;
    if (n >= fn.max) return failure('EOVERFLOW', `PASID ${n} is too wide for ${rid} (max ${fn.max})`);
  } else {
    let got: number | undefined;
    if (host.kind === 'local') {
      const hi = Math.min(...rids.map((r) => fnOf(host, r)!.max));
      got = lowestFree(1, hi, (c) => rids.some((r) => blockerOn(w, s, host.id, r, c, me) !== undefined));
    } else {
      const held = gHoldings(w, s, host.id).map((g) => g.pasid);
      let lo = 1;
      let hi = Math.min(fn.max, 2 ** host.iommuBits);
      if (host.kind === 'split') {
        if (fn.max <= host.localEnd)
          return failure(
            'EOVERFLOW',
            `${rid} (max ${fn.max}) cannot reach the shared range at ${host.localEnd}`,
          );
        lo = host.localEnd;
        hi = Math.min(host.sharedEnd, fn.max);
      }
      got = lowestFree(lo, hi, (c) => held.includes(c));
    }
    if (got === undefined) return failure('ENOSPC', `no free PASID for ${name} on ${rid}`);
    n = got;
    hp = { host: host.id, name, pasid: n, touched: [], bindings: [] };
    s.hostProcesses.push(hp);
  }
  for (const r of rids) {
    const b = blockerOn(w, s, host.id, r, n, me);
    if (b !== undefined) return failure('EBUSY', `PASID ${n} on ${r} is held by ${holderName(b)}`);
  }
  const binding = hp.bindings.find((b) => b.rid === rid);
  if (binding) binding.refs++;
  else hp.bindings.push({ rid, refs: 1 });
  if (!hp.touched.includes(rid)) hp.touched.push(rid);
  return success(`${name} bound on ${rid} at ${n}`, { pasid: n, hpasid: n });
}

/** `host.unbind` (§5): drop one reference; detach at zero. The PASID (and reservation) stay. */
export function hostUnbind(w: World, s: RefState, ev: Ev): RefOutcome {
  const hostId = text(ev, 'host');
  const name = text(ev, 'process');
  const rid = text(ev, 'function');
  const hp = s.hostProcesses.find((p) => p.host === hostId && p.name === name);
  if (!hp) return failure('ENOENT', `host process ${name} has no PASID`);
  const b = hp.bindings.find((x) => x.rid === rid);
  if (!b) return failure('EINVAL', `${name} is not bound on ${rid}`);
  b.refs--;
  if (b.refs === 0) hp.bindings = hp.bindings.filter((x) => x !== b);
  return success(`${name} unbound from ${rid}`, { pasid: hp.pasid, hpasid: hp.pasid });
}

/** `host.exit` (§5): detach everywhere, free the PASID and its reservations. */
export function hostExit(_w: World, s: RefState, ev: Ev): RefOutcome {
  const hostId = text(ev, 'host');
  const name = text(ev, 'process');
  const hp = s.hostProcesses.find((p) => p.host === hostId && p.name === name);
  if (!hp) return failure('ENOENT', `host process ${name} has no PASID`);
  s.hostProcesses = s.hostProcesses.filter((p) => p !== hp);
  return success(`${name} exited, PASID ${hp.pasid} freed`, { pasid: hp.pasid, hpasid: hp.pasid });
}

/** `enqcmd` (§5): what goes on the wire, and what the target RID does with it. */
export function enqcmd(w: World, s: RefState, ev: Ev): RefOutcome {
  if (ev.host !== undefined) {
    const host = hostById(w, text(ev, 'host'));
    const name = text(ev, 'process');
    const rid = text(ev, 'function');
    const hp = s.hostProcesses.find((p) => p.host === host.id && p.name === name);
    if (!hp) return failure('ENOENT', `host process ${name} has no PASID`);
    if (!fnOf(host, rid)!.swq) return failure('EINVAL', `${rid} has no shared work queue`);
    const vm = passedThroughTo(s, host.id, rid);
    if (vm !== undefined) return failure('EBUSY', `the portal of ${rid} is VM ${vm}'s`);
    const n = hp.pasid;
    return deliver(w, s, host.id, rid, n, hostHolder(host.id, name), { pasid: n, hpasid: n, wire: n });
  }
  const vm = s.vms.find((v) => v.id === ev.vm)!;
  const host = hostById(w, vm.host);
  const d = vm.devices.find((x) => x.alias === ev.device);
  if (!d) return failure('ENODEV', `VM ${vm.id} has no device ${text(ev, 'device')}`);
  const p = vm.processes.find((x) => x.name === ev.process);
  if (!p) return failure('ENOENT', `guest process ${text(ev, 'process')} has no PASID`);
  if (host.kind === 'linux') return failure('EOPNOTSUPP', 'KVM does not expose ENQCMD to guests');
  if (!fnOf(host, d.rid)!.swq) return failure('EINVAL', `${d.rid} has no shared work queue`);
  let wire = p.gpasid;
  if (vm.translation) {
    const h = tableTarget(host, p);
    if (h === undefined)
      return failure('EFAULT', `no translation entry for gPASID ${p.gpasid}: VM exit`, {
        pasid: p.gpasid,
        fault: 'vmexit',
      });
    wire = h;
  }
  return deliver(w, s, host.id, d.rid, wire, guestHolder(vm.id, p.name), { pasid: p.gpasid, wire });
}

function deliver(
  w: World,
  s: RefState,
  hostId: string,
  rid: string,
  wire: number,
  me: string,
  numbers: { pasid: number; hpasid?: number; wire: number },
): RefOutcome {
  const e = entriesOn(w, s, hostId, rid).find((x) => x.pasid === wire);
  if (!e) return failure('EFAULT', `${rid} has no entry at ${wire}`, { ...numbers, fault: 'unmapped' });
  if (e.holder !== me)
    return failure('EFAULT', `${wire} on ${rid} is ${holderName(e.holder)}'s: the work runs there`, {
      ...numbers,
      fault: 'breach',
    });
  return success(`submitted to ${rid} with PASID ${wire}`, numbers);
}
