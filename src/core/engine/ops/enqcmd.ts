/**
 * enqcmd (DOMAIN.md §5): a submission to a shared work queue's portal, carrying
 * IA32_PASID (translated per VM when translation is on). The device takes the PASID as
 * given: the RID's entry decides whose address space the work runs in.
 */
import type { ScenarioEvent } from '../../scenario/index.ts';
import { hex, type Pasid } from '../../model/pasid.ts';
import { holderName, sameHolder, type Holder } from '../../model/holder.ts';
import type { OpResult } from '../../model/outcome.ts';
import { fail, type Tx } from '../tx.ts';
import { deviceFn, fnLabel, guestHolder, hostHolder, hostOf, vmOf } from '../queries.ts';
import type { FnState } from '../state.ts';

/** What the target RID does with the wire PASID: ok, or EFAULT unmapped / breach. */
function deliver(tx: Tx, f: FnState, wire: Pasid, holder: Holder, pasid: Pasid, via: string): OpResult {
  const en = f.entries.get(wire);
  if (en && sameHolder(en.holder, holder)) return { ok: true, message: tx.quiet ? '' : `ENQCMD to ${via} carries ${hex(wire)}`, pasid, wire };
  if (!en)
    return fail('EFAULT', tx.quiet ? '' : `${fnLabel(f)} has no entry for wire PASID ${hex(wire)}: the descriptor faults`, { pasid, wire, fault: 'unmapped' });
  return fail(
    'EFAULT',
    `${fnLabel(f)} maps wire PASID ${hex(wire)} to ${holderName(en.holder)}: the work runs in that address space, not in ${holderName(holder)}'s`,
    { pasid, wire, fault: 'breach' },
  );
}

export function opEnqcmd(tx: Tx, e: Extract<ScenarioEvent, { op: 'enqcmd' }>): OpResult {
  const st = tx.st;
  if (e.vm !== undefined) {
    const v = vmOf(st, e.vm);
    const d = v.devices.get(e.device!);
    if (!d) return fail('ENODEV', tx.quiet ? '' : `${v.id} has no device "${e.device}"`);
    const p = v.procs.get(e.process);
    if (!p || p.pasid === null) return fail('ENOENT', tx.quiet ? '' : `${v.id} process ${e.process} has no PASID yet: IA32_PASID is not set`);
    const h = hostOf(st, v.host);
    if (h.policy.kind === 'linux')
      return fail('EOPNOTSUPP', tx.quiet ? '' : `KVM does not expose ENQCMD to guests (no ENQCMD in its CPU capabilities)`, { pasid: p.pasid });
    const f = deviceFn(st, d);
    if (!f.spec.swq) return fail('EINVAL', tx.quiet ? '' : `"${d.alias}" (${fnLabel(f)}) has no shared work queue`, { pasid: p.pasid });
    let wire: Pasid = p.pasid;
    if (v.translationSince !== null) {
      const hp = v.xlate.get(p.pasid);
      if (hp === undefined)
        return fail('EFAULT', tx.quiet ? '' : `${v.id} translates every ENQCMD, and gPASID ${hex(p.pasid)} has no translation entry: the CPU exits to the hypervisor`, {
          pasid: p.pasid,
          fault: 'vmexit',
        });
      wire = hp;
    }
    const r = deliver(tx, f, wire, guestHolder(v, e.process), p.pasid, `"${d.alias}"`);
    if (wire !== p.pasid && !tx.quiet) r.message += ` (gPASID ${hex(p.pasid)} translated by the CPU)`;
    return r;
  }
  const h = hostOf(st, e.host!);
  const f = h.fn.get(e.function!)!;
  const proc = h.procs.get(e.process);
  if (!proc || proc.pasid === null) return fail('ENOENT', tx.quiet ? '' : `host ${h.id} process ${e.process} has no PASID: IA32_PASID is not set`);
  const p = proc.pasid;
  if (!f.spec.swq) return fail('EINVAL', tx.quiet ? '' : `${fnLabel(f)} has no shared work queue`, { pasid: p });
  if (f.assigned) return fail('EBUSY', tx.quiet ? '' : `${fnLabel(f)} is passed through to ${f.assigned.vm}: its portal is the guest's`, { pasid: p });
  // A host process's PASID is what the host IOMMU holds for it: host actors carry hpasid == pasid.
  const r = deliver(tx, f, p, hostHolder(h, e.process), p, fnLabel(f));
  if (r.ok) r.hpasid = p;
  return r;
}
