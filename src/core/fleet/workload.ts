/**
 * Seeded, deterministic bulk workloads: a fleet of hosts with a mix of PCI
 * functions, VMs with passed-through VFs and Scalable-IOV ADIs, host SVA processes and
 * guest processes that come and go, and live migrations between hosts. The result is an
 * ordinary {@link Scenario} (`pasidscope/1`), so everything that runs a scenario runs a
 * workload: the engine, the timeline, the CLI, an exported file.
 *
 * The generator is open-loop: it never looks at outcomes, so one seed gives one event list
 * that every policy runs, and the four policies are compared on exactly the same input.
 * It keeps its own belief of the world (which processes it started, where it sent each
 * VM) assuming every event succeeds. Where a policy refuses an event the run diverges from
 * that belief, and later events fail the way they would on a real fleet (ENOENT for a
 * process whose allocation failed, EINVAL for a migration "to" the host the VM is still
 * on); fleet-stats.ts counts the latter apart, so success rates are not skewed by it.
 */
import { z } from 'zod';
import { DEFAULT_LOCAL_END, DEFAULT_SHARED_END } from '../model/policy.ts';
import { FORMAT, type FunctionSpec, type HostSpec, type Scenario, type ScenarioEvent, type VmSpec } from '../scenario/index.ts';
import { POLICY_KINDS, type PolicyKind } from '../model/types.ts';
import { FILL_PATTERNS, type FillPattern, type FillSpec } from './fill.ts';
import { Rng } from './rng.ts';

/** The largest workload the tools accept (up to 1M events). */
export const MAX_EVENTS = 1_000_000;

/**
 * The most PASIDs a workload's fill may place under one policy: each is a tenant process
 * with its holder in the engine's maps (~200 bytes), and every policy's run holds one.
 */
export const MAX_FILL = 1 << 22;

const share = z.number().min(0).max(1);
const weight = z.number().min(0).max(1000);
const int = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * The knobs of a workload, validated at every edge (CLI options, the Workload panel, an
 * imported parameter file). Every field has a default, so `{ seed: 1 }` is a workload.
 */
export const workloadParamsSchema = z
  .strictObject({
    /** the seed: same seed and knobs, same events, on every machine */
    seed: int(0, 0xffffffff),
    /** number of events generated (setup included) */
    events: int(1, MAX_EVENTS).default(100_000),
    /** hosts in the fleet */
    hosts: int(1, 1024).default(4),
    /** physical functions per host */
    pfs: int(1, 64).default(4),
    /** share of each host's PFs that are Scalable-IOV parents (ADIs) */
    siov: share.default(0.5),
    /** share of each host's PFs with a shared work queue (ENQCMD); SIOV PFs get one first */
    swq: share.default(0.5),
    /** VFs on each PF that is not a SIOV parent (a VF has its PF's width and WQ) */
    vfsPerPf: int(0, 255).default(8),
    /** PASID widths the PFs draw from, uniformly (e.g. [20, 16, 8]) */
    widths: z.array(int(1, 20)).min(1).max(16).default([20]),
    /** the IOMMU's PASID width on every host */
    iommuBits: int(1, 20).default(20),
    /** VMs started on each host */
    vmsPerHost: int(0, 256).default(4),
    /** passed-through VFs per VM, when the host has free ones */
    vfsPerVm: int(0, 8).default(1),
    /** ADIs per VM, on the host's SIOV PFs in turn */
    adisPerVm: int(0, 8).default(1),
    /** share of VMs whose vIOMMU offers PASID allocation (needed by `global` and by split's shared PASIDs) */
    pasidAlloc: share.default(1),
    /** live host SVA processes per host the churn hovers around */
    hostProcs: int(0, 1 << 20).default(16),
    /** live guest processes per VM the churn hovers around */
    guestProcs: int(0, 1 << 20).default(4),
    /** relative weight of host-process churn steps (start or exit a host SVA process) */
    hostChurn: weight.default(0.4),
    /** relative weight of guest-process churn steps (start: alloc + binds; or free) */
    guestChurn: weight.default(0.55),
    /** relative weight of live-migration steps */
    migrate: weight.default(0.05),
    /** share of process starts on a shared-WQ device that also submit an ENQCMD */
    enqcmd: share.default(0.25),
    /** fill level of the filled hosts' spaces before the first event (fill.ts) */
    fill: share.default(0),
    /** fill pattern */
    fillPattern: z.enum(FILL_PATTERNS).default('random'),
    /** how many hosts are filled, from the first (default: all) */
    fillHosts: int(0, 1024).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.hostChurn + p.guestChurn + p.migrate <= 0)
      ctx.addIssue({ code: 'custom', path: ['migrate'], message: 'hostChurn, guestChurn and migrate cannot all be 0' });
    if (p.fillHosts !== undefined && p.fillHosts > p.hosts)
      ctx.addIssue({ code: 'custom', path: ['fillHosts'], message: `fillHosts (${p.fillHosts}) exceeds hosts (${p.hosts})` });
    const functions = p.hosts * p.pfs * (1 + p.vfsPerPf);
    if (functions > 1 << 18)
      ctx.addIssue({ code: 'custom', path: ['hosts'], message: `the fleet would have ${functions} PCI functions; at most ${1 << 18}` });
    const filled = p.fill > 0 ? (p.fillHosts ?? p.hosts) : 0;
    if (filled > 0) {
      // What one host's fill places, at most: G's whole range, or under local each
      // accelerator PF's table (fill.ts); the widest PF bounds both.
      const perSpace = 2 ** Math.min(p.iommuBits, Math.max(...p.widths));
      const accelerators = Math.max(Math.round(p.pfs * p.siov), Math.round(p.pfs * p.swq)) || p.pfs;
      const volume = Math.round(filled * p.fill * perSpace * accelerators);
      if (volume > MAX_FILL)
        ctx.addIssue({
          code: 'custom',
          path: ['fill'],
          message: `filling ${filled} host${filled === 1 ? '' : 's'} to ${Math.round(p.fill * 100)}% places up to ${volume} PASIDs; at most ${MAX_FILL} (fill fewer hosts or to a lower level)`,
        });
    }
    if (p.hosts * p.vmsPerHost > 1 << 16)
      ctx.addIssue({ code: 'custom', path: ['vmsPerHost'], message: `the fleet would have ${p.hosts * p.vmsPerHost} VMs; at most ${1 << 16}` });
  });

export type WorkloadParams = z.output<typeof workloadParamsSchema>;
export type WorkloadInput = z.input<typeof workloadParamsSchema>;

/** The defaults, for forms and help texts. */
export const WORKLOAD_DEFAULTS: WorkloadParams = workloadParamsSchema.parse({ seed: 1 });

/** A generated workload: the scenario, and the fill to set up before its first event. */
export interface Workload {
  params: WorkloadParams;
  scenario: Scenario;
  fills: FillSpec[];
}

/** Host id of host `i`: h0, h1, … */
export const hostId = (i: number) => `h${i}`;

/** RID of PF `j`: a bus per PF, as on a typical server (0000:10:00.0, 0000:11:00.0, …). */
function pfRid(j: number): string {
  return `0000:${(0x10 + j).toString(16).padStart(2, '0')}:00.0`;
}

/** RID of VF `k` of PF `j` (ARI-style: device 0 holds the PF, VFs from 00.1 on). */
function vfRid(j: number, k: number): string {
  const fnNo = k + 1;
  const dev = fnNo >> 3;
  return `0000:${(0x10 + j).toString(16).padStart(2, '0')}:${dev.toString(16).padStart(2, '0')}.${fnNo & 7}`;
}

interface PfPlan {
  rid: string;
  siov: boolean;
  swq: boolean;
  bits: number;
  vfs: string[];
}

/** The functions of every host: the same layout on every host (a fleet of one server model). */
function topology(p: WorkloadParams, rng: Rng): PfPlan[] {
  const nSiov = Math.round(p.pfs * p.siov);
  const nSwq = Math.round(p.pfs * p.swq);
  const out: PfPlan[] = [];
  for (let j = 0; j < p.pfs; j++) {
    const siov = j < nSiov;
    // SIOV parents get the shared WQs first (a DSA/IAX-like accelerator), then the others.
    const swq = j < nSwq;
    const vfs = siov ? [] : Array.from({ length: p.vfsPerPf }, (_, k) => vfRid(j, k));
    out.push({ rid: pfRid(j), siov, swq, bits: rng.pick(p.widths), vfs });
  }
  return out;
}

interface VmBelief {
  id: string;
  host: number;
  devices: { alias: string; swq: boolean; adi: boolean }[];
  procs: string[];
}

/**
 * Generate the workload of `input` (validated; throws a ZodError on bad input, so parse
 * at the edge with {@link workloadParamsSchema} first to report problems by path).
 * Deterministic: the same input gives an identical scenario.
 */
export function generateWorkload(input: WorkloadInput): Workload {
  const p = workloadParamsSchema.parse(input);
  const rng = Rng.derive(p.seed, 'workload');
  const pfs = topology(p, Rng.derive(p.seed, 'topology'));
  const pfSpecs: FunctionSpec[] = [];
  for (const pf of pfs) {
    pfSpecs.push({
      rid: pf.rid,
      kind: 'pf',
      pasidBits: pf.bits,
      swq: pf.swq,
      siov: pf.siov,
      label: pf.siov ? `${pf.swq ? 'SWQ ' : ''}SIOV PF` : `${pf.swq ? 'SWQ ' : ''}PF`,
    });
    for (const vf of pf.vfs) pfSpecs.push({ rid: vf, kind: 'vf', pf: pf.rid, pasidBits: pf.bits, swq: pf.swq, siov: false });
  }
  // Hosts declare split with its bounds clipped to the IOMMU width; every run overrides the
  // kind (withPolicy keeps these parameters for split and ignores them for the others).
  const top = 2 ** p.iommuBits;
  const localEnd = Math.max(2, Math.min(DEFAULT_LOCAL_END, top >> 1));
  const policy = { kind: 'split' as const, localEnd, sharedEnd: Math.max(localEnd + 1, Math.min(DEFAULT_SHARED_END, top)) };
  const hosts: HostSpec[] = Array.from({ length: p.hosts }, (_, i) => ({
    id: hostId(i),
    policy,
    iommu: { pasidBits: p.iommuBits, cpuPasidTranslation: true },
    functions: pfSpecs,
    pasidGroups: [],
  }));

  const vmRng = Rng.derive(p.seed, 'vms');
  const vms: VmSpec[] = [];
  const beliefs: VmBelief[] = [];
  for (let i = 0; i < p.hosts; i++)
    for (let j = 0; j < p.vmsPerHost; j++) {
      const id = `vm${vms.length}`;
      vms.push({ id, host: hostId(i), viommu: { pasidAlloc: vmRng.chance(p.pasidAlloc) } });
      beliefs.push({ id, host: i, devices: [], procs: [] });
    }

  const events: ScenarioEvent[] = [];
  const budget = p.events;
  const emit = (e: ScenarioEvent): boolean => {
    if (events.length >= budget) return false;
    events.push(e);
    return true;
  };

  // 1. Setup: each VM gets its VFs (the first free ones of its host) and its ADIs (the
  // host's SIOV PFs in turn).
  const freeVfs = Array.from({ length: p.hosts }, () => pfs.flatMap((pf) => pf.vfs.map((rid) => ({ rid, swq: pf.swq }))));
  const siovPfs = pfs.filter((pf) => pf.siov);
  const adiTurn = new Array<number>(p.hosts).fill(0);
  for (const vm of beliefs) {
    for (let k = 0; k < p.vfsPerVm; k++) {
      const vf = freeVfs[vm.host].shift();
      if (!vf) break;
      const alias = `vf${k}`;
      if (!emit({ op: 'assign', vm: vm.id, function: vf.rid, as: alias })) break;
      vm.devices.push({ alias, swq: vf.swq, adi: false });
    }
    for (let k = 0; k < p.adisPerVm && siovPfs.length > 0; k++) {
      const pf = siovPfs[adiTurn[vm.host]++ % siovPfs.length];
      const alias = `adi${k}`;
      if (!emit({ op: 'assign', vm: vm.id, adiOf: pf.rid, as: alias })) break;
      vm.devices.push({ alias, swq: pf.swq, adi: true });
    }
  }

  // 2. Churn until the budget is spent.
  const hostProcs: string[][] = Array.from({ length: p.hosts }, () => []);
  let nextHostProc = 0;
  let nextGuestProc = 0;
  const total = p.hostChurn + p.guestChurn + p.migrate;
  const wantHost = p.hostChurn / total;
  const wantGuest = wantHost + p.guestChurn / total;
  /** Start while below the target population, exit above it; equal odds at the target. */
  const starts = (live: number, target: number) => target > 0 && rng.float() < target / (target + live);
  const removeAt = (xs: string[], i: number) => {
    const x = xs[i];
    xs[i] = xs[xs.length - 1];
    xs.pop();
    return x;
  };

  let idle = 0;
  while (events.length < budget) {
    const before = events.length;
    const r = rng.float();
    if (r < wantHost) {
      const h = rng.below(p.hosts);
      const live = hostProcs[h];
      if (starts(live.length, p.hostProcs)) {
        const name = `s${nextHostProc++}`;
        const first = rng.below(pfs.length);
        emit({ op: 'host.bind', host: hostId(h), process: name, function: pfs[first].rid });
        if (pfs.length > 1 && rng.chance(0.25)) {
          const second = (first + 1 + rng.below(pfs.length - 1)) % pfs.length;
          emit({ op: 'host.bind', host: hostId(h), process: name, function: pfs[second].rid });
        }
        if (pfs[first].swq && rng.chance(p.enqcmd)) emit({ op: 'enqcmd', host: hostId(h), process: name, function: pfs[first].rid });
        live.push(name);
      } else if (live.length > 0) {
        emit({ op: 'host.exit', host: hostId(h), process: removeAt(live, rng.below(live.length)) });
      }
    } else if (r < wantGuest) {
      if (beliefs.length > 0) {
        const vm = rng.pick(beliefs);
        if (starts(vm.procs.length, p.guestProcs)) {
          const name = `p${nextGuestProc++}`;
          const chosen = vm.devices.filter(() => rng.chance(0.5));
          if (chosen.length === 0 && vm.devices.length > 0) chosen.push(rng.pick(vm.devices));
          // A process that binds an ADI needs a translated PASID: `shared` (DOMAIN.md §3).
          const shared = chosen.some((d) => d.adi);
          emit(shared ? { op: 'guest.alloc', vm: vm.id, process: name, kind: 'shared' } : { op: 'guest.alloc', vm: vm.id, process: name });
          for (const d of chosen) emit({ op: 'guest.bind', vm: vm.id, process: name, device: d.alias });
          const wq = chosen.filter((d) => d.swq);
          if (wq.length > 0 && rng.chance(p.enqcmd)) emit({ op: 'enqcmd', vm: vm.id, process: name, device: rng.pick(wq).alias });
          vm.procs.push(name);
        } else if (vm.procs.length > 0) {
          emit({ op: 'guest.free', vm: vm.id, process: removeAt(vm.procs, rng.below(vm.procs.length)) });
        }
      }
    } else if (p.hosts > 1 && beliefs.length > 0) {
      const vm = rng.pick(beliefs);
      const to = (vm.host + 1 + rng.below(p.hosts - 1)) % p.hosts;
      emit({ op: 'migrate', vm: vm.id, to: hostId(to) });
      vm.host = to;
    }
    // A fleet whose knobs allow no event at all (no VMs, no targets) must not spin forever.
    idle = events.length === before ? idle + 1 : 0;
    if (idle > 10_000) break;
  }

  const fillHosts = p.fill > 0 ? (p.fillHosts ?? p.hosts) : 0;
  const fills: FillSpec[] = Array.from({ length: fillHosts }, (_, i) => ({
    host: hostId(i),
    level: p.fill,
    pattern: p.fillPattern as FillPattern,
    seed: (p.seed + i) >>> 0,
  }));

  const scenario: Scenario = {
    format: FORMAT,
    title: `Workload seed ${p.seed}: ${p.hosts} host${p.hosts === 1 ? '' : 's'}, ${vms.length} VMs, ${events.length} events`,
    description: describeWorkload(p),
    hosts,
    vms,
    events,
  };
  return { params: p, scenario, fills };
}

/**
 * The workload as a `pasidscope/1` file (defaults applied, so the file says everything;
 * a VF carries no width of its own, DOMAIN.md §4). Loads back into the same scenario.
 */
export function scenarioFile(s: Scenario): object {
  return {
    format: s.format,
    title: s.title,
    description: s.description,
    hosts: s.hosts.map((h) => ({
      id: h.id,
      policy: h.policy.kind === 'split' ? { ...h.policy } : { kind: h.policy.kind },
      iommu: { ...h.iommu },
      functions: h.functions.map((f) =>
        f.kind === 'vf'
          ? { rid: f.rid, kind: f.kind, pf: f.pf, swq: f.swq, ...(f.label !== undefined ? { label: f.label } : {}) }
          : { rid: f.rid, kind: f.kind, pasidBits: f.pasidBits, swq: f.swq, siov: f.siov, ...(f.label !== undefined ? { label: f.label } : {}) },
      ),
    })),
    vms: s.vms.map((v) => ({ id: v.id, host: v.host, viommu: { ...v.viommu } })),
    events: s.events,
  };
}

/** One line per knob group, for the scenario description and the CLI header. */
export function describeWorkload(p: WorkloadParams): string {
  const fill =
    p.fill > 0
      ? `; ${p.fillHosts ?? p.hosts} host${(p.fillHosts ?? p.hosts) === 1 ? '' : 's'} filled to ${Math.round(p.fill * 100)}% (${p.fillPattern})`
      : '';
  return (
    `Seed ${p.seed}. ${p.hosts} hosts × ${p.pfs} PFs (${Math.round(p.siov * 100)}% SIOV, ${Math.round(p.swq * 100)}% SWQ, ` +
    `${p.vfsPerPf} VFs per non-SIOV PF, widths ${p.widths.join('/')}, IOMMU ${p.iommuBits} bits); ` +
    `${p.vmsPerHost} VMs per host with ${p.vfsPerVm} VF + ${p.adisPerVm} ADI; ` +
    `churn host ${p.hostChurn} / guest ${p.guestChurn} / migrate ${p.migrate} toward ${p.hostProcs} host and ${p.guestProcs} guest processes${fill}.`
  );
}

/** A PolicyKind check for callers holding a string. */
export function isPolicyKind(s: string): s is PolicyKind {
  return (POLICY_KINDS as readonly string[]).includes(s);
}
