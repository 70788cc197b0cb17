/**
 * guest.bind and guest.unbind (DOMAIN.md §5): a guest process's PASID attached on a
 * device — its gPASID on a passthrough function (v==p), its hPASID in the parent PF's
 * table for an ADI (v!=p) — with shared bonds counting references.
 */
import type { ScenarioEvent } from '../../scenario/index.ts';
import { hex, type Pasid } from '../../model/pasid.ts';
import type { OpResult } from '../../model/outcome.ts';
import { fail, type Tx } from '../tx.ts';
import { bindBlocker, busyMessage, deviceFn, entryBlocker, fnLabel, guestHolder, hostOf, lowestFreeOnAll, membersOf, programmedOn, vmOf } from '../queries.ts';
import { addRef, bindingsOf, dropRefs, releaseLocalHpasid, reserve } from '../bonds.ts';

export function opGuestBind(tx: Tx, e: Extract<ScenarioEvent, { op: 'guest.bind' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const d = v.devices.get(e.device);
  if (!d) return fail('ENODEV', tx.quiet ? '' : `${v.id} has no device "${e.device}"`);
  const p = v.procs.get(e.process);
  if (!p || p.pasid === null) return fail('ENOENT', tx.quiet ? '' : `${v.id} process ${e.process} has no PASID yet`);
  const g = p.pasid;
  const h = hostOf(tx.st, v.host);
  const f = deviceFn(tx.st, d);
  const holder = guestHolder(v, e.process);
  const overflow = (pasid: Pasid) =>
    pasid >= f.maxPasids ? fail('EOVERFLOW', tx.quiet ? '' : `PASID ${hex(pasid)} does not fit ${fnLabel(f)}, which has ${hex(f.maxPasids)} PASIDs`, { pasid: g }) : null;
  const bound = (pasid: Pasid, how: () => string): OpResult => {
    const again = f.entries.get(pasid) !== undefined;
    addRef(tx, h, f, pasid, holder);
    tx.do({ t: 'bind', vm: v.id, process: e.process, device: d.alias, delta: 1 });
    const refs = f.entries.get(pasid)!.refs;
    return { ok: true, message: tx.quiet ? '' : `${how()}${again ? ` — a shared bond, ${refs} references` : ''}`, pasid: g, hpasid: pasid };
  };

  if (d.type === 'passthrough') {
    // The guest programs its own number on its own function: groups and reservations do not apply.
    const err = overflow(g);
    if (err) return err;
    const busy = entryBlocker(f, g, holder);
    if (busy) return fail('EBUSY', tx.quiet ? '' : busyMessage(busy, g, f), { pasid: g });
    return bound(g, () => `${v.id} programs gPASID ${hex(g)} on "${d.alias}" itself (v==p)`);
  }

  const pk = h.policy.kind;
  let hp: Pasid;
  if (pk === 'linux') return fail('EOPNOTSUPP', tx.quiet ? '' : `Linux (iommufd) has no ADIs`, { pasid: g });
  if (pk === 'global') hp = g;
  else if (pk === 'split') {
    if (p.kind !== 'shared' || p.hpasid === null)
      return fail('EINVAL', tx.quiet ? '' : `under split an ADI needs a shared (translated) PASID, and ${e.process}'s is local`, { pasid: g });
    hp = p.hpasid;
  } else if (p.hpasid !== null) hp = p.hpasid;
  else {
    // local, the process's first ADI bind: the lowest number free on the PF (on every RID of
    // its group) that the VM's translation does not target yet (I5).
    hp = lowestFreeOnAll(membersOf(f), 1, f.maxPasids, new Set(v.xlate.values()));
    if (hp < 0) return fail('ENOSPC', tx.quiet ? '' : `no PASID is free on ${f.group ? `every RID of group "${f.group.id}"` : fnLabel(f)}`, { pasid: g });
    tx.do({ t: 'xlate-set', vm: v.id, gpasid: g, hpasid: hp });
    tx.do({ t: 'proc', holder, before: { ...p }, after: { ...p, hpasid: hp } });
    reserve(tx, h, f, hp, holder, false);
    return bound(hp, () => `"${d.alias}" is an ADI: hPASID ${hex(hp)} from ${fnLabel(f)}'s table${f.group ? ` (free on group "${f.group.id}")` : ''}, translated from gPASID ${hex(g)}`);
  }
  const err = overflow(hp);
  if (err) return err;
  const busy = bindBlocker(pk === 'local', f, hp, holder);
  if (busy) return fail('EBUSY', tx.quiet ? '' : busyMessage(busy, hp, f), { pasid: g });
  reserve(tx, h, f, hp, holder, false);
  return bound(hp, () => `"${d.alias}" is an ADI: hPASID ${hex(hp)} programmed in ${fnLabel(f)}'s table${hp === g ? ' (g==h)' : `, translated from gPASID ${hex(g)}`}`);
}

export function opGuestUnbind(tx: Tx, e: Extract<ScenarioEvent, { op: 'guest.unbind' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const d = v.devices.get(e.device);
  if (!d) return fail('ENODEV', tx.quiet ? '' : `${v.id} has no device "${e.device}"`);
  const p = v.procs.get(e.process);
  if (!p || p.pasid === null) return fail('ENOENT', tx.quiet ? '' : `${v.id} process ${e.process} has no PASID yet`);
  const h = hostOf(tx.st, v.host);
  const n = bindingsOf(v, e.process).get(d.alias) ?? 0;
  if (n === 0) return fail('EINVAL', tx.quiet ? '' : `${v.id} process ${e.process} is not bound on "${d.alias}"`, { pasid: p.pasid });
  const at = programmedOn(d, p, h.policy.kind)!;
  const f = deviceFn(tx.st, d);
  tx.do({ t: 'bind', vm: v.id, process: e.process, device: d.alias, delta: -1 });
  dropRefs(tx, h, f, at, 1);
  const left = f.entries.get(at)?.refs ?? 0;
  releaseLocalHpasid(tx, h, v, e.process);
  return {
    ok: true,
    message: tx.quiet ? '' : left ? `one reference on PASID ${hex(at)} of "${d.alias}" dropped; ${left} left` : `PASID ${hex(at)} detached from "${d.alias}"`,
    pasid: p.pasid,
    hpasid: at,
  };
}
