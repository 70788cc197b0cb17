/**
 * A deliberately simple, slow reference implementation of DOMAIN.md §2–§5, written from
 * the contract alone, to test the engine against something that is not the engine.
 *
 * Plain objects and arrays, linear scans, no allocator classes: RID tables, reservations,
 * G and the guest spaces are derived from the processes' bindings on every look-up. Each
 * event runs on a deep copy of the state that is kept only when the event succeeds, so
 * "a failed event changes nothing" (§6) holds by construction. After every successful
 * event the model checks a few of §7's invariants on itself and throws if one breaks:
 * that is a bug in this model, never in the scenario.
 *
 * It imports nothing outside this folder and shares no code with the engine. Test code
 * only (the `.testkit.ts` suffix): Vitest does not run it, the app does not ship it.
 */
import {
  assign,
  guestAlloc,
  guestBind,
  guestFree,
  guestUnbind,
  unassign,
} from './reference-guest-ops.testkit.ts';
import { enqcmd, hostBind, hostExit, hostUnbind, type Ev } from './reference-host-ops.testkit.ts';
import { migrate } from './reference-migrate.testkit.ts';
import { failure, type RefOutcome } from './reference-outcome.testkit.ts';
import { selfCheck } from './reference-self-check.testkit.ts';
import { withFailureNumbers } from './reference-failure-numbers.testkit.ts';
import type { RefFunction, RefHost, RefKind, RefState, World } from './reference-world.testkit.ts';

export type { RefOutcome } from './reference-outcome.testkit.ts';
export type RefPolicy = RefKind;

/** §3 and §4: the split defaults. */
const DEFAULT_LOCAL_END = 4096;
const DEFAULT_SHARED_END = 2 ** 19;

type Op = (w: World, s: RefState, ev: Ev) => RefOutcome;
const OPS: Record<string, Op> = {
  assign,
  unassign,
  'guest.alloc': guestAlloc,
  'guest.bind': guestBind,
  'guest.unbind': guestUnbind,
  'guest.free': guestFree,
  'host.bind': hostBind,
  'host.unbind': hostUnbind,
  'host.exit': hostExit,
  enqcmd,
  migrate,
};

/**
 * Runs a valid `pasidscope/1` document (a plain JSON value) and returns one outcome per
 * event. With `policy`, every host runs that kind (§8): a host that declares it keeps its
 * parameters, the others get its defaults; split bounds are clamped to the IOMMU (§3).
 * Deterministic. Throws on a document that is not even shaped like one (it does not
 * validate: run the parser first), or when the model breaks one of its own invariants
 * (checked after every successful event unless `options.selfCheck` is false, which about
 * halves the time).
 */
export function runReference(
  doc: unknown,
  policy?: RefPolicy,
  options: { selfCheck?: boolean } = {},
): RefOutcome[] {
  const d = doc as { format?: unknown; hosts?: unknown; vms?: unknown; events?: unknown };
  if (
    d === null ||
    typeof d !== 'object' ||
    d.format !== 'pasidscope/1' ||
    !Array.isArray(d.hosts) ||
    !Array.isArray(d.events)
  )
    throw new Error('reference model: not a pasidscope/1 document');
  const world: World = { hosts: d.hosts.map((h) => readHost(h as RawHost, policy)) };
  let state: RefState = {
    hostProcesses: [],
    vms: ((d.vms ?? []) as RawVm[]).map((v) => ({
      id: v.id,
      host: v.host,
      pasidAlloc: v.viommu?.pasidAlloc ?? false,
      translation: false,
      devices: [],
      processes: [],
    })),
  };
  return (d.events as Ev[]).map((ev, i) => {
    if (!Object.prototype.hasOwnProperty.call(OPS, ev.op as string))
      return failure('EINVAL', `unknown op ${String(ev.op)}`);
    const op = OPS[ev.op as string];
    const trial = structuredClone(state);
    const outcome = op(world, trial, ev);
    if (!outcome.ok) return withFailureNumbers(world, state, ev, outcome);
    if (options.selfCheck !== false) selfCheck(world, trial, `event ${i} (${String(ev.op)})`);
    state = trial;
    return outcome;
  });
}

interface RawFunction {
  rid: string;
  kind: 'pf' | 'vf';
  pf?: string;
  pasidBits?: number;
  swq?: boolean;
  siov?: boolean;
  model?: string;
}

interface RawHost {
  id: string;
  policy: { kind: RefKind; localEnd?: number; sharedEnd?: number };
  iommu?: { pasidBits?: number; cpuPasidTranslation?: boolean };
  functions: RawFunction[];
  pasidGroups?: { id: string; functions: string[] }[];
}

interface RawVm {
  id: string;
  host: string;
  viommu?: { pasidAlloc?: boolean };
}

/** §4 defaults, §8 override, §3 clamping. */
function readHost(h: RawHost, policy: RefPolicy | undefined): RefHost {
  const iommuBits = h.iommu?.pasidBits ?? 20;
  const kind = policy ?? h.policy.kind;
  const keeps = kind === h.policy.kind;
  const size = 2 ** iommuBits;
  const functions: RefFunction[] = h.functions.map((f) => {
    const parent = f.kind === 'vf' ? h.functions.find((p) => p.rid === f.pf) : f;
    const bits = parent?.pasidBits ?? 20;
    return {
      rid: f.rid,
      kind: f.kind,
      pf: f.pf,
      bits,
      max: 2 ** Math.min(bits, iommuBits),
      swq: f.swq ?? false,
      siov: f.siov ?? false,
      model: parent?.model,
    };
  });
  return {
    id: h.id,
    kind,
    iommuBits,
    cpuPasidTranslation: h.iommu?.cpuPasidTranslation ?? true,
    localEnd: Math.min((keeps ? h.policy.localEnd : undefined) ?? DEFAULT_LOCAL_END, size),
    sharedEnd: Math.min((keeps ? h.policy.sharedEnd : undefined) ?? DEFAULT_SHARED_END, size),
    functions,
    groups: (h.pasidGroups ?? []).map((g) => [...g.functions]),
  };
}
