/**
 * A fast-check arbitrary of small, valid `pasidscope/1` documents (DOMAIN.md §4) built to
 * hit every rule of §3 and §5: narrow functions and IOMMUs, split ranges that run out or
 * are clamped, allocation groups, SWQ and SIOV PFs with models, mixed policies, and
 * events that name mostly what exists at that point and sometimes what does not.
 *
 * Documents are built from a tape of random naturals (fast-check shrinks the tape towards
 * zeros, and a zero is always the plainest choice), so a failing document shrinks to a
 * simpler one and replays from its seed. Every document passes every parse-time rule of
 * §4 and §6 (see `scenario-validity.testkit.ts`) and carries no `expect`.
 *
 * Test code.
 */
import fc from 'fast-check';
import type { RefPolicy } from './reference-model.testkit.ts';
import { buildHost, Tape, type Json } from './random-topology.testkit.ts';

const KINDS: readonly RefPolicy[] = ['global', 'local', 'split', 'linux'];
const HOST_IDS = ['A', 'B', 'C'];
const ALIASES = ['d0', 'd1', 'd2', 'd3'];
const GUEST_PROCS = ['p0', 'p1', 'p2', 'p3'];
const HOST_PROCS = ['h0', 'h1', 'h2'];
const TAPE_LENGTH = 700;

interface Fn {
  rid: string;
  kind: 'pf' | 'vf';
  swq: boolean;
  siov: boolean;
}
interface Host {
  id: string;
  fns: Fn[];
}
interface Device {
  alias: string;
  rid: string;
  adi: boolean;
}
/** What the events so far are likely to have made: the generator does not run them. */
interface Track {
  hosts: Host[];
  vmIds: string[];
  vmHost: Map<string, string>;
  vmHome: Map<string, string>;
  devices: Map<string, Device[]>;
  guestProcs: Map<string, string[]>;
  hostProcs: Map<string, string[]>;
  /** guest bindings as `process alias`, host ones as `process rid` */
  guestBinds: Map<string, string[]>;
  hostBinds: Map<string, string[]>;
}

const hostOf = (k: Track, id: string): Host => k.hosts.find((h) => h.id === id)!;
const allRids = (k: Track): string[] => [...new Set(k.hosts.flatMap((h) => h.fns.map((f) => f.rid)))];

/** Mostly one of `known`, sometimes `unknown` (which then names nothing). */
function mostly(t: Tape, known: readonly string[], unknown: string, percent = 88): string {
  return known.length > 0 && t.chance(percent) ? t.pick(known) : unknown;
}

function assignEvent(t: Tape, k: Track, vm: string, preferAdi?: boolean): Json {
  const here = hostOf(k, k.vmHost.get(vm)!);
  const siov = here.fns.filter((f) => f.siov);
  // Mostly no ADI of a host without SIOV PFs (EINVAL), but sometimes.
  const adi = (preferAdi ?? t.chance(50)) && (siov.length > 0 || t.chance(20));
  const swqSiov = siov.filter((f) => f.swq);
  // Functions this host's VMs already use: mostly avoided, so passthrough assigns succeed.
  const used = new Set([
    ...k.vmIds.filter((v) => k.vmHost.get(v) === here.id).flatMap((v) => k.devices.get(v)!.map((d) => d.rid)),
    ...k.hostBinds.get(here.id)!.map((b) => b.split(' ')[1]),
  ]);
  const unused = here.fns.filter((f) => !used.has(f.rid));
  let rid: string;
  if (!t.chance(90)) rid = t.pick(allRids(k));
  else if (adi && swqSiov.length > 0 && t.chance(60)) rid = t.pick(swqSiov).rid;
  else if (adi && siov.length > 0 && t.chance(85)) rid = t.pick(siov).rid;
  else rid = t.pick(unused.length > 0 && t.chance(85) ? unused : here.fns).rid;
  const ev: Json = { op: 'assign', vm, [adi ? 'adiOf' : 'function']: rid };
  const devices = k.devices.get(vm)!;
  let alias = rid;
  if (t.chance(70)) {
    const free = ALIASES.filter((a) => !devices.some((d) => d.alias === a));
    alias = free.length > 0 && t.chance(90) ? t.pick(free) : t.pick(ALIASES);
    ev.as = alias;
  }
  devices.push({ alias, rid, adi });
  return ev;
}

function guestAllocEvent(t: Tape, k: Track, vm: string, shared?: boolean): Json {
  const procs = k.guestProcs.get(vm)!;
  const fresh = GUEST_PROCS.filter((p) => !procs.includes(p));
  const process = fresh.length > 0 && t.chance(85) ? t.pick(fresh) : t.pick(GUEST_PROCS);
  const ev: Json = { op: 'guest.alloc', vm, process };
  if (shared ?? t.chance(45)) ev.kind = 'shared';
  else if (t.chance(25)) ev.kind = 'local';
  if (t.chance(12)) ev.pasid = t.chance(80) ? t.int(0, 20) : t.pick([4095, 4096, 5000, 2 ** 20 - 1]);
  if (!procs.includes(process)) procs.push(process);
  return ev;
}

function guestEvent(t: Tape, k: Track, vm: string, op: string): Json {
  const binds = k.guestBinds.get(vm)!;
  if (op === 'guest.unbind' && binds.length > 0 && t.chance(80)) {
    const [process, device] = t.pick(binds).split(' ');
    return { op, vm, process, device };
  }
  const process = mostly(t, k.guestProcs.get(vm)!, 'ghost');
  if (op === 'guest.free') return { op, vm, process };
  const device = mostly(
    t,
    k.devices.get(vm)!.map((d) => d.alias),
    'nodev',
  );
  if (op === 'guest.bind') binds.push(`${process} ${device}`);
  return { op, vm, process, device };
}

function hostEvent(t: Tape, k: Track, op: string, host = t.pick(k.hosts)): Json {
  const procs = k.hostProcs.get(host.id)!;
  const process =
    op === 'host.bind'
      ? t.chance(60) && procs.length > 0
        ? t.pick(procs)
        : t.pick(HOST_PROCS)
      : mostly(t, procs, 'ghost');
  if (op === 'host.bind' && !procs.includes(process)) procs.push(process);
  if (op === 'host.exit') return { op, host: host.id, process };
  const binds = k.hostBinds.get(host.id)!;
  if (op === 'host.unbind' && binds.length > 0 && t.chance(80)) {
    const [p, rid] = t.pick(binds).split(' ');
    return { op, host: host.id, process: p, function: rid };
  }
  const swq = host.fns.filter((f) => f.swq);
  const fn = swq.length > 0 && t.chance(60) ? t.pick(swq) : t.pick(host.fns);
  if (op === 'host.bind') binds.push(`${process} ${fn.rid}`);
  return { op, host: host.id, process, function: fn.rid };
}

function migrateEvent(t: Tape, k: Track, vm: string): Json {
  const from = k.vmHost.get(vm)!;
  const others = k.hosts.filter((h) => h.id !== from).map((h) => h.id);
  const home = k.vmHome.get(vm)!;
  // There and back: a VM away from home often goes back.
  let to = home !== from && t.chance(35) ? home : mostly(t, others, from, 95);
  if (!k.hosts.some((h) => h.id === to)) to = from;
  const ev: Json = { op: 'migrate', vm, to };
  if (t.chance(30)) {
    const map: Json = {};
    const aliases = k.devices.get(vm)!.map((d) => d.alias);
    const count = t.int(1, 2);
    const there = hostOf(k, to).fns.map((f) => f.rid);
    for (let i = 0; i < count; i++) {
      const alias = mostly(t, aliases, 'nodev', 95);
      // Often the function of the same name there (hosts are often alike), else any.
      const same = k.devices.get(vm)!.find((d) => d.alias === alias)?.rid;
      map[alias] = same !== undefined && there.includes(same) && t.chance(60) ? same : t.pick(there);
    }
    ev.map = map;
  }
  if (to !== from) k.vmHost.set(vm, to);
  return ev;
}

/** A few events that make one thing likely to happen. */
function story(t: Tape, k: Track): Json[] {
  const r = t.int(0, 99);
  if (r < 15) {
    const ev = hostEvent(t, k, 'host.bind');
    return [ev, { op: 'enqcmd', host: ev.host, process: ev.process, function: ev.function }];
  }
  if (r < 30) {
    // Two host processes on two SWQ functions, the first submitting to the second's:
    // per-RID numbers collide (breach), global ones miss (unmapped).
    const a = hostEvent(t, k, 'host.bind');
    const b = hostEvent(t, k, 'host.bind', hostOf(k, a.host as string));
    return [a, b, { op: 'enqcmd', host: a.host, process: a.process, function: b.function }];
  }
  const vm = t.pick(k.vmIds);
  if (r < 38) return twoParents(t, k, vm);
  if (r < 50) {
    // Fill the destination, then move there.
    const from = k.vmHost.get(vm)!;
    const to = k.hosts.find((h) => h.id !== from);
    if (!to) return [oneEvent(t, k)];
    const fills: Json[] = [];
    const n = t.int(1, 3);
    const parents = to.fns.filter((f) => f.siov);
    for (let i = 0; i < n; i++) {
      const fn = t.pick(parents.length > 0 && t.chance(60) ? parents : to.fns);
      fills.push({ op: 'host.bind', host: to.id, process: HOST_PROCS[i], function: fn.rid });
      k.hostBinds.get(to.id)!.push(`${HOST_PROCS[i]} ${fn.rid}`);
      if (!k.hostProcs.get(to.id)!.includes(HOST_PROCS[i])) k.hostProcs.get(to.id)!.push(HOST_PROCS[i]);
    }
    const moving = vmStory(t, k, vm, true).slice(0, 3);
    return [...fills, ...moving, migrateEvent(t, k, vm)];
  }
  return vmStory(t, k, vm);
}

/**
 * A host process on one SIOV PF, a guest process bound on an ADI of another: its hPASID
 * then meets the host's number on the first PF, where a bind is refused (EBUSY) and a
 * submission without one breaches, under per-RID allocation.
 */
function twoParents(t: Tape, k: Track, vm: string): Json[] {
  const here = hostOf(k, k.vmHost.get(vm)!);
  // The host's process goes on an SWQ PF if one of them has a queue, so that a submission can breach.
  const parents = here.fns.filter((f) => f.siov).sort((a, b) => Number(a.swq) - Number(b.swq));
  if (parents.length < 2) return vmStory(t, k, vm, true);
  const [x, y] = [parents[0], parents[parents.length - 1]];
  const host = { op: 'host.bind', host: here.id, process: t.pick(HOST_PROCS), function: y.rid };
  k.hostBinds.get(here.id)!.push(`${host.process} ${y.rid}`);
  if (!k.hostProcs.get(here.id)!.includes(host.process)) k.hostProcs.get(here.id)!.push(host.process);
  const devices = k.devices.get(vm)!;
  const ax = assignEvent(t, k, vm, true);
  ax.adiOf = devices[devices.length - 1].rid = x.rid;
  const ay = assignEvent(t, k, vm, true);
  ay.adiOf = devices[devices.length - 1].rid = y.rid;
  const dx = (ax.as as string | undefined) ?? x.rid;
  const dy = (ay.as as string | undefined) ?? y.rid;
  const alloc = guestAllocEvent(t, k, vm, t.chance(50));
  delete alloc.pasid;
  const p = alloc.process as string;
  k.guestBinds.get(vm)!.push(`${p} ${dx}`);
  const last = t.chance(50)
    ? { op: 'guest.bind', vm, process: p, device: dy }
    : { op: 'enqcmd', vm, process: p, device: dy };
  return [host, ax, ay, alloc, { op: 'guest.bind', vm, process: p, device: dx }, last];
}

/** Assign, alloc, bind (usually), submit; sometimes a second device for the same process. */
function vmStory(t: Tape, k: Track, vm: string, adi = t.chance(65)): Json[] {
  const a = assignEvent(t, k, vm, adi);
  const alias = (a.as as string | undefined) ?? ((a.adiOf ?? a.function) as string);
  const alloc = guestAllocEvent(t, k, vm, t.chance(60));
  delete alloc.pasid;
  const out: Json[] = [a, alloc];
  if (t.chance(85)) {
    out.push({ op: 'guest.bind', vm, process: alloc.process, device: alias });
    k.guestBinds.get(vm)!.push(`${alloc.process as string} ${alias}`);
  }
  let target = alias;
  if (t.chance(30)) {
    const b = assignEvent(t, k, vm, t.chance(65));
    const second = (b.as as string | undefined) ?? ((b.adiOf ?? b.function) as string);
    out.push(b);
    if (t.chance(60)) {
      out.push({ op: 'guest.bind', vm, process: alloc.process, device: second });
      k.guestBinds.get(vm)!.push(`${alloc.process as string} ${second}`);
    } else target = second;
  }
  out.push({ op: 'enqcmd', vm, process: alloc.process, device: target });
  return out;
}

function oneEvent(t: Tape, k: Track): Json {
  const vm = t.pick(k.vmIds);
  const r = t.int(0, 99);
  if (r < 14) return assignEvent(t, k, vm);
  if (r < 18)
    return {
      op: 'unassign',
      vm,
      device: mostly(
        t,
        k.devices.get(vm)!.map((d) => d.alias),
        'nodev',
      ),
    };
  if (r < 30) return guestAllocEvent(t, k, vm);
  if (r < 42) return guestEvent(t, k, vm, 'guest.bind');
  if (r < 46) return guestEvent(t, k, vm, 'guest.unbind');
  if (r < 49) return guestEvent(t, k, vm, 'guest.free');
  if (r < 59) return hostEvent(t, k, 'host.bind');
  if (r < 63) return hostEvent(t, k, 'host.unbind');
  if (r < 66) return hostEvent(t, k, 'host.exit');
  if (r < 74) return hostEvent(t, k, 'enqcmd');
  if (r < 84)
    return {
      op: 'enqcmd',
      vm,
      process: mostly(t, k.guestProcs.get(vm)!, 'ghost'),
      device: mostly(
        t,
        k.devices.get(vm)!.map((d) => d.alias),
        'nodev',
      ),
    };
  return migrateEvent(t, k, vm);
}

function buildDocument(t: Tape, kind: RefPolicy | undefined): Json {
  const hostCount = t.pick([1, 2, 2, 2, 3, 3]);
  const same = kind ?? (t.chance(65) ? t.pick(KINDS) : undefined);
  const hosts: Json[] = [];
  for (const id of HOST_IDS.slice(0, hostCount))
    hosts.push(buildHost(t, id, same ?? t.pick(KINDS), hosts[0]));
  const k: Track = {
    hosts: hosts.map((h) => ({
      id: h.id as string,
      fns: (h.functions as Json[]).map((f) => ({
        rid: f.rid as string,
        kind: f.kind as 'pf' | 'vf',
        swq: f.swq === true,
        siov: f.siov === true,
      })),
    })),
    vmIds: [],
    vmHost: new Map(),
    vmHome: new Map(),
    devices: new Map(),
    guestProcs: new Map(),
    hostProcs: new Map(HOST_IDS.slice(0, hostCount).map((id) => [id, []])),
    guestBinds: new Map(),
    hostBinds: new Map(HOST_IDS.slice(0, hostCount).map((id) => [id, []])),
  };
  const vms: Json[] = [];
  const vmCount = t.int(1, 3);
  for (let i = 0; i < vmCount; i++) {
    const id = `vm${i + 1}`;
    const host = t.chance(30) ? t.pick(k.hosts).id : 'A';
    const vm: Json = { id, host };
    if (t.chance(75)) vm.viommu = { pasidAlloc: true };
    else if (t.chance(30)) vm.viommu = { pasidAlloc: false };
    vms.push(vm);
    k.vmIds.push(id);
    k.vmHost.set(id, host);
    k.vmHome.set(id, host);
    k.devices.set(id, []);
    k.guestProcs.set(id, []);
    k.guestBinds.set(id, []);
  }
  const total = t.int(5, 40);
  const events: Json[] = [];
  while (events.length < total) events.push(...(t.chance(35) ? story(t, k) : [oneEvent(t, k)]));
  events.length = total;
  if (events.length > 0 && t.chance(10)) events[0].note = 'A caption for the first step.';
  return { format: 'pasidscope/1', title: 'random scenario', hosts, vms, events };
}

/** Valid random documents whose hosts run one policy kind each, mixed sometimes. */
export const scenarioArb: fc.Arbitrary<Record<string, unknown>> = scenarioArbWith(undefined);

/** Valid random documents in which every host declares `kind` (or, without it, as {@link scenarioArb}). */
export function scenarioArbWith(kind: RefPolicy | undefined): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .array(fc.nat(), { minLength: TAPE_LENGTH, maxLength: TAPE_LENGTH })
    .map((xs) => buildDocument(new Tape(xs), kind));
}
