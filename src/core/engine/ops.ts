/**
 * The ops of DOMAIN.md §5, except migration (migrate.ts). Each op reads the state, decides,
 * and commits its changes as effects through a {@link Tx}; a failed op commits nothing
 * (DOMAIN.md §6: a failed event changes nothing).
 *
 * Check order (DOMAIN.md §5): references (ENODEV), then the process's PASID (ENOENT),
 * then the op's own rules.
 */
import type { ScenarioEvent } from '../scenario/scenario.ts';
import {
  applyEffect,
  guestRangeOf,
  revertEffects,
  type EngineState,
  type FnState,
  type GuestProc,
  type HostState,
  type VmState,
} from './state.ts';
import { gRange } from '../model/policy.ts';
import { hex, holderName, type DeviceRecord, type Effect, type ErrorCode, type Holder, type Outcome, type Pasid } from '../model/types.ts';

/** The decided result of an op, before it becomes an Outcome (which adds index, op and effects). */
export type OpResult = Omit<Outcome, 'index' | 'op' | 'effects'>;

/** Collects effects, applying each at once so later decisions see it; can roll back. */
export class Tx {
  readonly effects: Effect[] = [];
  constructor(readonly st: EngineState) {}
  do(e: Effect): void {
    applyEffect(this.st, e);
    this.effects.push(e);
  }
  rollback(): void {
    revertEffects(this.st, this.effects);
    this.effects.length = 0;
  }
}

export const fail = (code: ErrorCode, message: string, extra: Partial<OpResult> = {}): OpResult => ({
  ok: false,
  code,
  message,
  ...extra,
});

export const sameHolder = (a: Holder, b: Holder): boolean =>
  a.type === b.type &&
  a.process === b.process &&
  (a.type === 'host' ? a.host === (b as typeof a).host : a.vm === (b as typeof a).vm);

export function hostOf(st: EngineState, id: string): HostState {
  return st.hosts.get(id)!;
}

export function vmOf(st: EngineState, id: string): VmState {
  return st.vms.get(id)!;
}

export function fnLabel(f: FnState): string {
  return f.spec.label ? `${f.spec.rid} (${f.spec.label})` : f.spec.rid;
}

/** Lowest ID free in `space` within [from, to) that is also not in `exclude`. */
export function lowestFreeExcept(
  space: { lowestFree(from?: number, to?: number): number },
  from: number,
  to: number,
  exclude: ReadonlySet<number>,
): number {
  let p = space.lowestFree(from, to);
  while (p >= 0 && exclude.has(p)) p = space.lowestFree(p + 1, to);
  return p;
}

/** Who holds `pasid` in a VM's guest space. */
function guestHolderOf(v: VmState, pasid: Pasid): string {
  for (const [name, p] of v.procs) if (p.pasid === pasid) return `${v.id} process ${name}`;
  return `${v.id}`;
}

/** Where a guest device's attachments live: the function (passthrough) or the parent PF (ADI). */
export function deviceFn(st: EngineState, d: DeviceRecord): FnState {
  return hostOf(st, d.host).fn.get(d.rid)!;
}

/** The PASID a guest process programs on a device: gPASID on passthrough, hPASID on an ADI. */
function programmedOn(d: DeviceRecord, p: GuestProc, policyKind: string): Pasid | null {
  if (d.type === 'passthrough') return p.pasid;
  return policyKind === 'global' ? p.pasid : p.hpasid;
}

/**
 * Every table entry the guest process holds, across the VM's devices. A process programs
 * one known number per device (gPASID on passthrough, its hPASID on an ADI), so this is a
 * lookup per device, not a scan of the tables.
 */
export function guestAttachments(
  st: EngineState,
  v: VmState,
  process: string,
): { device: DeviceRecord; fn: FnState; pasid: Pasid }[] {
  const out: { device: DeviceRecord; fn: FnState; pasid: Pasid }[] = [];
  const p = v.procs.get(process);
  if (!p || p.pasid === null) return out;
  const kind = st.hosts.get(v.host)!.policy.kind;
  for (const d of v.devices.values()) {
    const pasid = programmedOn(d, p, kind);
    if (pasid === null) continue;
    const f = deviceFn(st, d);
    const en = f.entries.get(pasid);
    if (en && en.device === d.alias && en.holder.type === 'guest' && en.holder.vm === v.id && en.holder.process === process)
      out.push({ device: d, fn: f, pasid });
  }
  return out;
}

/**
 * Under `local`, an ADI hPASID is nothing but an entry in the PF's table: when the process's
 * last ADI attachment goes, its hPASID and translation entry go too (docs/domain-notes.md).
 */
function dropLocalHpasidIfUnused(tx: Tx, v: VmState, process: string): void {
  const h = hostOf(tx.st, v.host);
  if (h.policy.kind !== 'local') return;
  const p = v.procs.get(process);
  if (!p || p.hpasid === null || p.pasid === null) return;
  if (guestAttachments(tx.st, v, process).some((a) => a.device.type === 'adi')) return;
  tx.do({ t: 'xlate-unset', vm: v.id, gpasid: p.pasid, hpasid: p.hpasid });
  tx.do({
    t: 'proc',
    holder: { type: 'guest', vm: v.id, process },
    before: { ...p },
    after: { ...p, hpasid: null },
  });
}

// ---------------------------------------------------------------------------------------

/** assign (DOMAIN.md §5). */
export function opAssign(tx: Tx, e: Extract<ScenarioEvent, { op: 'assign' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const h = hostOf(tx.st, v.host);
  const rid = (e.function ?? e.adiOf)!;
  const alias = e.as ?? rid;
  const f = h.fn.get(rid);
  if (!f) return fail('ENODEV', `no function ${rid} on host ${h.id}, where ${v.id} runs`);
  if (v.devices.has(alias)) return fail('EEXIST', `${v.id} already has a device named "${alias}"`);
  if (e.function !== undefined) {
    if (f.assigned) return fail('EBUSY', `${fnLabel(f)} is already passed through to ${f.assigned.vm} as "${f.assigned.alias}"`);
    const first = f.entries.entries().next();
    if (!first.done) {
      const [pasid, en] = first.value;
      return fail('EBUSY', `${fnLabel(f)} has PASID ${hex(pasid)} attached by ${holderName(en.holder)}`);
    }
    if (f.adis.size) {
      const a = f.adis.values().next().value!;
      return fail('EBUSY', `${fnLabel(f)} carries ADIs (${a.vm} "${a.alias}"): it cannot also be passed through`);
    }
    const device: DeviceRecord = { alias, type: 'passthrough', host: h.id, rid };
    tx.do({ t: 'assign', vm: v.id, device });
    return { ok: true, message: `${fnLabel(f)} passed through to ${v.id} as "${alias}" (v==p)` };
  }
  if (!f.spec.siov) return fail('EINVAL', `${fnLabel(f)} is not a Scalable-IOV device: it has no ADIs`);
  if (f.assigned) return fail('EBUSY', `${fnLabel(f)} is passed through to ${f.assigned.vm}: the host cannot create ADIs on it`);
  const device: DeviceRecord = { alias, type: 'adi', host: h.id, rid, adi: nextAdiId(f) };
  tx.do({ t: 'assign', vm: v.id, device });
  return { ok: true, message: `ADI ${device.adi} of ${fnLabel(f)} given to ${v.id} as "${alias}" (v!=p)` };
}

/** The lowest free ADI number on a PF: ids are reused after unplug, deterministically. */
export function nextAdiId(f: FnState, taken: ReadonlySet<string> = new Set()): string {
  for (let n = 1; ; n++) {
    const id = `${f.spec.rid}/adi${n}`;
    if (!f.adis.has(id) && !taken.has(id)) return id;
  }
}

/** unassign: hot-unplug (DOMAIN.md §5). */
export function opUnassign(tx: Tx, e: Extract<ScenarioEvent, { op: 'unassign' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const d = v.devices.get(e.device);
  if (!d) return fail('ENODEV', `${v.id} has no device "${e.device}"`);
  const f = deviceFn(tx.st, d);
  const touched = new Set<string>();
  for (const [pasid, en] of [...f.entries]) {
    if (en.holder.type === 'guest' && en.holder.vm === v.id && en.device === d.alias) {
      tx.do({ t: 'detach', host: d.host, rid: d.rid, pasid, holder: en.holder, device: d.alias });
      touched.add(en.holder.process);
    }
  }
  tx.do({ t: 'unassign', vm: v.id, device: d });
  for (const p of touched) dropLocalHpasidIfUnused(tx, v, p);
  const n = touched.size;
  return { ok: true, message: `"${d.alias}" unplugged from ${v.id}; ${n} PASID${n === 1 ? '' : 's'} detached` };
}

/** guest.alloc (DOMAIN.md §5). */
export function opGuestAlloc(tx: Tx, e: Extract<ScenarioEvent, { op: 'guest.alloc' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const h = hostOf(tx.st, v.host);
  const kind = e.kind ?? 'local';
  const holder: Holder = { type: 'guest', vm: v.id, process: e.process };
  const existing = v.procs.get(e.process);
  if (existing && existing.pasid !== null)
    return fail('EEXIST', `${v.id} process ${e.process} already has gPASID ${hex(existing.pasid)}`, { pasid: existing.pasid });
  const pk = h.policy.kind;
  if (pk === 'linux' && kind === 'shared')
    return fail('EOPNOTSUPP', `Linux (iommufd) does not translate guest PASIDs: no shared gPASID for ${e.process}`);
  if (pk === 'global' && !v.pasidAlloc)
    return fail('EOPNOTSUPP', `a global PASID space needs the vIOMMU's PASID allocation interface, and ${v.id} has none (viommu.pasidAlloc)`);
  if (pk === 'split' && kind === 'shared') {
    if (!v.pasidAlloc)
      return fail('EOPNOTSUPP', `a shared PASID needs the vIOMMU's PASID allocation interface, and ${v.id} has none (viommu.pasidAlloc)`);
    if (!h.cpuPasidTranslation)
      return fail('EOPNOTSUPP', `host ${h.id}'s CPU has no PASID translation: a shared gPASID cannot be translated`);
  }

  // Under global the guest's numbers are handed out by G itself: gPASID == hPASID.
  const space = pk === 'global' ? h.g! : v.space;
  const [lo, hi] = guestRangeOf(h);
  let g: number;
  if (e.pasid !== undefined) {
    if (e.pasid < lo || e.pasid >= hi)
      return fail('ERANGE', `gPASID ${hex(e.pasid)} is outside ${v.id}'s guest range [${hex(lo)}, ${hex(hi)}) under ${pk}`);
    if (space.has(e.pasid) || v.space.has(e.pasid)) {
      const who = pk === 'global' && h.gHolder.has(e.pasid) ? holderName(h.gHolder.get(e.pasid)!) : guestHolderOf(v, e.pasid);
      return fail('EBUSY', `PASID ${hex(e.pasid)} is taken by ${who}`);
    }
    g = e.pasid;
  } else {
    g = space.lowestFree(lo, hi);
    if (g < 0)
      return fail(
        'ENOSPC',
        pk === 'global' ? `host ${h.id}'s global PASID space is full` : `${v.id}'s guest range [${hex(lo)}, ${hex(hi)}) is full`,
      );
  }

  let hpasid: number | null = null;
  if (pk === 'global') hpasid = g;
  if (pk === 'split' && kind === 'shared') {
    const [glo, ghi] = gRange(h.policy, h.iommuBits)!;
    hpasid = h.g!.lowestFree(glo, ghi);
    if (hpasid < 0) return fail('ENOSPC', `host ${h.id}'s shared range [${hex(glo)}, ${hex(ghi)}) is full`);
  }

  if (pk === 'global') tx.do({ t: 'alloc', space: { kind: 'g', host: h.id }, pasid: g, holder });
  tx.do({ t: 'alloc', space: { kind: 'guest', vm: v.id }, pasid: g, holder });
  if (pk === 'split' && hpasid !== null) {
    tx.do({ t: 'alloc', space: { kind: 'g', host: h.id }, pasid: hpasid, holder });
    tx.do({ t: 'xlate-set', vm: v.id, gpasid: g, hpasid });
  }
  tx.do({ t: 'proc', holder, before: null, after: { pasid: g, kind, hpasid } });
  const how =
    pk === 'global'
      ? `from host ${h.id}'s global space (gPASID == hPASID)`
      : hpasid !== null
        ? `translated to hPASID ${hex(hpasid)} from host ${h.id}'s shared range`
        : `from ${v.id}'s own space`;
  return {
    ok: true,
    message: `${v.id} process ${e.process} gets gPASID ${hex(g)} ${how}`,
    pasid: g,
    ...(hpasid !== null ? { hpasid } : {}),
  };
}

/** guest.bind (DOMAIN.md §5). */
export function opGuestBind(tx: Tx, e: Extract<ScenarioEvent, { op: 'guest.bind' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const d = v.devices.get(e.device);
  if (!d) return fail('ENODEV', `${v.id} has no device "${e.device}"`);
  const p = v.procs.get(e.process);
  if (!p || p.pasid === null) return fail('ENOENT', `${v.id} process ${e.process} has no PASID yet`);
  const g = p.pasid;
  const h = hostOf(tx.st, v.host);
  const f = deviceFn(tx.st, d);
  const holder: Holder = { type: 'guest', vm: v.id, process: e.process };
  const attach = (pasid: Pasid) => tx.do({ t: 'attach', host: h.id, rid: f.spec.rid, pasid, holder, device: d.alias });
  const busy = (pasid: Pasid) => {
    const en = f.entries.get(pasid);
    return en ? fail('EBUSY', `PASID ${hex(pasid)} on ${fnLabel(f)} is taken by ${holderName(en.holder)}`, { pasid: g }) : null;
  };
  const overflow = (pasid: Pasid) =>
    pasid >= f.maxPasids
      ? fail('EOVERFLOW', `PASID ${hex(pasid)} does not fit ${fnLabel(f)}, which has ${hex(f.maxPasids)} PASIDs`, { pasid: g })
      : null;

  if (d.type === 'passthrough') {
    const err = overflow(g) ?? busy(g);
    if (err) return err;
    attach(g);
    return { ok: true, message: `${v.id} programs gPASID ${hex(g)} on "${d.alias}" itself (v==p)`, pasid: g, hpasid: g };
  }

  // An ADI: the hPASID goes into the parent PF's table, shared with the host and other VMs.
  let hp: Pasid;
  switch (h.policy.kind) {
    case 'linux':
      return fail('EOPNOTSUPP', `Linux (iommufd) does not support translated guest PASIDs on ADIs`, { pasid: g });
    case 'global':
      hp = g;
      break;
    case 'split':
      if (p.kind !== 'shared' || p.hpasid === null)
        return fail('EINVAL', `under split an ADI needs a shared (translated) PASID, and ${e.process}'s is local`, { pasid: g });
      hp = p.hpasid;
      break;
    case 'local': {
      if (!h.cpuPasidTranslation)
        return fail('EOPNOTSUPP', `host ${h.id}'s CPU has no PASID translation: an ADI's gPASID cannot be translated`, { pasid: g });
      if (p.hpasid !== null) {
        hp = p.hpasid;
        break;
      }
      // First ADI bind: the lowest PASID free in the PF's table that this VM's translation
      // does not already target (the table must stay injective, I5).
      hp = lowestFreeExcept(f.table, 1, f.maxPasids, new Set(v.xlate.values()));
      if (hp < 0) return fail('ENOSPC', `${fnLabel(f)}'s PASID table is full`, { pasid: g });
      attach(hp);
      tx.do({ t: 'xlate-set', vm: v.id, gpasid: g, hpasid: hp });
      tx.do({ t: 'proc', holder, before: { ...p }, after: { ...p, hpasid: hp } });
      return {
        ok: true,
        message: `"${d.alias}" is an ADI: hPASID ${hex(hp)} from ${fnLabel(f)}'s table, translated from gPASID ${hex(g)}`,
        pasid: g,
        hpasid: hp,
      };
    }
  }
  const err = overflow(hp) ?? busy(hp);
  if (err) return err;
  attach(hp);
  return {
    ok: true,
    message: `"${d.alias}" is an ADI: hPASID ${hex(hp)} programmed in ${fnLabel(f)}'s table${hp === g ? ' (g==h)' : `, translated from gPASID ${hex(g)}`}`,
    pasid: g,
    hpasid: hp,
  };
}

/** guest.unbind (DOMAIN.md §5). */
export function opGuestUnbind(tx: Tx, e: Extract<ScenarioEvent, { op: 'guest.unbind' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const d = v.devices.get(e.device);
  if (!d) return fail('ENODEV', `${v.id} has no device "${e.device}"`);
  const p = v.procs.get(e.process);
  if (!p || p.pasid === null) return fail('ENOENT', `${v.id} process ${e.process} has no PASID yet`);
  const h = hostOf(tx.st, v.host);
  const at = programmedOn(d, p, h.policy.kind);
  const f = deviceFn(tx.st, d);
  const en = at === null ? undefined : f.entries.get(at);
  const holder: Holder = { type: 'guest', vm: v.id, process: e.process };
  if (at === null || !en || !sameHolder(en.holder, holder) || en.device !== d.alias)
    return fail('EINVAL', `${v.id} process ${e.process} is not bound on "${d.alias}"`, { pasid: p.pasid });
  tx.do({ t: 'detach', host: h.id, rid: f.spec.rid, pasid: at, holder, device: d.alias });
  dropLocalHpasidIfUnused(tx, v, e.process);
  return { ok: true, message: `PASID ${hex(at)} detached from "${d.alias}"`, pasid: p.pasid, hpasid: at };
}

/** guest.free (DOMAIN.md §5): unbind everywhere, free gPASID, hPASID and translation entry. */
export function opGuestFree(tx: Tx, e: Extract<ScenarioEvent, { op: 'guest.free' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const p = v.procs.get(e.process);
  if (!p || p.pasid === null) return fail('ENOENT', `${v.id} process ${e.process} has no PASID yet`);
  const h = hostOf(tx.st, v.host);
  const holder: Holder = { type: 'guest', vm: v.id, process: e.process };
  const atts = guestAttachments(tx.st, v, e.process);
  for (const a of atts) tx.do({ t: 'detach', host: h.id, rid: a.fn.spec.rid, pasid: a.pasid, holder, device: a.device.alias });
  if (v.xlate.has(p.pasid)) tx.do({ t: 'xlate-unset', vm: v.id, gpasid: p.pasid, hpasid: v.xlate.get(p.pasid)! });
  if (h.policy.kind === 'split' && p.hpasid !== null)
    tx.do({ t: 'free', space: { kind: 'g', host: h.id }, pasid: p.hpasid, holder });
  tx.do({ t: 'free', space: { kind: 'guest', vm: v.id }, pasid: p.pasid, holder });
  if (h.policy.kind === 'global') tx.do({ t: 'free', space: { kind: 'g', host: h.id }, pasid: p.pasid, holder });
  tx.do({ t: 'proc', holder, before: { ...p }, after: null });
  return {
    ok: true,
    message: `${v.id} process ${e.process} frees gPASID ${hex(p.pasid)}${p.hpasid !== null && p.hpasid !== p.pasid ? ` and hPASID ${hex(p.hpasid)}` : ''}; ${atts.length} detached`,
    pasid: p.pasid,
    ...(p.hpasid !== null ? { hpasid: p.hpasid } : {}),
  };
}

/** host.bind: host SVA (DOMAIN.md §5). */
export function opHostBind(tx: Tx, e: Extract<ScenarioEvent, { op: 'host.bind' }>): OpResult {
  const h = hostOf(tx.st, e.host);
  const f = h.fn.get(e.function)!;
  const holder: Holder = { type: 'host', host: h.id, process: e.process };
  if (f.assigned) return fail('EBUSY', `${fnLabel(f)} is passed through to ${f.assigned.vm}: the host cannot bind it`);
  const proc = h.procs.get(e.process);
  if (proc && proc.pasid !== null) {
    const p = proc.pasid;
    if (p >= f.maxPasids)
      return fail('EOVERFLOW', `${e.process}'s PASID ${hex(p)} is too wide for ${fnLabel(f)} (${hex(f.maxPasids)} PASIDs)`, { pasid: p });
    const en = f.entries.get(p);
    if (en) return fail('EBUSY', `PASID ${hex(p)} on ${fnLabel(f)} is taken by ${holderName(en.holder)}`, { pasid: p });
    tx.do({ t: 'attach', host: h.id, rid: f.spec.rid, pasid: p, holder });
    return { ok: true, message: `host ${h.id} process ${e.process} reuses its PASID ${hex(p)} on ${fnLabel(f)}`, pasid: p };
  }
  let p: number;
  let from: string;
  switch (h.policy.kind) {
    case 'local':
      p = f.table.lowestFree(1, f.maxPasids);
      if (p < 0) return fail('ENOSPC', `${fnLabel(f)}'s PASID table is full`);
      from = `${fnLabel(f)}'s own table`;
      break;
    case 'split': {
      const [glo, ghi] = gRange(h.policy, h.iommuBits)!;
      if (f.maxPasids <= glo)
        return fail(
          'EOVERFLOW',
          `${fnLabel(f)} addresses PASIDs below ${hex(f.maxPasids)} only and cannot reach the shared range at ${hex(glo)}`,
        );
      p = h.g!.lowestFree(glo, Math.min(ghi, f.maxPasids));
      if (p < 0) return fail('ENOSPC', `host ${h.id}'s shared range is full below ${hex(Math.min(ghi, f.maxPasids))}`);
      from = `host ${h.id}'s shared range`;
      break;
    }
    case 'global':
    case 'linux': {
      const [glo, ghi] = gRange(h.policy, h.iommuBits)!;
      p = h.g!.lowestFree(glo, Math.min(ghi, f.maxPasids));
      if (p < 0) return fail('ENOSPC', `host ${h.id}'s global PASID space is full below ${hex(Math.min(ghi, f.maxPasids))}`);
      from = `host ${h.id}'s global space`;
      break;
    }
  }
  const en = f.entries.get(p);
  if (en) return fail('EBUSY', `PASID ${hex(p)} on ${fnLabel(f)} is taken by ${holderName(en.holder)}`, { pasid: p });
  if (h.g && h.policy.kind !== 'local') tx.do({ t: 'alloc', space: { kind: 'g', host: h.id }, pasid: p, holder });
  tx.do({ t: 'proc', holder, before: null, after: { pasid: p } });
  tx.do({ t: 'attach', host: h.id, rid: f.spec.rid, pasid: p, holder });
  return { ok: true, message: `host ${h.id} process ${e.process} gets PASID ${hex(p)} from ${from}, bound on ${fnLabel(f)}`, pasid: p };
}

/** host.unbind: detach only (DOMAIN.md §5). */
export function opHostUnbind(tx: Tx, e: Extract<ScenarioEvent, { op: 'host.unbind' }>): OpResult {
  const h = hostOf(tx.st, e.host);
  const f = h.fn.get(e.function)!;
  const holder: Holder = { type: 'host', host: h.id, process: e.process };
  const proc = h.procs.get(e.process);
  if (!proc || proc.pasid === null) return fail('ENOENT', `host ${h.id} process ${e.process} has no PASID`);
  const en = f.entries.get(proc.pasid);
  if (!en || !sameHolder(en.holder, holder))
    return fail('EINVAL', `host ${h.id} process ${e.process} is not bound on ${fnLabel(f)}`, { pasid: proc.pasid });
  tx.do({ t: 'detach', host: h.id, rid: f.spec.rid, pasid: proc.pasid, holder });
  return { ok: true, message: `PASID ${hex(proc.pasid)} detached from ${fnLabel(f)}; the process keeps it`, pasid: proc.pasid };
}

/** host.exit: detach everywhere and free the process PASID (DOMAIN.md §5). */
export function opHostExit(tx: Tx, e: Extract<ScenarioEvent, { op: 'host.exit' }>): OpResult {
  const h = hostOf(tx.st, e.host);
  const holder: Holder = { type: 'host', host: h.id, process: e.process };
  const proc = h.procs.get(e.process);
  if (!proc || proc.pasid === null) return fail('ENOENT', `host ${h.id} process ${e.process} has no PASID`);
  const p = proc.pasid;
  let n = 0;
  for (const f of h.functions) {
    const en = f.entries.get(p);
    if (en && sameHolder(en.holder, holder)) {
      tx.do({ t: 'detach', host: h.id, rid: f.spec.rid, pasid: p, holder });
      n++;
    }
  }
  if (h.g && h.policy.kind !== 'local') tx.do({ t: 'free', space: { kind: 'g', host: h.id }, pasid: p, holder });
  tx.do({ t: 'proc', holder, before: { ...proc }, after: null });
  return { ok: true, message: `host ${h.id} process ${e.process} exits: PASID ${hex(p)} freed, ${n} detached`, pasid: p };
}

/** enqcmd: a submission to a shared work queue (DOMAIN.md §5). */
export function opEnqcmd(tx: Tx, e: Extract<ScenarioEvent, { op: 'enqcmd' }>): OpResult {
  const st = tx.st;
  if (e.vm !== undefined) {
    const v = vmOf(st, e.vm);
    const d = v.devices.get(e.device!);
    if (!d) return fail('ENODEV', `${v.id} has no device "${e.device}"`);
    const p = v.procs.get(e.process);
    if (!p || p.pasid === null) return fail('ENOENT', `${v.id} process ${e.process} has no PASID yet: IA32_PASID is not set`);
    const f = deviceFn(st, d);
    if (!f.spec.swq) return fail('EINVAL', `"${d.alias}" (${fnLabel(f)}) has no shared work queue`, { pasid: p.pasid });
    let wire: Pasid = p.pasid;
    if (v.xlate.size > 0) {
      const hp = v.xlate.get(p.pasid);
      if (hp === undefined)
        return fail(
          'EFAULT',
          `${v.id} translates every ENQCMD, and gPASID ${hex(p.pasid)} has no translation entry`,
          { pasid: p.pasid },
        );
      wire = hp;
    }
    const en = f.entries.get(wire);
    const holder: Holder = { type: 'guest', vm: v.id, process: e.process };
    if (!en || !sameHolder(en.holder, holder))
      return fail(
        'EFAULT',
        `${fnLabel(f)} maps wire PASID ${hex(wire)} to ${en ? holderName(en.holder) : 'nothing'}, not to ${v.id} process ${e.process}` +
          (wire !== p.pasid ? ` (the CPU translated gPASID ${hex(p.pasid)} → ${hex(wire)})` : ''),
        { pasid: p.pasid, wire },
      );
    return {
      ok: true,
      message: `ENQCMD to "${d.alias}" carries ${hex(wire)}${wire !== p.pasid ? ` (gPASID ${hex(p.pasid)} translated by the CPU)` : ''}`,
      pasid: p.pasid,
      wire,
    };
  }
  const h = hostOf(st, e.host!);
  const f = h.fn.get(e.function!)!;
  const proc = h.procs.get(e.process);
  if (!proc || proc.pasid === null) return fail('ENOENT', `host ${h.id} process ${e.process} has no PASID: IA32_PASID is not set`);
  if (!f.spec.swq) return fail('EINVAL', `${fnLabel(f)} has no shared work queue`, { pasid: proc.pasid });
  const wire = proc.pasid;
  const en = f.entries.get(wire);
  const holder: Holder = { type: 'host', host: h.id, process: e.process };
  if (!en || !sameHolder(en.holder, holder))
    return fail(
      'EFAULT',
      `${fnLabel(f)} maps wire PASID ${hex(wire)} to ${en ? holderName(en.holder) : 'nothing'}, not to host ${h.id} process ${e.process}`,
      { pasid: wire, wire },
    );
  return { ok: true, message: `ENQCMD to ${fnLabel(f)} carries ${hex(wire)}`, pasid: wire, wire };
}
