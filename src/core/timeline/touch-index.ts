/**
 * The events that touched each holder: those that name the process and those whose
 * effects changed something it holds. Built once while a timeline builds (its `observe`
 * hook), so the details panel's "events that touched it" never scans the run.
 */
import type { ScenarioEvent } from '../scenario/index.ts';
import type { Outcome } from '../model/outcome.ts';
import { holderKey, type Holder } from '../model/holder.ts';

export class TouchIndex {
  private readonly lists = new Map<string, number[]>();

  /** Note event `i`: its named process and every holder its effects name. */
  observe(i: number, e: ScenarioEvent, o: Outcome): void {
    const ev = e as { vm?: string; host?: string; process?: string };
    if (ev.process !== undefined) {
      if (ev.vm !== undefined) this.add({ type: 'guest', vm: ev.vm, process: ev.process }, i);
      else if (ev.host !== undefined) this.add({ type: 'host', host: ev.host, process: ev.process }, i);
    }
    for (const fx of o.effects) if ('holder' in fx) this.add(fx.holder, i);
  }

  private add(h: Holder, i: number): void {
    const k = holderKey(h);
    let l = this.lists.get(k);
    if (!l) this.lists.set(k, (l = []));
    if (l[l.length - 1] !== i) l.push(i);
  }

  /** The events that touched `h`, ascending. */
  of(h: Holder): Int32Array {
    return Int32Array.from(this.lists.get(holderKey(h)) ?? []);
  }
}
