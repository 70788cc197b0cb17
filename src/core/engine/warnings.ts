/**
 * The two warnings of DOMAIN.md §7: I8, a VM with translation on and a passthrough SWQ
 * device (only `split` allows the mix; shown when it starts to hold), and I10, an ENQCMD
 * that reached another process's entry (at each breach).
 */
import type { Effect } from '../model/effect.ts';
import type { ScenarioEvent } from '../scenario/index.ts';
import { hex } from '../model/pasid.ts';
import { holderName } from '../model/holder.ts';
import type { Outcome, Warning } from '../model/outcome.ts';
import { passthroughSwq } from './queries.ts';
import type { EngineState } from './state.ts';

/** I8 for one VM: the message when it holds, else null. */
export function mixMessage(st: EngineState, vm: string): string | null {
  const v = st.vms.get(vm)!;
  if (v.translationSince === null) return null;
  const d = passthroughSwq(st, v);
  if (!d) return null;
  return `${v.id} translates its ENQCMD PASIDs and has passthrough shared-WQ device "${d.alias}" (${d.rid}), programmed with guest PASIDs: an ENQCMD to it carries a host PASID the device does not know (the type-7/8 mix RFC v2 §1.4.3 does not support)`;
}

/** I10 in words, from the state (a failed ENQCMD leaves it as it was): who submitted, where, whose address space it reached. */
function breachMessage(st: EngineState, e: ScenarioEvent, o: Outcome): { vm?: string; host?: string; message: string } {
  if (e.op !== 'enqcmd' || o.wire === undefined) return { message: o.message };
  let where: { host: string; rid: string } | null = null;
  let who: string;
  if (e.vm !== undefined) {
    const v = st.vms.get(e.vm)!;
    const d = v.devices.get(e.device!);
    if (d) where = { host: d.host, rid: d.rid };
    who = `${v.id} process ${e.process}`;
  } else {
    where = { host: e.host!, rid: e.function! };
    who = `host ${e.host} process ${e.process}`;
  }
  const holder = where ? st.hosts.get(where.host)?.fn.get(where.rid)?.entries.get(o.wire)?.holder : undefined;
  const message = `${who}'s ENQCMD to ${where?.rid ?? 'its device'} carried PASID ${hex(o.wire)}, which that RID maps to ${holder ? holderName(holder) : 'another process'}: the work ran in that address space`;
  return { ...(e.vm !== undefined ? { vm: e.vm } : { host: e.host! }), message };
}

const touchesMix = (e: Effect) => e.t === 'translation' || e.t === 'assign' || e.t === 'unassign' || e.t === 'vm-host';

/** Follows I8 across a run: reports a VM when the mix starts to hold, again only after it stopped. */
export class WarningTracker {
  private readonly mixed = new Set<string>();

  /** The warnings event `o` (of event `e`) raises, given the state after it. */
  after(st: EngineState, e: ScenarioEvent, o: Outcome): Warning[] {
    const out: Warning[] = [];
    if (o.fault === 'breach') out.push({ invariant: 'I10', index: o.index, ...breachMessage(st, e, o) });
    for (const e of o.effects) {
      if (!touchesMix(e)) continue;
      const vm = (e as { vm: string }).vm;
      const msg = mixMessage(st, vm);
      if (msg && !this.mixed.has(vm)) {
        this.mixed.add(vm);
        out.push({ invariant: 'I8', index: o.index, vm, message: msg });
      } else if (!msg) this.mixed.delete(vm);
    }
    return out;
  }
}
