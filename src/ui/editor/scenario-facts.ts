/**
 * The names a scenario text declares, and those that exist at a given event: the hosts and
 * their RIDs, the VMs and where they are, each VM's device aliases and processes, each
 * host's processes. Read from a tolerant parse of text being typed (it may not be valid
 * yet), so every field is checked before use; every user name is kept in a Map, never as a
 * plain-object key.
 *
 * This is a reading of the text, not a run: a migration is taken to move its VM (the
 * engine may refuse it), so the names offered after it are the destination's.
 */

const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const own = (o: Record<string, unknown> | undefined, k: string): unknown =>
  o && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export interface HostFacts {
  rids: string[];
  /** the RIDs of the host's PFs (what a VF's `pf` and an `adiOf` can name) */
  pfs: string[];
}

export interface Facts {
  hosts: Map<string, HostFacts>;
  /** VM id → the host it is on at the event asked for */
  vmHost: Map<string, string>;
  /** VM id → device aliases assigned and not unassigned before the event */
  aliases: Map<string, Set<string>>;
  /** VM id → guest processes allocated and not freed before the event */
  guestProcs: Map<string, Set<string>>;
  /** host id → host processes bound and not exited before the event */
  hostProcs: Map<string, Set<string>>;
}

const add = (m: Map<string, Set<string>>, k: string, v: string) => {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
};

/** What exists before event `at` (all declared hosts and VMs; the events' effects up to `at`). */
export function scenarioFacts(doc: unknown, at: number): Facts {
  const root = obj(doc);
  const hosts = new Map<string, HostFacts>();
  for (const h of arr(own(root, 'hosts'))) {
    const id = str(own(obj(h), 'id'));
    if (id === undefined || hosts.has(id)) continue;
    const fs = arr(own(obj(h), 'functions')).map(obj);
    const rids = fs.map((f) => str(own(f, 'rid'))).filter((r): r is string => r !== undefined);
    const pfs = fs
      .filter((f) => own(f, 'kind') === 'pf')
      .map((f) => str(own(f, 'rid')))
      .filter((r): r is string => r !== undefined);
    hosts.set(id, { rids, pfs });
  }
  const vmHost = new Map<string, string>();
  for (const v of arr(own(root, 'vms'))) {
    const id = str(own(obj(v), 'id'));
    const host = str(own(obj(v), 'host'));
    if (id !== undefined && !vmHost.has(id)) vmHost.set(id, host ?? '');
  }
  const facts: Facts = { hosts, vmHost, aliases: new Map(), guestProcs: new Map(), hostProcs: new Map() };
  const events = arr(own(root, 'events'));
  for (let i = 0; i < Math.min(at, events.length); i++) {
    const e = obj(events[i]);
    const vm = str(own(e, 'vm'));
    const host = str(own(e, 'host'));
    const process = str(own(e, 'process'));
    switch (own(e, 'op')) {
      case 'assign': {
        const alias = str(own(e, 'as')) ?? str(own(e, 'function')) ?? str(own(e, 'adiOf'));
        if (vm && alias) add(facts.aliases, vm, alias);
        break;
      }
      case 'unassign': {
        const device = str(own(e, 'device'));
        if (vm && device) facts.aliases.get(vm)?.delete(device);
        break;
      }
      case 'guest.alloc':
        if (vm && process) add(facts.guestProcs, vm, process);
        break;
      case 'guest.free':
        if (vm && process) facts.guestProcs.get(vm)?.delete(process);
        break;
      case 'host.bind':
        if (host && process) add(facts.hostProcs, host, process);
        break;
      case 'host.exit':
        if (host && process) facts.hostProcs.get(host)?.delete(process);
        break;
      case 'migrate': {
        const to = str(own(e, 'to'));
        if (vm && to && vmHost.has(vm)) vmHost.set(vm, to);
        break;
      }
    }
  }
  return facts;
}
