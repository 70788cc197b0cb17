/**
 * Entries, references and reservations as effects: the pieces every bind, unbind, unplug,
 * free, exit and migration is made of (DOMAIN.md §2 shared SVA bonds, §3 reservations).
 */
import { holderKey, sameHolder, type Holder } from '../model/holder.ts';
import type { Pasid } from '../model/pasid.ts';
import { deviceFn, guestHolder, membersOf, programmedOn } from './queries.ts';
import type { FnState, HostState, VmState } from './state.ts';
import type { Tx } from './tx.ts';

/** One more reference on `holder`'s entry for `p` on `f`, or a new entry. */
export function addRef(tx: Tx, h: HostState, f: FnState, p: Pasid, holder: Holder): void {
  const en = f.entries.get(p);
  if (en) tx.do({ t: 'ref', host: h.id, rid: f.spec.rid, pasid: p, holder, delta: 1 });
  else tx.do({ t: 'attach', host: h.id, rid: f.spec.rid, pasid: p, holder, refs: 1 });
}

/** `n` fewer references on the entry for `p` on `f`; detached at zero. */
export function dropRefs(tx: Tx, h: HostState, f: FnState, p: Pasid, n: number): void {
  const en = f.entries.get(p)!;
  if (en.refs === n) tx.do({ t: 'detach', host: h.id, rid: f.spec.rid, pasid: p, holder: en.holder, refs: n });
  else tx.do({ t: 'ref', host: h.id, rid: f.spec.rid, pasid: p, holder: en.holder, delta: -n });
}

/**
 * `local`: reserve `p` for `holder` on `f` (a host process keeps every RID it attached to)
 * and on every member of `f`'s group (DOMAIN.md §3), where it is not reserved already.
 * `self` says whether `f` itself is reserved too (a guest process reserves only its group).
 */
export function reserve(tx: Tx, h: HostState, f: FnState, p: Pasid, holder: Holder, self: boolean): void {
  if (h.policy.kind !== 'local') return;
  const targets = f.group ? membersOf(f) : self ? [f] : [];
  for (const m of targets) {
    if (p >= m.maxPasids) continue;
    const r = m.reserved.get(p);
    if (r && sameHolder(r, holder)) continue;
    tx.do({ t: 'reserve', host: h.id, rid: m.spec.rid, pasid: p, holder });
  }
}

/** Give back every reservation `holder` has on the host (all at number `p`, the process's one PASID). */
export function unreserveAll(tx: Tx, h: HostState, holder: Holder, p: Pasid): void {
  if (h.policy.kind !== 'local') return;
  const fns = h.reservedBy.get(holderKey(holder));
  if (!fns) return;
  for (const f of [...fns]) tx.do({ t: 'unreserve', host: h.id, rid: f.spec.rid, pasid: p, holder });
}

const NO_BINDINGS: ReadonlyMap<string, number> = new Map();

/** A guest process's bindings, device alias → references. */
export function bindingsOf(v: VmState, process: string): ReadonlyMap<string, number> {
  return v.bindings.get(process) ?? NO_BINDINGS;
}

/** Whether the guest process is still bound through any ADI. */
export function boundOnAdi(v: VmState, process: string): boolean {
  for (const alias of bindingsOf(v, process).keys()) if (v.devices.get(alias)?.type === 'adi') return true;
  return false;
}

/**
 * Drop the guest process's bindings through `devices` (all of them if omitted): each
 * binding's references leave the entry it holds, which is detached at zero.
 * Returns how many bindings went.
 */
export function dropBindings(tx: Tx, h: HostState, v: VmState, process: string, devices?: ReadonlySet<string>): number {
  const p = v.procs.get(process)!;
  let n = 0;
  for (const [alias, refs] of [...bindingsOf(v, process)]) {
    if (devices && !devices.has(alias)) continue;
    const d = v.devices.get(alias)!;
    const at = programmedOn(d, p, h.policy.kind)!;
    tx.do({ t: 'bind', vm: v.id, process, device: alias, delta: -refs });
    dropRefs(tx, h, deviceFn(tx.st, d), at, refs);
    n++;
  }
  return n;
}

/**
 * `local`: a guest process's hPASID, its translation entry and its group reservations go
 * with its last ADI attachment (DOMAIN.md §3: nothing can send it any more).
 */
export function releaseLocalHpasid(tx: Tx, h: HostState, v: VmState, process: string): void {
  if (h.policy.kind !== 'local') return;
  const p = v.procs.get(process);
  if (!p || p.pasid === null || p.hpasid === null || boundOnAdi(v, process)) return;
  const holder = guestHolder(v, process);
  tx.do({ t: 'xlate-unset', vm: v.id, gpasid: p.pasid, hpasid: p.hpasid });
  unreserveAll(tx, h, holder, p.hpasid);
  tx.do({ t: 'proc', holder, before: { ...p }, after: { ...p, hpasid: null } });
}
