/**
 * A parsed, validated `pasidscope/1` scenario (DOMAIN.md §4) with every default applied,
 * and the two things done with one: pick the pattern that applies to an event, and run it
 * under another policy (`--policy`, §8).
 */
import { policyWithDefaults, type Policy, type PolicyKind } from '../model/policy.ts';
import type { Pattern, ScenarioEvent } from './schema.ts';

export const FORMAT = 'pasidscope/1';
export type { Pattern, ScenarioEvent, Op } from './schema.ts';
export { OPS } from './schema.ts';

/** A function with every default applied and its effective PASID width resolved. */
export interface FunctionSpec {
  rid: string;
  kind: 'pf' | 'vf';
  pf?: string;
  label?: string;
  /** the function's own capability width (a VF's is its PF's) */
  pasidBits: number;
  swq: boolean;
  siov: boolean;
  /** the device model (a VF's is its PF's); absent is compatible with any */
  model?: string;
}

/** An allocation group (`pasidGroups`, used under `local`): Jason Gunthorpe's opt-in global allocation group. */
export interface GroupSpec {
  id: string;
  functions: string[];
}

export interface HostSpec {
  id: string;
  /** as declared, defaults applied (not clamped: the engine reads split ranges clamped, DOMAIN.md §3) */
  policy: Policy;
  iommu: { pasidBits: number; cpuPasidTranslation: boolean };
  functions: FunctionSpec[];
  pasidGroups: GroupSpec[];
}

export interface VmSpec {
  id: string;
  host: string;
  viommu: { pasidAlloc: boolean };
}

export interface Scenario {
  format: typeof FORMAT;
  title: string;
  description: string;
  hosts: HostSpec[];
  vms: VmSpec[];
  events: ScenarioEvent[];
}

/** An expectation: one pattern for every policy, or patterns keyed by policy kind. */
export type Expectation = { all: Pattern } | { byPolicy: Partial<Record<PolicyKind, Pattern>> };

export interface InputProblem {
  /** JSON path, e.g. `events[3].vm` (empty for the document itself) */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: InputProblem[] };

/** The pattern that applies to an event run under `kind`, if any (DOMAIN.md §4). */
export function patternFor(expect: Expectation | undefined, kind: PolicyKind): Pattern | undefined {
  if (!expect) return undefined;
  return 'all' in expect ? expect.all : expect.byPolicy[kind];
}

/**
 * Every host under `kind` (DOMAIN.md §8 `--policy`): a host that declares that kind keeps
 * its parameters, the others get the kind's defaults; groups stay.
 */
export function withPolicy(s: Scenario, kind: PolicyKind | undefined): Scenario {
  if (!kind) return s;
  return {
    ...s,
    hosts: s.hosts.map((h) => (h.policy.kind === kind ? h : { ...h, policy: policyWithDefaults({ kind }) })),
  };
}
