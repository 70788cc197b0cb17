/**
 * The reference model checking itself after every successful event against the
 * invariants of DOMAIN.md §7 that its derived state can break (I1–I7, I9, I11). A
 * violation throws: it is a bug in the model, and the property tests turn it into a
 * failing case. Test code.
 */
import {
  fnOf,
  gHoldings,
  hasAdiBinding,
  hostById,
  passedThroughTo,
  reservationsOn,
  tableEntries,
  tableTarget,
  type RefState,
  type World,
} from './reference-world.testkit.ts';

export function selfCheck(w: World, s: RefState, where: string): void {
  const broken = (rule: string, what: string) => {
    throw new Error(`reference model broke ${rule} at ${where}: ${what}`);
  };
  for (const host of w.hosts) {
    const table = tableEntries(w, s, host.id);
    for (const e of table)
      if (!fnOf(host, e.rid)) broken('I3', `an entry on ${e.rid}, not a function of ${host.id}`);
    for (const fn of host.functions) {
      const entries = table.filter((e) => e.rid === fn.rid);
      for (const e of entries) {
        if (e.pasid < 1) broken('I1', `PASID ${e.pasid} attached on ${fn.rid}`);
        if (e.pasid >= fn.max) broken('I2', `PASID ${e.pasid} attached on ${fn.rid} (max ${fn.max})`);
        if (e.refs < 1) broken('I3', `entry ${e.pasid} on ${fn.rid} has ${e.refs} references`);
        if (entries.some((x) => x !== e && x.pasid === e.pasid))
          broken('I3', `two holders of ${e.pasid} on ${fn.rid}`);
      }
      const ownedByHost = passedThroughTo(s, host.id, fn.rid) === undefined;
      for (const r of reservationsOn(w, s, host.id, fn.rid)) {
        if (r.pasid < 1) broken('I1', `PASID ${r.pasid} reserved on ${fn.rid}`);
        const e = entries.find((x) => x.pasid === r.pasid);
        if (ownedByHost && e && e.holder !== r.holder)
          broken('I4', `${fn.rid} maps ${r.pasid}, reserved for ${r.holder}, to ${e.holder}`);
      }
      if (
        !ownedByHost &&
        s.vms.some((vm) => vm.host === host.id && vm.devices.some((d) => d.adi && d.rid === fn.rid))
      )
        broken('I9', `${fn.rid} is passed through and an ADI parent`);
    }
    const g = gHoldings(w, s, host.id);
    for (const x of g) {
      if (x.pasid < 1) broken('I1', `PASID ${x.pasid} allocated in ${host.id}'s G`);
      if (g.some((y) => y !== x && y.pasid === x.pasid))
        broken('G', `${x.pasid} allocated twice in ${host.id}'s G`);
    }
    if (host.kind === 'split' && host.sharedEnd > host.localEnd) {
      for (const x of g)
        if (x.pasid < host.localEnd || x.pasid >= host.sharedEnd)
          broken('I6', `G holds ${x.pasid} on ${host.id}`);
    }
  }
  for (const vm of s.vms) {
    const host = hostById(w, vm.host);
    const targets: number[] = [];
    for (const p of vm.processes) {
      if (p.gpasid < 1) broken('I1', `gPASID ${p.gpasid} in VM ${vm.id}`);
      if (vm.processes.some((q) => q !== p && q.gpasid === p.gpasid))
        broken('guest space', `gPASID ${p.gpasid} twice in VM ${vm.id}`);
      if (host.kind === 'split' && p.gpasid >= host.localEnd)
        broken('I6', `gPASID ${p.gpasid} in VM ${vm.id}`);
      const t = tableTarget(host, p);
      if (t !== undefined) {
        if (targets.includes(t)) broken('I5', `VM ${vm.id}'s table targets ${t} twice`);
        targets.push(t);
      }
      if (host.kind === 'local' && (p.hpasid !== undefined) !== hasAdiBinding(vm, p))
        broken('I7', `${p.name} in VM ${vm.id}: hPASID ${String(p.hpasid)} and ADI bindings disagree`);
      for (const b of p.bindings)
        if (!vm.devices.some((d) => d.alias === b.alias))
          broken('I7', `${p.name} bound on a gone device ${b.alias}`);
    }
    const swqAdi = vm.devices.some((d) => d.adi && fnOf(host, d.rid)!.swq);
    if ((host.kind === 'local' || host.kind === 'split') && swqAdi && !vm.translation)
      broken('I11', `VM ${vm.id} has an SWQ ADI, translation off`);
    if ((host.kind === 'global' || host.kind === 'linux') && vm.translation)
      broken('I11', `VM ${vm.id} translates under ${host.kind}`);
  }
  for (const hp of s.hostProcesses)
    if (hp.pasid < 1) broken('I1', `host process ${hp.name} has PASID ${hp.pasid}`);
}
