/**
 * The two warnings of DOMAIN.md §7: I8, a VM with translation on and a passthrough SWQ
 * device (only `split` allows the mix; shown when it starts to hold), and I10, an ENQCMD
 * that reached another process's entry (at each breach).
 */
import type { Effect } from '../model/effect.ts';
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

const touchesMix = (e: Effect) => e.t === 'translation' || e.t === 'assign' || e.t === 'unassign' || e.t === 'vm-host';

/** Follows I8 across a run: reports a VM when the mix starts to hold, again only after it stopped. */
export class WarningTracker {
  private readonly mixed = new Set<string>();

  /** The warnings event `o` raises, given the state after it. */
  after(st: EngineState, o: Outcome): Warning[] {
    const out: Warning[] = [];
    if (o.fault === 'breach') out.push({ invariant: 'I10', index: o.index, message: o.message });
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
