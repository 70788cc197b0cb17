/**
 * The numbers a failed outcome carries (docs/domain-notes.md, "Outcome numbers"): what
 * the op had in hand when it failed, decided in one place from the state before the event
 * (a failed event leaves it unchanged). `pasid` is the actor's PASID when it has one — for
 * guest.alloc refused a requested number that is taken (EBUSY), that number; host actors carry `hpasid == pasid`; a
 * guest bind refused for its number (EOVERFLOW, EBUSY) carries the number it would have
 * programmed on the target RID. `wire` and `fault` come from enqcmd itself.
 */
import type { ScenarioEvent } from '../scenario/index.ts';
import type { OpResult } from '../model/outcome.ts';
import { programmedOn } from './queries.ts';
import type { EngineState } from './state.ts';

export function failureNumbers(st: EngineState, e: ScenarioEvent, r: OpResult): Pick<OpResult, 'pasid' | 'hpasid'> {
  if (e.op === 'migrate' || e.op === 'assign' || e.op === 'unassign') return {};
  const host = 'host' in e && e.host !== undefined ? e.host : undefined;
  if (host !== undefined) {
    const p = st.hosts.get(host)!.procs.get(e.process)?.pasid ?? null;
    return p === null ? {} : { pasid: p, hpasid: p };
  }
  const v = st.vms.get((e as { vm: string }).vm)!;
  const p = v.procs.get(e.process);
  if (e.op === 'guest.alloc' && e.pasid !== undefined && r.code === 'EBUSY') return { pasid: e.pasid };
  if (!p || p.pasid === null) return {};
  if (e.op === 'guest.bind' && (r.code === 'EOVERFLOW' || r.code === 'EBUSY')) {
    const d = v.devices.get(e.device)!;
    const at = programmedOn(d, p, st.hosts.get(v.host)!.policy.kind);
    return at === null ? { pasid: p.pasid } : { pasid: p.pasid, hpasid: at };
  }
  return { pasid: p.pasid };
}
