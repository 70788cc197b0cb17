/**
 * Every owner a scenario can produce (a process its events name), in the order it first
 * appears: the page gives each a stable colour, and checks a link's selection against them.
 */
import { holderKey, type Holder } from '../model/holder.ts';
import type { ScenarioEvent } from './schema.ts';

export function scenarioOwners(events: readonly ScenarioEvent[]): Holder[] {
  const seen = new Set<string>();
  const out: Holder[] = [];
  for (const e of events) {
    const ev = e as { vm?: string; host?: string; process?: string };
    if (ev.process === undefined) continue;
    const h: Holder | null =
      ev.vm !== undefined ? { type: 'guest', vm: ev.vm, process: ev.process } : ev.host !== undefined ? { type: 'host', host: ev.host, process: ev.process } : null;
    if (!h) continue;
    const k = holderKey(h);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(h);
  }
  return out;
}
