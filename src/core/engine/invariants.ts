/**
 * The invariants of DOMAIN.md §7 that a correct engine never breaks (I1–I7, I9, I11),
 * checked either over the whole state or only over what an event touched, so a check
 * costs what the event changed, not what the state holds. The property tests run both
 * and prove they agree.
 */
import type { Effect } from '../model/effect.ts';
import { hex, type Pasid } from '../model/pasid.ts';
import { holderName, sameHolder } from '../model/holder.ts';
import { gRange, type PolicyKind } from '../model/policy.ts';
import { deviceFn, programmedOn } from './queries.ts';
import type { EngineState, FnState, HostState, VmState } from './state.ts';

export interface InvariantBreak {
  invariant: string;
  message: string;
}

type Bad = (invariant: string, message: string) => void;

/** I1–I4 for one entry of a RID table, and I7 from the entry's side. */
function checkEntry(st: EngineState, h: HostState, f: FnState, pasid: Pasid, bad: Bad): void {
  const en = f.entries.get(pasid);
  const where = `${h.id} ${f.spec.rid}`;
  if (!en) {
    if (f.table.has(pasid)) bad('I3', `${where}: ${hex(pasid)} is in the table without an entry`);
    return;
  }
  if (!f.table.has(pasid)) bad('I3', `${where}: entry ${hex(pasid)} missing from the table`);
  if (pasid === 0) bad('I1', `${where}: PASID 0 attached`);
  if (pasid >= f.maxPasids) bad('I2', `${where}: ${hex(pasid)} ≥ maxPasids ${hex(f.maxPasids)}`);
  if (!(en.refs >= 1)) bad('I3', `${where}: entry ${hex(pasid)} has ${en.refs} references`);
  const who = en.holder;
  if (who.type === 'host') {
    const p = h.procs.get(who.process);
    if (who.host !== h.id || !p || p.pasid !== pasid)
      bad(
        'I4',
        `${where}: ${hex(pasid)} is attached to ${holderName(who)}, whose PASID is ${p?.pasid ?? 'none'}`,
      );
    if (f.assigned)
      bad(
        'I4',
        `${where}: host ${holderName(who)} is attached on a function passed through to ${f.assigned.vm}`,
      );
  } else {
    // I7 from the entry's side: its references are the bindings that program it.
    const v = st.vms.get(who.vm);
    let sum = 0;
    if (v && v.host === h.id) {
      const gp = v.procs.get(who.process);
      for (const [alias, n] of v.bindings.get(who.process) ?? []) {
        const d = v.devices.get(alias);
        if (gp && d && d.rid === f.spec.rid && programmedOn(d, gp, h.policy.kind) === pasid) sum += n;
      }
    }
    if (sum !== en.refs)
      bad(
        'I7',
        `${where}: ${hex(pasid)} of ${holderName(who)} has ${en.refs} references, its bindings there ${sum}`,
      );
  }
  if (h.policy.kind === 'local' && !f.assigned) {
    const r = f.reserved.get(pasid);
    if (r && !sameHolder(r, who))
      bad('I4', `${where}: ${hex(pasid)} is reserved for ${holderName(r)} and maps to ${holderName(who)}`);
  }
}

/** I1 and I4 for one reservation, and table bookkeeping. */
function checkReservation(h: HostState, f: FnState, pasid: Pasid, bad: Bad): void {
  const r = f.reserved.get(pasid);
  const where = `${h.id} ${f.spec.rid}`;
  if (!r) {
    if (f.reservedIds.has(pasid)) bad('I3', `${where}: reservation ${hex(pasid)} without a holder`);
    return;
  }
  if (pasid === 0) bad('I1', `${where}: PASID 0 reserved`);
  if (h.policy.kind !== 'local') bad('I4', `${where}: a reservation under ${h.policy.kind}`);
}

/** Per function, in O(1): I9 and the table's bookkeeping. */
function checkFunction(h: HostState, f: FnState, bad: Bad): void {
  const where = `${h.id} ${f.spec.rid}`;
  if (f.table.size !== f.entries.size) bad('I3', `${where}: table and entries disagree`);
  if (f.reservedIds.size !== f.reserved.size) bad('I3', `${where}: reservations disagree`);
  if (f.assigned && f.adis.size) bad('I9', `${where}: passed through to ${f.assigned.vm} and parent of ADIs`);
}

/** The host-wide allocator G: I1, and I6 (G's universe is the shared range, so it cannot hold a number outside it). */
function checkG(h: HostState, bad: Bad): void {
  if (!h.g) return;
  if (h.g.has(0)) bad('I1', `host ${h.id}: PASID 0 allocated in G`);
  if (h.g.size !== h.gHolder.size) bad('I1', `host ${h.id}: G and its holders disagree`);
  const r = gRange(h.policy, h.iommuBits)!;
  if (h.g.lo !== r[0] || h.g.hi !== r[1])
    bad('I6', `host ${h.id}: G spans [${hex(h.g.lo)}, ${hex(h.g.hi)}), not [${hex(r[0])}, ${hex(r[1])})`);
}

/** Per host process: I4 (it has one PASID, and every RID it is attached to maps it). */
function checkHostProc(h: HostState, name: string, bad: Bad): void {
  const p = h.procs.get(name);
  for (const f of h.attachedBy.get(name) ?? []) {
    const hit = p && p.pasid !== null ? f.entries.get(p.pasid) : undefined;
    if (!hit || hit.holder.type !== 'host' || hit.holder.process !== name)
      bad(
        'I4',
        `host ${h.id} process ${name} is attached on ${f.spec.rid} away from its PASID ${p?.pasid ?? 'none'}`,
      );
  }
}

/** A VM's translation table: I5 (one gPASID per hPASID) and I1 (no PASID 0). */
function checkVmXlate(v: VmState, bad: Bad): void {
  const targets = new Set<number>();
  for (const [g, hp] of v.xlate) {
    if (targets.has(hp)) bad('I5', `${v.id}: two gPASIDs translate to ${hex(hp)}`);
    targets.add(hp);
    if (g === 0 || hp === 0) bad('I1', `${v.id}: PASID 0 in the translation table`);
  }
}

/** One guest process: I1, I6, I7 from the bindings' side. */
function checkGuestProc(
  st: EngineState,
  v: VmState,
  pk: PolicyKind,
  localEnd: number,
  name: string,
  bad: Bad,
): void {
  const p = v.procs.get(name);
  if (!p || p.pasid === null) {
    if (v.bindings.has(name)) bad('I7', `${v.id} process ${name}: bound without a PASID`);
    return;
  }
  if (!v.space.has(p.pasid))
    bad('I1', `${v.id} process ${name}: gPASID ${hex(p.pasid)} not in the guest space`);
  if (pk === 'split' && (p.pasid < 1 || p.pasid >= localEnd))
    bad('I6', `${v.id} process ${name}: gPASID ${hex(p.pasid)} outside [1, ${hex(localEnd)})`);
  let onAdi = false;
  for (const [alias, n] of v.bindings.get(name) ?? []) {
    const d = v.devices.get(alias);
    if (!d || n < 1) {
      bad('I7', `${v.id} process ${name}: bound ${n}× on "${alias}", which the VM does not have`);
      continue;
    }
    if (d.type === 'adi') onAdi = true;
    const at = programmedOn(d, p, pk);
    const en = at === null ? undefined : deviceFn(st, d).entries.get(at);
    if (!en || en.holder.type !== 'guest' || en.holder.vm !== v.id || en.holder.process !== name)
      bad(
        'I7',
        `${v.id} process ${name}: bound on "${alias}" without its entry at ${at === null ? 'no number' : hex(at)}`,
      );
  }
  if (pk === 'local' && onAdi !== (p.hpasid !== null))
    bad(
      'I7',
      `${v.id} process ${name}: ${onAdi ? 'bound on an ADI without an hPASID' : `holds hPASID ${hex(p.hpasid!)} without an ADI binding`}`,
    );
}

/** A VM's CPU PASID translation against its devices: I11. */
function checkVmTranslation(st: EngineState, v: VmState, pk: PolicyKind, bad: Bad): void {
  let swqAdi = false;
  for (const d of v.devices.values()) if (d.type === 'adi' && deviceFn(st, d).spec.swq) swqAdi = true;
  const on = v.translationSince !== null;
  if ((pk === 'local' || pk === 'split') && swqAdi && !on)
    bad('I11', `${v.id} has an ADI of a shared-WQ PF and translation off`);
  if ((pk === 'global' || pk === 'linux') && on) bad('I11', `${v.id} has translation on under ${pk}`);
}

/** What of a VM an event touched; `whole` when its host or its devices changed (every process is concerned). */
interface VmTouch {
  whole: boolean;
  space: boolean;
  xlate: boolean;
  translation: boolean;
  procs: Set<string>;
}

/** Per VM: I1, I5, I6, I7 (from the bindings' side), I11 — all of it, or only what `t` says was touched. */
function checkVm(st: EngineState, v: VmState, bad: Bad, t?: VmTouch): void {
  const h = st.hosts.get(v.host)!;
  const pk = h.policy.kind;
  const localEnd = pk === 'split' ? h.policy.localEnd : 0;
  const whole = !t || t.whole;
  if (whole || t.xlate) checkVmXlate(v, bad);
  if ((whole || t.space) && v.space.has(0)) bad('I1', `${v.id}: PASID 0 allocated in the guest space`);
  if (whole) {
    for (const name of v.procs.keys()) checkGuestProc(st, v, pk, localEnd, name, bad);
    for (const name of v.bindings.keys())
      if (!v.procs.has(name)) checkGuestProc(st, v, pk, localEnd, name, bad);
  } else for (const name of t.procs) checkGuestProc(st, v, pk, localEnd, name, bad);
  if (whole || t.translation) checkVmTranslation(st, v, pk, bad);
}

/** Every invariant over the whole state. */
export function checkAllInvariants(st: EngineState): InvariantBreak[] {
  const out: InvariantBreak[] = [];
  const bad: Bad = (invariant, message) => out.push({ invariant, message });
  for (const h of st.hosts.values()) {
    checkG(h, bad);
    for (const f of h.functions) {
      checkFunction(h, f, bad);
      for (const p of f.entries.keys()) checkEntry(st, h, f, p, bad);
      for (const p of f.reserved.keys()) checkReservation(h, f, p, bad);
    }
    for (const name of h.procs.keys()) checkHostProc(h, name, bad);
    for (const name of h.attachedBy.keys())
      if (!h.procs.has(name)) bad('I4', `host ${h.id} process ${name} is attached without a PASID`);
  }
  for (const v of st.vms.values()) checkVm(st, v, bad);
  return out;
}

/**
 * The invariants on what `effects` touched: each entry and reservation they changed, the
 * functions, G and host processes concerned, and every VM whose state or tables they
 * changed.
 */
export function checkTouchedInvariants(st: EngineState, effects: readonly Effect[]): InvariantBreak[] {
  if (effects.length === 0) return [];
  const out: InvariantBreak[] = [];
  const bad: Bad = (invariant, message) => out.push({ invariant, message });
  // Per VM, what was touched: checking a whole VM on every event made the cost grow with its processes.
  const vms = new Map<string, VmTouch>();
  const vm = (id: string): VmTouch => {
    let t = vms.get(id);
    if (!t)
      vms.set(id, (t = { whole: false, space: false, xlate: false, translation: false, procs: new Set() }));
    return t;
  };
  const seen = new Set<string>();
  const once = (k: string) => (seen.has(k) ? false : (seen.add(k), true));
  for (const e of effects) {
    switch (e.t) {
      case 'alloc':
      case 'free':
        if (e.space.kind === 'g') {
          const h = st.hosts.get(e.space.host)!;
          if (once(`g\u0000${h.id}`)) checkG(h, bad);
        } else vm(e.space.vm).space = true;
        if (e.holder.type === 'guest') vm(e.holder.vm).procs.add(e.holder.process);
        break;
      case 'attach':
      case 'detach':
      case 'ref':
      case 'reserve':
      case 'unreserve': {
        const h = st.hosts.get(e.host)!;
        const f = h.fn.get(e.rid)!;
        if (once(`f\u0000${h.id}\u0000${e.rid}`)) checkFunction(h, f, bad);
        if (once(`e\u0000${h.id}\u0000${e.rid}\u0000${e.pasid}`)) {
          checkEntry(st, h, f, e.pasid, bad);
          checkReservation(h, f, e.pasid, bad);
        }
        if (e.holder.type === 'host') {
          if (once(`p\u0000${h.id}\u0000${e.holder.process}`)) checkHostProc(h, e.holder.process, bad);
        } else vm(e.holder.vm).procs.add(e.holder.process);
        break;
      }
      case 'proc':
        if (e.holder.type === 'host') {
          const h = st.hosts.get(e.holder.host)!;
          if (once(`p\u0000${h.id}\u0000${e.holder.process}`)) checkHostProc(h, e.holder.process, bad);
        } else vm(e.holder.vm).procs.add(e.holder.process);
        break;
      case 'assign':
      case 'unassign': {
        const h = st.hosts.get(e.device.host)!;
        if (once(`f\u0000${h.id}\u0000${e.device.rid}`)) checkFunction(h, h.fn.get(e.device.rid)!, bad);
        vm(e.vm).whole = true;
        break;
      }
      case 'bind': {
        vm(e.vm).procs.add(e.process);
        // I7 from the entry's side too: its references must still be the bindings that program it.
        const v = st.vms.get(e.vm)!;
        const d = v.devices.get(e.device);
        const p = v.procs.get(e.process);
        const at = d && p && p.pasid !== null ? programmedOn(d, p, st.hosts.get(v.host)!.policy.kind) : null;
        if (d && at !== null) {
          const h = st.hosts.get(d.host)!;
          if (once(`e\u0000${h.id}\u0000${d.rid}\u0000${at}`)) checkEntry(st, h, deviceFn(st, d), at, bad);
        }
        break;
      }
      case 'xlate-set':
      case 'xlate-unset':
        vm(e.vm).xlate = true;
        break;
      case 'translation':
        vm(e.vm).translation = true;
        break;
      case 'vm-host':
        vm(e.vm).whole = true;
        break;
      default: {
        const never: never = e;
        throw new Error(`unchecked effect ${JSON.stringify(never)}`);
      }
    }
  }
  for (const [id, t] of vms) checkVm(st, st.vms.get(id)!, bad, t);
  return out;
}
