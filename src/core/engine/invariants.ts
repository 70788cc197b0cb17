/**
 * The invariants of DOMAIN.md §7, checked against the whole state. I1–I7 broken means an
 * engine bug; I8 is a design warning for the user.
 */
import type { EngineState } from './state.ts';
import { gRange } from '../model/policy.ts';
import { hex, holderName } from '../model/types.ts';

export interface InvariantBreak {
  invariant: string;
  message: string;
}

/** Check I1–I7 over the whole state; returns every break found. */
export function checkInvariants(st: EngineState): InvariantBreak[] {
  const out: InvariantBreak[] = [];
  const bad = (invariant: string, message: string) => out.push({ invariant, message });
  for (const h of st.hosts.values()) {
    if (h.g) {
      if (h.g.has(0)) bad('I1', `host ${h.id}: PASID 0 allocated in G`);
      if (h.g.size !== h.gHolder.size) bad('I1', `host ${h.id}: G and its holders disagree`);
    }
    for (const f of h.functions) {
      if (f.table.size !== f.entries.size) bad('I3', `${h.id} ${f.spec.rid}: table and entries disagree`);
      for (const [pasid, en] of f.entries) {
        if (pasid === 0) bad('I1', `${h.id} ${f.spec.rid}: PASID 0 attached`);
        if (!f.table.has(pasid)) bad('I3', `${h.id} ${f.spec.rid}: entry ${hex(pasid)} missing from the table`);
        if (pasid >= f.maxPasids) bad('I2', `${h.id} ${f.spec.rid}: ${hex(pasid)} ≥ maxPasids ${hex(f.maxPasids)}`);
        const who = en.holder;
        if (who.type === 'host') {
          const p = h.procs.get(who.process);
          if (who.host !== h.id || !p || p.pasid !== pasid)
            bad('I4', `${h.id} ${f.spec.rid}: ${hex(pasid)} is attached to ${holderName(who)}, whose PASID is ${p?.pasid ?? 'none'}`);
        } else {
          const v = st.vms.get(who.vm);
          const d = v?.devices.get(en.device ?? '');
          if (!v || v.host !== h.id || !d || d.rid !== f.spec.rid)
            bad('I7', `${h.id} ${f.spec.rid}: ${hex(pasid)} is held by ${holderName(who)} through no device of that VM on this RID`);
        }
      }
    }
    if (h.policy.kind === 'split') {
      const r = gRange(h.policy, h.iommuBits)!;
      for (const [s, e] of h.g!.usedRuns())
        if (s < r[0] || e > r[1]) bad('I6', `host ${h.id}: G holds [${hex(s)}, ${hex(e)}) outside [${hex(r[0])}, ${hex(r[1])})`);
    }
  }
  for (const v of st.vms.values()) {
    const h = st.hosts.get(v.host)!;
    const targets = new Set<number>();
    for (const [g, hp] of v.xlate) {
      if (targets.has(hp)) bad('I5', `${v.id}: two gPASIDs translate to ${hex(hp)}`);
      targets.add(hp);
      if (g === 0 || hp === 0) bad('I1', `${v.id}: PASID 0 in the translation table`);
    }
    if (v.space.has(0)) bad('I1', `${v.id}: PASID 0 allocated in the guest space`);
    for (const [name, p] of v.procs) {
      if (p.pasid !== null && !v.space.has(p.pasid)) bad('I1', `${v.id} process ${name}: gPASID ${hex(p.pasid)} not in the guest space`);
      if (h.policy.kind === 'split' && p.pasid !== null && (p.pasid < 1 || p.pasid >= h.policy.localEnd))
        bad('I6', `${v.id} process ${name}: gPASID ${hex(p.pasid)} outside [1, ${hex(h.policy.localEnd)})`);
    }
  }
  return out;
}

/** I8: the VMs that translate ENQCMD and have a passthrough shared-WQ device at once. */
export function mixedEnqcmdVms(st: EngineState): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of st.vms.values()) {
    if (v.xlate.size === 0) continue;
    for (const d of v.devices.values()) {
      if (d.type !== 'passthrough') continue;
      const f = st.hosts.get(d.host)!.fn.get(d.rid)!;
      if (f.spec.swq) {
        out.set(
          v.id,
          `${v.id} translates ENQCMD PASIDs and has passthrough shared-WQ device "${d.alias}" (${d.rid}) programmed with guest PASIDs: its ENQCMDs will carry host PASIDs the device does not know`,
        );
        break;
      }
    }
  }
  return out;
}
