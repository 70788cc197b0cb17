/**
 * guest.alloc and guest.free (DOMAIN.md §5): a guest process's gPASID, and under `split`
 * its shared hPASID and translation entry; freeing gives back all of it.
 */
import type { ScenarioEvent } from '../../scenario/index.ts';
import { hex } from '../../model/pasid.ts';
import { holderName } from '../../model/holder.ts';
import type { OpResult } from '../../model/outcome.ts';
import { gRange } from '../../model/policy.ts';
import { fail, type Tx } from '../tx.ts';
import { guestHolder, hostOf, vmOf } from '../queries.ts';
import { dropBindings, unreserveAll } from '../bonds.ts';
import { guestRangeOf, type VmState } from '../state.ts';

/** Who holds `pasid` in a VM's guest space. */
function guestHolderOf(v: VmState, pasid: number): string {
  for (const [name, p] of v.procs) if (p.pasid === pasid) return `${v.id} process ${name}`;
  return v.id;
}

export function opGuestAlloc(tx: Tx, e: Extract<ScenarioEvent, { op: 'guest.alloc' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const h = hostOf(tx.st, v.host);
  const kind = e.kind ?? 'local';
  const holder = guestHolder(v, e.process);
  const existing = v.procs.get(e.process);
  if (existing && existing.pasid !== null)
    return fail('EEXIST', tx.quiet ? '' : `${v.id} process ${e.process} already has gPASID ${hex(existing.pasid)}`, { pasid: existing.pasid });
  const pk = h.policy.kind;
  if (pk === 'linux' && kind === 'shared')
    return fail('EOPNOTSUPP', tx.quiet ? '' : `Linux (iommufd) does not translate guest PASIDs: no shared gPASID for ${e.process}`);
  if (pk === 'global' && !v.pasidAlloc)
    return fail('EOPNOTSUPP', tx.quiet ? '' : `a global PASID space needs the vIOMMU's PASID allocation interface, and ${v.id} has none (viommu.pasidAlloc)`);
  if (pk === 'split' && kind === 'shared') {
    if (!v.pasidAlloc)
      return fail('EOPNOTSUPP', tx.quiet ? '' : `a shared PASID needs the vIOMMU's PASID allocation interface, and ${v.id} has none (viommu.pasidAlloc)`);
    if (!h.cpuPasidTranslation)
      return fail('EOPNOTSUPP', tx.quiet ? '' : `host ${h.id}'s CPU has no PASID translation: a shared gPASID cannot be translated`);
  }

  // Under global the guest's numbers are handed out by G itself: gPASID == hPASID.
  const space = pk === 'global' ? h.g! : v.space;
  const [lo, hi] = guestRangeOf(h);
  let g: number;
  if (e.pasid !== undefined) {
    if (e.pasid < lo || e.pasid >= hi)
      return fail('ERANGE', tx.quiet ? '' : `gPASID ${hex(e.pasid)} is outside ${v.id}'s guest range [${hex(lo)}, ${hex(hi)}) under ${pk}`);
    if (space.has(e.pasid) || v.space.has(e.pasid)) {
      const who = pk === 'global' && h.gHolder.has(e.pasid) ? holderName(h.gHolder.get(e.pasid)!) : guestHolderOf(v, e.pasid);
      return fail('EBUSY', tx.quiet ? '' : `PASID ${hex(e.pasid)} is taken by ${who}`);
    }
    g = e.pasid;
  } else {
    g = space.lowestFree(lo, hi);
    if (g < 0)
      return fail('ENOSPC', pk === 'global' ? `host ${h.id}'s global PASID space is full` : `${v.id}'s guest range [${hex(lo)}, ${hex(hi)}) is full`);
  }

  let hpasid: number | null = pk === 'global' ? g : null;
  if (pk === 'split' && kind === 'shared') {
    const [glo, ghi] = gRange(h.policy, h.iommuBits)!;
    hpasid = h.g!.lowestFree(glo, ghi);
    if (hpasid < 0) return fail('ENOSPC', tx.quiet ? '' : `host ${h.id}'s shared range [${hex(glo)}, ${hex(ghi)}) is full`);
  }

  if (pk === 'global') tx.do({ t: 'alloc', space: { kind: 'g', host: h.id }, pasid: g, holder });
  tx.do({ t: 'alloc', space: { kind: 'guest', vm: v.id }, pasid: g, holder });
  if (pk === 'split' && hpasid !== null) {
    tx.do({ t: 'alloc', space: { kind: 'g', host: h.id }, pasid: hpasid, holder });
    tx.do({ t: 'xlate-set', vm: v.id, gpasid: g, hpasid });
  }
  tx.do({ t: 'proc', holder, before: null, after: { pasid: g, kind, hpasid, order: tx.index } });
  const how =
    pk === 'global'
      ? `from host ${h.id}'s global space (gPASID == hPASID)`
      : hpasid !== null
        ? `translated to hPASID ${hex(hpasid)} from host ${h.id}'s shared range`
        : `from ${v.id}'s own space`;
  return { ok: true, message: tx.quiet ? '' : `${v.id} process ${e.process} gets gPASID ${hex(g)} ${how}`, pasid: g, ...(hpasid !== null ? { hpasid } : {}) };
}

export function opGuestFree(tx: Tx, e: Extract<ScenarioEvent, { op: 'guest.free' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const p = v.procs.get(e.process);
  if (!p || p.pasid === null) return fail('ENOENT', tx.quiet ? '' : `${v.id} process ${e.process} has no PASID yet`);
  const h = hostOf(tx.st, v.host);
  const holder = guestHolder(v, e.process);
  const n = dropBindings(tx, h, v, e.process);
  const hp = v.xlate.get(p.pasid);
  if (hp !== undefined) tx.do({ t: 'xlate-unset', vm: v.id, gpasid: p.pasid, hpasid: hp });
  if (p.hpasid !== null) unreserveAll(tx, h, holder, p.hpasid);
  if (h.policy.kind === 'split' && p.hpasid !== null) tx.do({ t: 'free', space: { kind: 'g', host: h.id }, pasid: p.hpasid, holder });
  tx.do({ t: 'free', space: { kind: 'guest', vm: v.id }, pasid: p.pasid, holder });
  if (h.policy.kind === 'global') tx.do({ t: 'free', space: { kind: 'g', host: h.id }, pasid: p.pasid, holder });
  tx.do({ t: 'proc', holder, before: { ...p }, after: null });
  return {
    ok: true,
    message: tx.quiet ? '' : `${v.id} process ${e.process} frees gPASID ${hex(p.pasid)}${p.hpasid !== null && p.hpasid !== p.pasid ? ` and hPASID ${hex(p.hpasid)}` : ''}; ${n} binding${n === 1 ? '' : 's'} dropped`,
    pasid: p.pasid,
    ...(p.hpasid !== null ? { hpasid: p.hpasid } : {}),
  };
}
