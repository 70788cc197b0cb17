/**
 * The PASID spaces of a fleet in one fixed order — each host's G (none under `local`) and
 * its functions' tables in the order the scenario lists them, then the VMs' guest spaces —
 * with their class, host and range. Fleet statistics count per space in this order and
 * the workload maps draw one row per space in it, so a statistic's slot and a map's row
 * are the same index.
 */
import { guestRangeOf, type EngineState } from '../engine/state.ts';
import type { IdSet } from '../id-set/id-set.ts';
import { SPACE_CLASSES, type SpaceClass, type SpaceRef } from '../model/space.ts';

export interface FleetSpace {
  /** `h0/G`, `h0/0000:10:00.0`, `vm3` */
  name: string;
  /** index into SPACE_CLASSES */
  cls: number;
  /** index of the space's host in the state's host order; guest spaces: the VM's host */
  host: number;
  /** the IDs the space can hand out: [lo, hi) */
  lo: number;
  hi: number;
  ref: SpaceRef;
  /** the space's IDs in `st` (a live reference: it changes as the state does) */
  set: IdSet;
}

const CLS = (c: SpaceClass) => SPACE_CLASSES.indexOf(c);

/** The spaces of `st`, in fleet order. */
export function fleetSpaces(st: EngineState): FleetSpace[] {
  const out: FleetSpace[] = [];
  const hostIdx = new Map<string, number>();
  let i = 0;
  for (const h of st.hosts.values()) {
    hostIdx.set(h.id, i);
    if (h.g) out.push({ name: `${h.id}/G`, cls: CLS('G'), host: i, lo: h.g.lo, hi: h.g.hi, ref: { kind: 'g', host: h.id }, set: h.g });
    for (const f of h.functions)
      out.push({
        name: `${h.id}/${f.spec.rid}`,
        cls: CLS(f.spec.kind === 'pf' ? 'PF' : 'VF'),
        host: i,
        lo: 1,
        hi: f.maxPasids,
        ref: { kind: 'rid', host: h.id, rid: f.spec.rid },
        set: f.table,
      });
    i++;
  }
  for (const v of st.vms.values()) {
    const [lo, hi] = guestRangeOf(st.hosts.get(v.host)!);
    out.push({ name: v.id, cls: CLS('guest'), host: hostIdx.get(v.host)!, lo, hi, ref: { kind: 'guest', vm: v.id }, set: v.space });
  }
  return out;
}
