/**
 * The reference model's live migration (DOMAIN.md §5 `migrate`): the checks that stop it
 * alone, then the three passes (guest ABI, placement, PASIDs), each clash listed once,
 * and on success the VM moved whole. The caller throws the state away on failure.
 *
 * Test code, written from the contract alone.
 */
import type { Ev } from './reference-host-ops.testkit.ts';
import { failure, success, type RefOutcome } from './reference-outcome.testkit.ts';
import {
  adiParentOf,
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
  type RefFunction,
  type RefHost,
  type RefState,
  type RefVm,
  type VmDevice,
  type World,
} from './reference-world.testkit.ts';

/** §5: the code of a failed migration is the first of its conflicts' codes in this order. */
const CODE_ORDER = ['EOPNOTSUPP', 'ENODEV', 'ERANGE', 'EOVERFLOW', 'EBUSY', 'ENOSPC'];

interface Conflict {
  code: string;
  why: string;
}

/** §4: models are compatible when equal or one is absent. */
const compatible = (a?: string, b?: string) => a === undefined || b === undefined || a === b;

export function migrate(w: World, s: RefState, ev: Ev): RefOutcome {
  const vm = s.vms.find((v) => v.id === ev.vm)!;
  const src = hostById(w, vm.host);
  const dst = hostById(w, ev.to as string);
  const map = (ev.map ?? {}) as Record<string, string>;
  const mapped = (alias: string) => Object.prototype.hasOwnProperty.call(map, alias);
  // First, alone: each of these stops the migration with that one conflict.
  for (const alias of Object.keys(map))
    if (!vm.devices.some((d) => d.alias === alias))
      return failure('ENODEV', `map names ${alias}, not a device of VM ${vm.id}`, {}, 1);
  if (dst.id === src.id) return failure('EINVAL', `VM ${vm.id} is already on host ${src.id}`, {}, 1);
  if (dst.kind !== src.kind)
    return failure('EOPNOTSUPP', `host ${dst.id} runs ${dst.kind}, not ${src.kind}`, {}, 1);

  const conflicts: Conflict[] = [];
  const add = (code: string, why: string) => conflicts.push({ code, why });

  // Pass 1, the guest ABI.
  const needsTranslation = vm.translation || (src.kind === 'split' && vm.processes.some((p) => p.shared));
  if (needsTranslation && !dst.cpuPasidTranslation)
    add('EOPNOTSUPP', `host ${dst.id} has no CPU PASID translation`);
  if (src.kind === 'split' && dst.localEnd !== src.localEnd)
    add('ERANGE', `localEnd ${dst.localEnd} on ${dst.id}, ${src.localEnd} on ${src.id}`);
  if (dst.iommuBits < src.iommuBits)
    add('EOVERFLOW', `host ${dst.id}'s IOMMU has ${dst.iommuBits} PASID bits, ${src.id}'s ${src.iommuBits}`);

  // Pass 2, placement: devices named in `map`, then the other ADIs, then the other passthrough devices.
  const plan = new Map<string, string>();
  const ordered = [
    ...vm.devices.filter((d) => mapped(d.alias)),
    ...vm.devices.filter((d) => !mapped(d.alias) && d.adi),
    ...vm.devices.filter((d) => !mapped(d.alias) && !d.adi),
  ];
  for (const d of ordered) {
    const from = fnOf(src, d.rid)!;
    const fits = (c: RefFunction) =>
      (d.adi ? c.kind === 'pf' && c.siov : c.kind === from.kind) &&
      c.swq === from.swq &&
      compatible(from.model, c.model);
    const takenBy = (c: RefFunction) => holderOf(w, s, vm, dst, d, c, plan);
    let target: RefFunction | undefined;
    if (mapped(d.alias)) {
      const c = fnOf(dst, map[d.alias])!;
      const holder = fits(c) ? takenBy(c) : undefined;
      if (!fits(c)) add('ENODEV', `${c.rid} on ${dst.id} does not fit ${d.alias}`);
      else if (holder !== undefined)
        add('EBUSY', `${c.rid} on ${dst.id} (for ${d.alias}) is taken by ${holder}`);
      else target = c;
    } else {
      target = dst.functions.find((c) => fits(c) && takenBy(c) === undefined);
      if (!target) add('ENODEV', `no function on ${dst.id} fits ${d.alias}`);
    }
    if (!target) continue;
    plan.set(d.alias, target.rid);
    if (!d.adi && target.bits < from.bits)
      add('EOVERFLOW', `${target.rid} on ${dst.id} has ${target.bits} PASID bits, ${d.alias}'s ${from.bits}`);
  }

  // Pass 3, the PASIDs.
  const newH = pass3(w, s, vm, dst, plan, add);

  if (conflicts.length > 0) {
    const code = CODE_ORDER.find((c) => conflicts.some((x) => x.code === c)) ?? conflicts[0].code;
    return failure(code, conflicts.map((c) => `${c.code}: ${c.why}`).join('; '), {}, conflicts.length);
  }

  // Success: the source releases everything (it is derived from the VM), the table is rewritten.
  vm.host = dst.id;
  for (const d of vm.devices) d.rid = plan.get(d.alias)!;
  for (const p of vm.processes) {
    if (dst.kind === 'split' && p.hpasid !== undefined) p.hpasid = newH.get(p.name);
    if (dst.kind === 'local') {
      p.hpasid = newH.get(p.name);
      p.touched = p.hpasid === undefined ? [] : adiPfs(vm, p.name, plan);
    }
  }
  return success(`VM ${vm.id} migrated to host ${dst.id}`);
}

/** Who keeps candidate `c` from device `d` (pass 2), if anyone. */
function holderOf(
  w: World,
  s: RefState,
  vm: RefVm,
  dst: RefHost,
  d: VmDevice,
  c: RefFunction,
  plan: Map<string, string>,
): string | undefined {
  const vmOwner = passedThroughTo(s, dst.id, c.rid);
  if (vmOwner !== undefined) return `VM ${vmOwner} (passthrough)`;
  const plannedFor = vm.devices.filter((x) => plan.get(x.alias) === c.rid && x !== d);
  if (d.adi) {
    const pt = plannedFor.find((x) => !x.adi);
    return pt ? `VM ${vm.id}'s ${pt.alias}` : undefined;
  }
  if (plannedFor.length > 0) return `VM ${vm.id}'s ${plannedFor[0].alias}`;
  const e = entriesOn(w, s, dst.id, c.rid)[0];
  if (e) return holderName(e.holder);
  const parents = adiParentOf(s, dst.id, c.rid);
  if (parents.length > 0) return `VM ${parents[0]} (ADIs)`;
  return undefined;
}

/** The destination PFs of the placed ADIs that process `name` is bound on. */
function adiPfs(vm: RefVm, name: string, plan: Map<string, string>): string[] {
  const p = vm.processes.find((x) => x.name === name)!;
  const out: string[] = [];
  for (const b of p.bindings) {
    const d = vm.devices.find((x) => x.alias === b.alias)!;
    const rid = plan.get(d.alias);
    if (d.adi && rid !== undefined && !out.includes(rid)) out.push(rid);
  }
  return out;
}

/** Pass 3: the hPASIDs each process needs on the destination, listing every clash once. */
function pass3(
  w: World,
  s: RefState,
  vm: RefVm,
  dst: RefHost,
  plan: Map<string, string>,
  add: (code: string, why: string) => void,
): Map<string, number> {
  const newH = new Map<string, number>();
  const g = gHoldings(w, s, dst.id);
  const taken = g.map((x) => x.pasid);
  const maxOf = (rid: string) => fnOf(dst, rid)!.max;
  // An hPASID programmed on an ADI's PF must fit it and be free there: one clash per (process, PF).
  // A number already busy in G is not listed again as busy on a PF table; a PF too narrow for it is another clash.
  const checkPfs = (name: string, n: number, busyInG = false) => {
    for (const rid of adiPfs(vm, name, plan)) {
      const b = blockerOn(w, s, dst.id, rid, n, guestHolder(vm.id, name));
      if (n >= maxOf(rid)) add('EOVERFLOW', `${name}'s PASID ${n} is too wide for ${rid} on ${dst.id}`);
      else if (b !== undefined && !busyInG) add('EBUSY', `${name}'s PASID ${n} on ${rid} is held by ${holderName(b)}`);
    }
  };
  if (dst.kind === 'global') {
    for (const p of vm.processes) {
      const holder = g.find((x) => x.pasid === p.gpasid)?.holder;
      if (holder !== undefined) add('EBUSY', `PASID ${p.gpasid} of ${p.name} is held in ${dst.id}'s G by ${holderName(holder)}`);
      checkPfs(p.name, p.gpasid, holder !== undefined);
    }
  } else if (dst.kind === 'split') {
    const adiBound = vm.processes.filter((p) => hasAdiBinding(vm, p));
    const others = vm.processes.filter((p) => !hasAdiBinding(vm, p) && p.hpasid !== undefined);
    for (const p of [...adiBound, ...others]) {
      const pfs = adiPfs(vm, p.name, plan);
      const limit = Math.min(dst.sharedEnd, ...pfs.map(maxOf));
      // Too narrow is a PF that cannot reach the shared range; an empty shared range is ENOSPC.
      if (pfs.length > 0 && Math.min(...pfs.map(maxOf)) <= dst.localEnd) {
        add('EOVERFLOW', `${p.name}'s destination PFs cannot reach the shared range at ${dst.localEnd}`);
        continue;
      }
      const n = lowestFree(dst.localEnd, limit, (c) => taken.includes(c));
      if (n === undefined) {
        add('ENOSPC', `no free PASID in ${dst.id}'s G for ${p.name}`);
        continue;
      }
      taken.push(n);
      newH.set(p.name, n);
      checkPfs(p.name, n);
    }
  } else if (dst.kind === 'local') {
    const fresh: number[] = [];
    for (const p of vm.processes.filter((x) => hasAdiBinding(vm, x))) {
      const me = guestHolder(vm.id, p.name);
      const rids: string[] = [];
      const pfs = adiPfs(vm, p.name, plan);
      // Pass 3 runs "for what was placed": a process none of whose ADIs found a PF takes nothing.
      if (pfs.length === 0) continue;
      for (const pf of pfs) for (const r of groupRids(dst, pf)) if (!rids.includes(r)) rids.push(r);
      const limit = Math.min(2 ** dst.iommuBits, ...rids.map(maxOf));
      const n = lowestFree(
        1,
        limit,
        (c) => fresh.includes(c) || rids.some((r) => blockerOn(w, s, dst.id, r, c, me) !== undefined),
      );
      if (n === undefined) {
        add('ENOSPC', `no PASID free on all of ${p.name}'s destination PFs and groups`);
        continue;
      }
      fresh.push(n);
      newH.set(p.name, n);
      checkPfs(p.name, n);
    }
  }
  return newH;
}
