/**
 * The checks that need more than one element (DOMAIN.md §4, §6): unique ids, a VF's PF,
 * groups, split bounds after clamping, and every reference an event makes. Names declared
 * by elements that failed their own checks still count as declared, so one bad field
 * never adds a false "unknown" elsewhere.
 */
import type { z } from 'zod';
import { clampPolicy, policyWithDefaults } from '../model/policy.ts';
import { FORMAT, type FunctionSpec, type GroupSpec, type HostSpec, type InputProblem, type Scenario, type VmSpec } from './scenario.ts';
import type { ScenarioEvent, functionSchema, groupSchema, hostSchema, vmSchema } from './schema.ts';

export interface RawScenario {
  title?: string;
  description?: string;
  hosts: {
    head: z.infer<typeof hostSchema> | null;
    raw: unknown;
    functions: { spec: z.infer<typeof functionSchema> | null; raw: unknown }[];
    groups: (z.infer<typeof groupSchema> | null)[];
  }[];
  vms: { spec: z.infer<typeof vmSchema> | null; raw: unknown }[];
  events: (ScenarioEvent | null)[];
}

const stringField = (o: unknown, k: string): string | undefined => {
  if (typeof o !== 'object' || o === null || !Object.prototype.hasOwnProperty.call(o, k)) return undefined;
  const v = (o as Record<string, unknown>)[k];
  return typeof v === 'string' ? v : undefined;
};

export function resolve(raw: RawScenario, problems: InputProblem[]): Scenario {
  const add = (path: string, message: string) => problems.push({ path, message });

  // Everything declared, valid or not: host id → RIDs (with their kind as written).
  const declaredHosts = new Map<string, Map<string, string | undefined>>();
  for (const h of raw.hosts) {
    const id = h.head?.id ?? stringField(h.raw, 'id');
    if (id === undefined) continue;
    const rids = declaredHosts.get(id) ?? new Map<string, string | undefined>();
    for (const f of h.functions) {
      const rid = stringField(f.raw, 'rid');
      if (rid !== undefined) rids.set(rid, stringField(f.raw, 'kind'));
    }
    declaredHosts.set(id, rids);
  }
  const declaredVms = new Set(raw.vms.map((v) => v.spec?.id ?? stringField(v.raw, 'id')).filter((x): x is string => x !== undefined));
  const hostOfRid = (rid: string): string | undefined => {
    for (const [h, rids] of declaredHosts) if (rids.has(rid)) return h;
    return undefined;
  };

  const hosts: HostSpec[] = [];
  const hostIds = new Set<string>();
  raw.hosts.forEach((h, hi) => {
    const hostId = h.head?.id ?? stringField(h.raw, 'id') ?? `#${hi}`;
    const at = `hosts[${hi}]`;
    const functions = resolveFunctions(h.functions, hostId, at, add);
    const groups = resolveGroups(h.groups, hostId, at, new Set(functions.map((f) => f.rid)), declaredHosts.get(hostId), hostOfRid, add);
    const head = h.head;
    if (!head) return;
    if (hostIds.has(head.id)) add(`${at}.id`, `duplicate host id "${head.id}"`);
    hostIds.add(head.id);
    const iommuBits = head.iommu?.pasidBits ?? 20;
    const policy = policyWithDefaults(head.policy);
    if (policy.kind === 'split') {
      const c = clampPolicy(policy, iommuBits);
      if (c.localEnd < 2) add(`${at}.policy.localEnd`, `localEnd (${c.localEnd}) leaves the guest no PASID: it must be at least 2`);
      else if (c.localEnd > c.sharedEnd)
        add(`${at}.policy`, `localEnd (${c.localEnd}) must not be above sharedEnd (${c.sharedEnd}${c.sharedEnd !== policy.sharedEnd ? `, clamped to the IOMMU's 2^${iommuBits}` : ''})`);
    } else {
      if (head.policy.localEnd !== undefined) add(`${at}.policy.localEnd`, `localEnd applies to the split policy only`);
      if (head.policy.sharedEnd !== undefined) add(`${at}.policy.sharedEnd`, `sharedEnd applies to the split policy only`);
    }
    hosts.push({
      id: head.id,
      policy,
      iommu: { pasidBits: iommuBits, cpuPasidTranslation: head.iommu?.cpuPasidTranslation ?? true },
      functions,
      pasidGroups: groups,
    });
  });

  const vms: VmSpec[] = [];
  const vmIds = new Set<string>();
  raw.vms.forEach(({ spec: v }, vi) => {
    if (!v) return;
    if (vmIds.has(v.id)) add(`vms[${vi}].id`, `duplicate VM id "${v.id}"`);
    vmIds.add(v.id);
    if (!declaredHosts.has(v.host)) add(`vms[${vi}].host`, `unknown host "${v.host}"`);
    vms.push({ id: v.id, host: v.host, viommu: { pasidAlloc: v.viommu?.pasidAlloc ?? false } });
  });

  const events: ScenarioEvent[] = [];
  raw.events.forEach((e, ei) => {
    if (!e) return;
    events.push(e);
    checkEventReferences(e, `events[${ei}]`, declaredHosts, declaredVms, add);
  });

  return { format: FORMAT, title: raw.title ?? 'Untitled scenario', description: raw.description ?? '', hosts, vms, events };
}

function resolveFunctions(
  list: RawScenario['hosts'][number]['functions'],
  hostId: string,
  at: string,
  add: (path: string, message: string) => void,
): FunctionSpec[] {
  const byRid = new Map<string, z.infer<typeof functionSchema>>();
  const rawKind = new Map<string, string | undefined>();
  for (const f of list) {
    const rid = stringField(f.raw, 'rid');
    if (rid !== undefined && !rawKind.has(rid)) rawKind.set(rid, stringField(f.raw, 'kind'));
    if (f.spec && !byRid.has(f.spec.rid)) byRid.set(f.spec.rid, f.spec);
  }
  const seen = new Set<string>();
  const out: FunctionSpec[] = [];
  list.forEach(({ spec: f }, fi) => {
    if (!f) return;
    const path = `${at}.functions[${fi}]`;
    if (seen.has(f.rid)) add(`${path}.rid`, `duplicate RID "${f.rid}" on host "${hostId}"`);
    seen.add(f.rid);
    let pasidBits = f.pasidBits ?? 20;
    let model = f.model;
    if (f.kind === 'vf') {
      if (f.pasidBits !== undefined) add(`${path}.pasidBits`, `a VF has no PASID capability of its own: it uses its PF's width`);
      if (f.model !== undefined) add(`${path}.model`, `a VF is the model of its PF: give "model" on the PF`);
      if (f.siov) add(`${path}.siov`, `a VF cannot be a Scalable-IOV parent`);
      if (f.pf === undefined) add(`${path}.pf`, `a VF needs "pf", the RID of its PF`);
      else if (!rawKind.has(f.pf)) add(`${path}.pf`, `unknown PF "${f.pf}" on host "${hostId}"`);
      else if (rawKind.get(f.pf) === 'vf') add(`${path}.pf`, `"${f.pf}" is a VF, not a PF`);
      else {
        // A PF that failed its own checks has been reported; the VF takes defaults meanwhile.
        const pf = byRid.get(f.pf);
        pasidBits = pf?.pasidBits ?? 20;
        model = pf?.model;
      }
    } else if (f.pf !== undefined) add(`${path}.pf`, `only a VF names a PF`);
    out.push({
      rid: f.rid,
      kind: f.kind,
      ...(f.pf !== undefined ? { pf: f.pf } : {}),
      ...(f.label !== undefined ? { label: f.label } : {}),
      pasidBits,
      swq: f.swq ?? false,
      siov: f.siov ?? false,
      ...(model !== undefined ? { model } : {}),
    });
  });
  return out;
}

function resolveGroups(
  list: RawScenario['hosts'][number]['groups'],
  hostId: string,
  at: string,
  valid: Set<string>,
  declared: Map<string, string | undefined> | undefined,
  hostOfRid: (rid: string) => string | undefined,
  add: (path: string, message: string) => void,
): GroupSpec[] {
  const ids = new Set<string>();
  const member = new Map<string, number>(); // RID → index of its group
  const out: GroupSpec[] = [];
  list.forEach((g, gi) => {
    if (!g) return;
    const path = `${at}.pasidGroups[${gi}]`;
    if (ids.has(g.id)) add(`${path}.id`, `duplicate group id "${g.id}" on host "${hostId}"`);
    ids.add(g.id);
    const rids: string[] = [];
    g.functions.forEach((rid, ri) => {
      const p = `${path}.functions[${ri}]`;
      if (!declared?.has(rid)) {
        const other = hostOfRid(rid);
        add(p, other !== undefined ? `"${rid}" is a function of host "${other}", not of host "${hostId}"` : `unknown function "${rid}" on host "${hostId}"`);
        return;
      }
      const prior = member.get(rid);
      if (prior !== undefined) {
        add(p, prior === gi ? `"${rid}" is listed twice in group "${g.id}"` : `"${rid}" is already in group "${list[prior]!.id}": a RID is in at most one group`);
        return;
      }
      member.set(rid, gi);
      if (valid.has(rid)) rids.push(rid);
    });
    out.push({ id: g.id, functions: rids });
  });
  return out;
}

function checkEventReferences(
  e: ScenarioEvent,
  at: string,
  hosts: Map<string, Map<string, string | undefined>>,
  vms: Set<string>,
  add: (path: string, message: string) => void,
): void {
  const needVm = (vm: string | undefined) => {
    if (vm !== undefined && !vms.has(vm)) add(`${at}.vm`, `unknown VM "${vm}"`);
  };
  const needHost = (host: string | undefined, field = 'host') => {
    if (host !== undefined && !hosts.has(host)) add(`${at}.${field}`, `unknown host "${host}"`);
  };
  const needRidOn = (host: string, rid: string, field: string) => {
    const rids = hosts.get(host);
    if (rids && !rids.has(rid)) add(`${at}.${field}`, `unknown function "${rid}" on host "${host}"`);
  };
  const needRidAnywhere = (rid: string, field: string) => {
    for (const rids of hosts.values()) if (rids.has(rid)) return;
    add(`${at}.${field}`, `unknown function "${rid}"`);
  };
  switch (e.op) {
    case 'assign':
      needVm(e.vm);
      if ((e.function === undefined) === (e.adiOf === undefined)) add(at, `assign needs exactly one of "function" and "adiOf"`);
      if (e.function !== undefined) needRidAnywhere(e.function, 'function');
      if (e.adiOf !== undefined) needRidAnywhere(e.adiOf, 'adiOf');
      break;
    case 'unassign':
    case 'guest.alloc':
    case 'guest.bind':
    case 'guest.unbind':
    case 'guest.free':
      needVm(e.vm);
      break;
    case 'host.bind':
    case 'host.unbind':
      needHost(e.host);
      needRidOn(e.host, e.function, 'function');
      break;
    case 'host.exit':
      needHost(e.host);
      break;
    case 'enqcmd':
      if ((e.vm === undefined) === (e.host === undefined)) add(at, `enqcmd needs exactly one of "vm" and "host"`);
      if (e.vm !== undefined) {
        needVm(e.vm);
        if (e.device === undefined) add(`${at}.device`, `a guest enqcmd needs "device"`);
        if (e.function !== undefined) add(`${at}.function`, `a guest enqcmd names a "device" alias, not a function`);
      }
      if (e.host !== undefined) {
        needHost(e.host);
        if (e.function === undefined) add(`${at}.function`, `a host enqcmd needs "function"`);
        else needRidOn(e.host, e.function, 'function');
        if (e.device !== undefined) add(`${at}.device`, `a host enqcmd names a "function", not a device alias`);
      }
      break;
    case 'migrate':
      needVm(e.vm);
      needHost(e.to, 'to');
      for (const [alias, rid] of e.map ?? []) needRidOn(e.to, rid, `map.${alias}`);
      break;
  }
}
