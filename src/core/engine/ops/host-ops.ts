/**
 * host.bind, host.unbind and host.exit (DOMAIN.md §5): host SVA. A process has one PASID
 * (mm->pasid) from its first bind until it exits; unbind only detaches, and under `local`
 * the number stays reserved where it was attached (`mm_pasid_drop` at exit).
 */
import type { ScenarioEvent } from '../../scenario/index.ts';
import { hex } from '../../model/pasid.ts';
import type { OpResult } from '../../model/outcome.ts';
import { gRange } from '../../model/policy.ts';
import { fail, type Tx } from '../tx.ts';
import { bindBlocker, busyMessage, fnLabel, hostHolder, hostOf, lowestFreeOnAll, membersOf } from '../queries.ts';
import { addRef, dropRefs, reserve, unreserveAll } from '../bonds.ts';

export function opHostBind(tx: Tx, e: Extract<ScenarioEvent, { op: 'host.bind' }>): OpResult {
  const h = hostOf(tx.st, e.host);
  const f = h.fn.get(e.function)!;
  const holder = hostHolder(h, e.process);
  if (f.assigned) return fail('EBUSY', tx.quiet ? '' : `${fnLabel(f)} is passed through to ${f.assigned.vm}: the host cannot bind it`);
  const proc = h.procs.get(e.process);
  const pk = h.policy.kind;
  let p: number;
  let from: string;
  if (proc && proc.pasid !== null) {
    p = proc.pasid;
    if (p >= f.maxPasids)
      return fail('EOVERFLOW', tx.quiet ? '' : `${e.process}'s PASID ${hex(p)} is too wide for ${fnLabel(f)} (${hex(f.maxPasids)} PASIDs)`, { pasid: p, hpasid: p });
    from = 'its own';
  } else {
    switch (pk) {
      case 'local': {
        p = lowestFreeOnAll(membersOf(f), 1, f.maxPasids);
        if (p < 0) return fail('ENOSPC', tx.quiet ? '' : `no PASID is free on ${f.group ? `every RID of group "${f.group.id}"` : `${fnLabel(f)}'s table`}`);
        from = f.group ? `group "${f.group.id}" (free on each of its RIDs)` : `${fnLabel(f)}'s own table`;
        break;
      }
      case 'split': {
        const [glo, ghi] = gRange(h.policy, h.iommuBits)!;
        if (f.maxPasids <= glo)
          return fail('EOVERFLOW', tx.quiet ? '' : `${fnLabel(f)} addresses PASIDs below ${hex(f.maxPasids)} only and cannot reach the shared range at ${hex(glo)}`);
        const top = Math.min(ghi, f.maxPasids);
        p = h.g!.lowestFree(glo, top);
        if (p < 0) return fail('ENOSPC', tx.quiet ? '' : `host ${h.id}'s shared range is full below ${hex(top)}`);
        from = `host ${h.id}'s shared range`;
        break;
      }
      case 'global':
      case 'linux': {
        const [glo, ghi] = gRange(h.policy, h.iommuBits)!;
        const top = Math.min(ghi, f.maxPasids);
        p = h.g!.lowestFree(glo, top);
        if (p < 0) return fail('ENOSPC', tx.quiet ? '' : `host ${h.id}'s global PASID space is full below ${hex(top)}`);
        from = `host ${h.id}'s global space`;
        break;
      }
    }
  }
  const busy = bindBlocker(pk === 'local', f, p, holder);
  if (busy) return fail('EBUSY', tx.quiet ? '' : busyMessage(busy, p, f), { pasid: p, hpasid: p });
  const again = f.entries.get(p) !== undefined;
  if (!proc || proc.pasid === null) {
    if (pk !== 'local') tx.do({ t: 'alloc', space: { kind: 'g', host: h.id }, pasid: p, holder });
    tx.do({ t: 'proc', holder, before: null, after: { pasid: p } });
  }
  addRef(tx, h, f, p, holder);
  reserve(tx, h, f, p, holder, true);
  const refs = f.entries.get(p)!.refs;
  const what = from === 'its own' ? `reuses its PASID ${hex(p)}` : `gets PASID ${hex(p)} from ${from}`;
  return {
    ok: true,
    message: tx.quiet ? '' : `host ${h.id} process ${e.process} ${what}, bound on ${fnLabel(f)}${again ? ` — a shared bond, ${refs} references` : ''}`,
    pasid: p,
    hpasid: p,
  };
}

export function opHostUnbind(tx: Tx, e: Extract<ScenarioEvent, { op: 'host.unbind' }>): OpResult {
  const h = hostOf(tx.st, e.host);
  const f = h.fn.get(e.function)!;
  const proc = h.procs.get(e.process);
  if (!proc || proc.pasid === null) return fail('ENOENT', tx.quiet ? '' : `host ${h.id} process ${e.process} has no PASID`);
  const p = proc.pasid;
  const en = f.entries.get(p);
  if (!en || en.holder.type !== 'host' || en.holder.process !== e.process)
    return fail('EINVAL', tx.quiet ? '' : `host ${h.id} process ${e.process} is not bound on ${fnLabel(f)}`, { pasid: p, hpasid: p });
  dropRefs(tx, h, f, p, 1);
  const left = f.entries.get(p)?.refs ?? 0;
  const keeps = h.policy.kind === 'local' ? `; it stays reserved for the process until it exits` : '; the process keeps it';
  return {
    ok: true,
    message: tx.quiet ? '' : left ? `one reference on PASID ${hex(p)} of ${fnLabel(f)} dropped; ${left} left` : `PASID ${hex(p)} detached from ${fnLabel(f)}${keeps}`,
    pasid: p,
    hpasid: p,
  };
}

export function opHostExit(tx: Tx, e: Extract<ScenarioEvent, { op: 'host.exit' }>): OpResult {
  const h = hostOf(tx.st, e.host);
  const holder = hostHolder(h, e.process);
  const proc = h.procs.get(e.process);
  if (!proc || proc.pasid === null) return fail('ENOENT', tx.quiet ? '' : `host ${h.id} process ${e.process} has no PASID`);
  const p = proc.pasid;
  const on = [...(h.attachedBy.get(e.process) ?? [])];
  for (const f of on) dropRefs(tx, h, f, p, f.entries.get(p)!.refs);
  unreserveAll(tx, h, holder, p);
  if (h.g && h.policy.kind !== 'local') tx.do({ t: 'free', space: { kind: 'g', host: h.id }, pasid: p, holder });
  tx.do({ t: 'proc', holder, before: { ...proc }, after: null });
  return { ok: true, message: tx.quiet ? '' : `host ${h.id} process ${e.process} exits: PASID ${hex(p)} freed, ${on.length} detached`, pasid: p, hpasid: p };
}
