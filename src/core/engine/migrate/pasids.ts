/**
 * Migration pass 3, PASIDs (DOMAIN.md §5): processes in guest.alloc order. Under `global`
 * every gPASID must be free in the destination's G; under `split` translated processes
 * get new hPASIDs from its G (ADI-bound ones first, below their PFs' width); under
 * `local` each ADI-bound process gets a number free on all its destination PFs and their
 * groups. An hPASID programmed on an ADI's PF must fit it and be free there. Passthrough
 * PASIDs are kept: passes 1 and 2 covered their width, and their functions are empty.
 */
import { hex, type Pasid } from '../../model/pasid.ts';
import { holderName, type Holder } from '../../model/holder.ts';
import { gRange } from '../../model/policy.ts';
import { bindingsOf } from '../bonds.ts';
import { entryBlocker, fnLabel, guestHolder, lowestFreeOnAll, membersOf } from '../queries.ts';
import type { FnState } from '../state.ts';
import { addConflict, type MigrationPlan } from './plan.ts';

/** The destination PFs of a process's ADI bindings (placed ones only: pass 3 runs for what was placed). */
function adiTargets(plan: MigrationPlan, process: string): { bound: boolean; pfs: FnState[] } {
  const pfs = new Set<FnState>();
  let bound = false;
  for (const alias of bindingsOf(plan.v, process).keys()) {
    const dp = plan.deviceOf.get(alias)!;
    if (dp.device.type !== 'adi') continue;
    bound = true;
    if (dp.dst) pfs.add(dp.dst);
  }
  return { bound, pfs: [...pfs] };
}

export function planPasids(plan: MigrationPlan): void {
  const { v, dst } = plan;
  const pk = dst.policy.kind;
  const taken = new Set<Pasid>();
  const guest = (process: string): Holder => guestHolder(v, process);

  if (pk === 'global') {
    for (const [name, p] of plan.procs) {
      if (!dst.g!.has(p.pasid)) continue;
      const who = dst.gHolder.get(p.pasid);
      addConflict(plan, {
        code: 'EBUSY',
        reason: 'pasid-busy',
        process: name,
        pasid: p.pasid,
        ...(who ? { holder: who } : {}),
        message: plan.quiet ? '' : `PASID ${hex(p.pasid)} of ${v.id} process ${name} is taken on host ${dst.id} by ${who ? holderName(who) : 'another holder'}`,
      });
    }
  } else if (pk === 'split') {
    const [glo, ghi] = gRange(dst.policy, dst.iommuBits)!;
    const withH = plan.procs.filter(([, p]) => p.hpasid !== null);
    const targets = new Map(withH.map(([name]) => [name, adiTargets(plan, name)]));
    const first = withH.filter(([name]) => targets.get(name)!.bound);
    const rest = withH.filter(([name]) => !targets.get(name)!.bound);
    for (const [name] of [...first, ...rest]) {
      let top = ghi;
      const pfs = targets.get(name)!.pfs;
      for (const f of pfs) top = Math.min(top, f.maxPasids);
      const short = pfs.find((f) => f.maxPasids <= glo);
      if (short) {
        // As for host.bind: a PF that cannot reach the shared range is too narrow, not full.
        addConflict(plan, {
          code: 'EOVERFLOW',
          reason: 'pasid-width',
          process: name,
          rid: short.spec.rid,
          message: plan.quiet ? '' : `${fnLabel(short)} on host ${dst.id} addresses PASIDs below ${hex(short.maxPasids)} only and cannot reach the shared range at ${hex(glo)} for ${v.id} process ${name}`,
        });
        continue;
      }
      let h = dst.g!.lowestFree(glo, top);
      while (h >= 0 && taken.has(h)) h = dst.g!.lowestFree(h + 1, top);
      if (h < 0)
        addConflict(plan, {
          code: 'ENOSPC',
          reason: 'pasid-space',
          process: name,
          message: plan.quiet ? '' : `host ${dst.id}'s shared range has no free hPASID below ${hex(top)} for ${v.id} process ${name}`,
        });
      else {
        taken.add(h);
        plan.newH.set(name, h);
      }
    }
  } else if (pk === 'local') {
    for (const [name] of plan.procs) {
      const { pfs } = adiTargets(plan, name);
      if (pfs.length === 0) continue;
      const members = [...new Set(pfs.flatMap((f) => [...membersOf(f)]))];
      const h = lowestFreeOnAll(members, 1, Infinity, taken);
      if (h < 0)
        addConflict(plan, {
          code: 'ENOSPC',
          reason: 'pasid-space',
          process: name,
          message: plan.quiet ? '' : `no PASID is free on all of ${members.map(fnLabel).join(', ')} of host ${dst.id} for ${v.id} process ${name}`,
        });
      else {
        taken.add(h);
        plan.newH.set(name, h);
      }
    }
  }

  // Every number programmed on a destination ADI's PF must fit it and be free there.
  const busyInG = new Set(plan.conflicts.filter((c) => c.reason === 'pasid-busy').map((c) => c.process));
  for (const [name, p] of plan.procs) {
    const pasid = pk === 'global' ? p.pasid : plan.newH.get(name);
    if (pasid === undefined) continue;
    for (const f of adiTargets(plan, name).pfs) {
      if (pasid >= f.maxPasids)
        addConflict(plan, {
          code: 'EOVERFLOW',
          reason: 'pasid-width',
          process: name,
          rid: f.spec.rid,
          pasid,
          message: plan.quiet ? '' : `PASID ${hex(pasid)} of ${v.id} process ${name} does not fit ${fnLabel(f)} on host ${dst.id} (${hex(f.maxPasids)} PASIDs)`,
        });
      else if (!busyInG.has(name)) {
        const b = entryBlocker(f, pasid, guest(name));
        if (b)
          addConflict(plan, {
            code: 'EBUSY',
            reason: 'pasid-busy',
            process: name,
            rid: f.spec.rid,
            pasid,
            holder: b.holder,
            message: plan.quiet ? '' : `PASID ${hex(pasid)} on ${fnLabel(f)} of host ${dst.id} is taken by ${holderName(b.holder)}`,
          });
      }
    }
  }
}
