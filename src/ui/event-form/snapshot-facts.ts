/**
 * What exists at a step, read from the engine's state there (the frame at the cursor)
 * rather than from the text: under the policy the page shows, a migration that failed
 * leaves its VM where it was, a device unplugged is gone, a freed process is gone. The
 * form prefers this; the text reading (`scenarioFacts`) is the fallback while no frame of
 * that step is at hand. Names go into Maps and Sets, never plain-object keys.
 */
import type { Snapshot } from '../../core/model/snapshot.ts';
import type { Facts } from '../editor/scenario-facts.ts';

export function snapshotFacts(snap: Snapshot): Facts {
  const facts: Facts = { hosts: new Map(), vmHost: new Map(), aliases: new Map(), guestProcs: new Map(), hostProcs: new Map() };
  for (const h of snap.hosts) {
    facts.hosts.set(h.id, { rids: h.functions.map((f) => f.rid), pfs: h.functions.filter((f) => f.kind === 'pf').map((f) => f.rid) });
    facts.hostProcs.set(h.id, new Set(h.processes.map((p) => p.name)));
  }
  for (const v of snap.vms) {
    facts.vmHost.set(v.id, v.host);
    facts.aliases.set(v.id, new Set(v.devices.map((d) => d.alias)));
    facts.guestProcs.set(v.id, new Set(v.processes.map((p) => p.name)));
  }
  return facts;
}
