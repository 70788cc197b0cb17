/**
 * The scenario format `pasidscope/1` (DOMAIN.md §4): zod schema, defaults, and the
 * cross-reference checks. Bad input is rejected before anything runs, with every
 * problem named by its JSON path (DOMAIN.md §6, DESIGN.md convention 11).
 */
import { z } from 'zod';
import { POLICY_KINDS, ERROR_CODES, type Policy, type PolicyKind } from '../model/types.ts';

export const FORMAT = 'pasidscope/1';
export const DEFAULT_LOCAL_END = 4096;
export const DEFAULT_SHARED_END = 1 << 19;

const pasidNum = z.number().int().min(0).max((1 << 20) - 1);
const bits = z.number().int().min(1).max(20);
const name = z.string().min(1);

const policySchema = z.strictObject({
  kind: z.enum(POLICY_KINDS),
  localEnd: z.number().int().min(1).max(1 << 20).optional(),
  sharedEnd: z.number().int().min(1).max(1 << 20).optional(),
});

const functionSchema = z.strictObject({
  rid: name,
  kind: z.enum(['pf', 'vf']),
  pf: name.optional(),
  pasidBits: bits.optional(),
  swq: z.boolean().optional(),
  siov: z.boolean().optional(),
  label: z.string().optional(),
});

const hostSchema = z.strictObject({
  id: name,
  policy: policySchema,
  iommu: z
    .strictObject({ pasidBits: bits.optional(), cpuPasidTranslation: z.boolean().optional() })
    .optional(),
  functions: z.array(z.unknown()),
});

const vmSchema = z.strictObject({
  id: name,
  host: name,
  viommu: z.strictObject({ pasidAlloc: z.boolean().optional() }).optional(),
});

const patternSchema = z.strictObject({
  ok: z.boolean().optional(),
  code: z.enum(ERROR_CODES).optional(),
  pasid: pasidNum.optional(),
  hpasid: pasidNum.optional(),
  wire: pasidNum.optional(),
});
export type Pattern = z.infer<typeof patternSchema>;

const keyedExpectSchema = z.strictObject({
  global: patternSchema.optional(),
  local: patternSchema.optional(),
  split: patternSchema.optional(),
  linux: patternSchema.optional(),
});

/** A pattern, or patterns keyed by policy kind: told apart by their keys. */
const expectSchema = z.custom<unknown>().transform((v, ctx) => {
  const keyed =
    typeof v === 'object' && v !== null && Object.keys(v).some((k) => (POLICY_KINDS as readonly string[]).includes(k));
  const r = (keyed ? keyedExpectSchema : patternSchema).safeParse(v);
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: describeIssue(issue, v, issue.path), path: issue.path });
    return z.NEVER;
  }
  return keyed ? { byPolicy: r.data as Partial<Record<PolicyKind, Pattern>> } : { all: r.data as Pattern };
});
export type Expectation = { all: Pattern } | { byPolicy: Partial<Record<PolicyKind, Pattern>> };

const common = { note: z.string().optional(), expect: expectSchema.optional() };

const eventSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('assign'), vm: name, function: name.optional(), adiOf: name.optional(), as: name.optional(), ...common }),
  z.strictObject({ op: z.literal('unassign'), vm: name, device: name, ...common }),
  z.strictObject({
    op: z.literal('guest.alloc'),
    vm: name,
    process: name,
    kind: z.enum(['local', 'shared']).optional(),
    pasid: pasidNum.optional(),
    ...common,
  }),
  z.strictObject({ op: z.literal('guest.bind'), vm: name, process: name, device: name, ...common }),
  z.strictObject({ op: z.literal('guest.unbind'), vm: name, process: name, device: name, ...common }),
  z.strictObject({ op: z.literal('guest.free'), vm: name, process: name, ...common }),
  z.strictObject({ op: z.literal('host.bind'), host: name, process: name, function: name, ...common }),
  z.strictObject({ op: z.literal('host.unbind'), host: name, process: name, function: name, ...common }),
  z.strictObject({ op: z.literal('host.exit'), host: name, process: name, ...common }),
  z.strictObject({
    op: z.literal('enqcmd'),
    vm: name.optional(),
    host: name.optional(),
    process: name,
    device: name.optional(),
    function: name.optional(),
    ...common,
  }),
  z.strictObject({ op: z.literal('migrate'), vm: name, to: name, map: z.record(z.string(), name).optional(), ...common }),
]);

interface RawScenario {
  title?: string;
  description?: string;
  /** a host's own fields (null when they failed) and its functions, checked one by one */
  hosts: { head: z.infer<typeof hostSchema> | null; id?: string; functions: (z.infer<typeof functionSchema> | null)[] }[];
  vms: (z.infer<typeof vmSchema> | null)[];
  events: (ScenarioEvent | null)[];
}
export type ScenarioEvent = z.infer<typeof eventSchema>;
export type Op = ScenarioEvent['op'];
export const OPS: readonly Op[] = [
  'assign',
  'unassign',
  'guest.alloc',
  'guest.bind',
  'guest.unbind',
  'guest.free',
  'host.bind',
  'host.unbind',
  'host.exit',
  'enqcmd',
  'migrate',
];

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
}

export interface HostSpec {
  id: string;
  policy: Policy;
  iommu: { pasidBits: number; cpuPasidTranslation: boolean };
  functions: FunctionSpec[];
}

export interface VmSpec {
  id: string;
  host: string;
  viommu: { pasidAlloc: boolean };
}

/** A parsed, validated scenario with defaults applied. */
export interface Scenario {
  format: typeof FORMAT;
  title: string;
  description: string;
  hosts: HostSpec[];
  vms: VmSpec[];
  events: ScenarioEvent[];
}

export interface InputProblem {
  /** JSON path, e.g. `events[3].vm` (empty for the document itself) */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: InputProblem[] };

/** `['events', 3, 'vm']` → `events[3].vm` */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** A policy with its defaults filled in. */
export function policyWithDefaults(p: { kind: PolicyKind; localEnd?: number; sharedEnd?: number }): Policy {
  return { kind: p.kind, localEnd: p.localEnd ?? DEFAULT_LOCAL_END, sharedEnd: p.sharedEnd ?? DEFAULT_SHARED_END };
}

/** Parse scenario text (JSON). Never throws. */
export function parseScenarioText(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ path: '', message: `not JSON: ${(e as Error).message}` }] };
  }
  return parseScenario(value);
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown, path: readonly PropertyKey[]): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union' && path.at(-1) === 'op') {
    const op = valueAt(input, path);
    return op === undefined ? 'missing "op"' : `unknown op ${JSON.stringify(op)} (one of ${OPS.join(', ')})`;
  }
  if (issue.code === 'invalid_value' && issue.values.length > 1)
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(valueAt(input, issue.path))}`;
  if (issue.code === 'invalid_value' && issue.path.at(-1) === 'format') {
    return `format must be "${FORMAT}", got ${JSON.stringify(valueAt(input, issue.path))}`;
  }
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return `required ${issue.expected} is missing`;
  return issue.message;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as string];
  }
  return v;
}

const topSchema = z.strictObject({
  format: z.literal(FORMAT),
  title: z.string().optional(),
  description: z.string().optional(),
  hosts: z.array(z.unknown()).min(1),
  vms: z.array(z.unknown()).optional(),
  events: z.array(z.unknown()),
});

/**
 * Validate a scenario object: the document, then each host, VM and event on its own (so
 * one bad element does not hide the problems of the others), then every reference.
 * Never throws.
 */
export function parseScenario(input: unknown): ParseResult {
  const problems: InputProblem[] = [];
  const report = (base: PropertyKey[], issues: readonly z.core.$ZodIssue[], root: unknown) => {
    for (const i of issues) {
      // zod reports an unknown discriminator at the union's path; point at `.op`.
      const path = i.code === 'invalid_union' && i.path.at(-1) !== 'op' && base[0] === 'events' ? [...i.path, 'op'] : i.path;
      problems.push({ path: jsonPath([...base, ...path]), message: describeIssue(i, root, path) });
    }
  };
  const top = topSchema.safeParse(input);
  if (!top.success) report([], top.error.issues, input);
  const obj = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const arr = (k: string) => (Array.isArray(obj[k]) ? (obj[k] as unknown[]) : []);
  const each = <T>(key: string, schema: z.ZodType<T>) =>
    arr(key).map((el, i) => {
      const r = schema.safeParse(el);
      if (r.success) return r.data;
      report([key, i], r.error.issues, el);
      return null;
    });
  const hosts = each('hosts', hostSchema).map((head, i) => {
    const raw = arr('hosts')[i] as { id?: unknown; functions?: unknown } | null;
    const fns = raw && Array.isArray(raw.functions) ? raw.functions : [];
    return {
      head,
      ...(typeof raw?.id === 'string' ? { id: raw.id } : {}),
      functions: fns.map((f, j) => {
        const r = functionSchema.safeParse(f);
        if (r.success) return r.data;
        report(['hosts', i, 'functions', j], r.error.issues, f);
        return null;
      }),
    };
  });
  const vms = each('vms', vmSchema);
  const events = each('events', eventSchema);
  // Names declared by elements that failed their own checks still count as declared, so
  // their references do not add spurious "unknown" problems.
  const declared = {
    hosts: new Set(arr('hosts').map((h) => (h as { id?: unknown })?.id).filter((x): x is string => typeof x === 'string')),
    vms: new Set(arr('vms').map((v) => (v as { id?: unknown })?.id).filter((x): x is string => typeof x === 'string')),
  };
  const scenario = resolve(
    {
      title: typeof obj.title === 'string' ? obj.title : undefined,
      description: typeof obj.description === 'string' ? obj.description : undefined,
      hosts,
      vms,
      events,
    },
    declared,
    problems,
  );
  return problems.length ? { ok: false, problems: dedupe(problems) } : { ok: true, scenario };
}

function dedupe(ps: InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = p.path + '\u0000' + p.message;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function resolve(
  raw: RawScenario,
  declared: { hosts: Set<string>; vms: Set<string> },
  problems: InputProblem[],
): Scenario {
  const add = (path: string, message: string) => problems.push({ path, message });
  const hostIds = new Map<string, number>();
  const allRids = new Set<string>();
  const ridsByHost = new Map<string, Map<string, FunctionSpec>>();
  const hosts: HostSpec[] = [];
  raw.hosts.forEach(({ head: h, functions: rawFunctions, id: rawId }, hi) => {
    const hostId = h?.id ?? rawId ?? `#${hi}`;
    const byRid = new Map<string, FunctionSpec>();
    const valid = rawFunctions.filter((f): f is NonNullable<typeof f> => f !== null);
    const rawByRid = new Map(valid.map((f) => [f.rid, f]));
    const functions: FunctionSpec[] = [];
    rawFunctions.forEach((f, fi) => {
      if (!f) return;
      const at = `hosts[${hi}].functions[${fi}]`;
      if (byRid.has(f.rid)) add(`${at}.rid`, `duplicate RID "${f.rid}" on host "${hostId}"`);
      let pasidBits = f.pasidBits ?? 20;
      if (f.kind === 'vf') {
        if (f.pasidBits !== undefined) add(`${at}.pasidBits`, `a VF has no PASID capability of its own: it uses its PF's width`);
        if (f.siov) add(`${at}.siov`, `a VF cannot be a Scalable-IOV parent`);
        if (f.pf === undefined) add(`${at}.pf`, `a VF needs "pf", the RID of its PF`);
        else {
          const pf = rawByRid.get(f.pf);
          if (!pf) add(`${at}.pf`, `unknown PF "${f.pf}" on host "${hostId}"`);
          else if (pf.kind !== 'pf') add(`${at}.pf`, `"${f.pf}" is a VF, not a PF`);
          else pasidBits = pf.pasidBits ?? 20;
        }
      } else if (f.pf !== undefined) add(`${at}.pf`, `only a VF names a PF`);
      const spec: FunctionSpec = {
        rid: f.rid,
        kind: f.kind,
        ...(f.pf !== undefined ? { pf: f.pf } : {}),
        ...(f.label !== undefined ? { label: f.label } : {}),
        pasidBits,
        swq: f.swq ?? false,
        siov: f.siov ?? false,
      };
      byRid.set(f.rid, spec);
      allRids.add(f.rid);
      functions.push(spec);
    });
    if (!h) return;
    if (hostIds.has(h.id)) add(`hosts[${hi}].id`, `duplicate host id "${h.id}"`);
    hostIds.set(h.id, hi);
    const iommuBits = h.iommu?.pasidBits ?? 20;
    const policy = policyWithDefaults(h.policy);
    if (policy.kind === 'split') {
      if (policy.localEnd >= policy.sharedEnd)
        add(`hosts[${hi}].policy`, `localEnd (${policy.localEnd}) must be below sharedEnd (${policy.sharedEnd})`);
      if (policy.sharedEnd > 2 ** iommuBits)
        add(`hosts[${hi}].policy.sharedEnd`, `sharedEnd (${policy.sharedEnd}) exceeds the IOMMU's 2^${iommuBits} PASIDs`);
    } else {
      if (h.policy.localEnd !== undefined) add(`hosts[${hi}].policy.localEnd`, `localEnd applies to the split policy only`);
      if (h.policy.sharedEnd !== undefined) add(`hosts[${hi}].policy.sharedEnd`, `sharedEnd applies to the split policy only`);
    }
    ridsByHost.set(h.id, byRid);
    hosts.push({
      id: h.id,
      policy,
      iommu: { pasidBits: iommuBits, cpuPasidTranslation: h.iommu?.cpuPasidTranslation ?? true },
      functions,
    });
  });

  const vmIds = new Set<string>();
  const vms: VmSpec[] = [];
  raw.vms.forEach((v, vi) => {
    if (!v) return;
    if (vmIds.has(v.id)) add(`vms[${vi}].id`, `duplicate VM id "${v.id}"`);
    vmIds.add(v.id);
    if (!declared.hosts.has(v.host)) add(`vms[${vi}].host`, `unknown host "${v.host}"`);
    vms.push({ id: v.id, host: v.host, viommu: { pasidAlloc: v.viommu?.pasidAlloc ?? false } });
  });

  const complete = new Set(raw.hosts.filter((h) => h.head && h.functions.every((f) => f !== null)).map((h) => h.head!.id));
  const events: ScenarioEvent[] = [];
  raw.events.forEach((e, ei) => {
    if (!e) return;
    events.push(e);
    const at = `events[${ei}]`;
    const needVm = (vm: string | undefined) => {
      if (vm !== undefined && !declared.vms.has(vm)) add(`${at}.vm`, `unknown VM "${vm}"`);
    };
    const needHost = (host: string | undefined, field = 'host') => {
      if (host !== undefined && !declared.hosts.has(host)) add(`${at}.${field}`, `unknown host "${host}"`);
    };
    // Function references are checked against hosts that parsed; a host that failed its
    // own checks has already been reported.
    const needRidOn = (host: string, rid: string, field: string) => {
      if (ridsByHost.has(host) && complete.has(host) && !ridsByHost.get(host)!.has(rid)) add(`${at}.${field}`, `unknown function "${rid}" on host "${host}"`);
    };
    const needRidAnywhere = (rid: string, field: string) => {
      if (raw.hosts.every((h) => h.head !== null && h.functions.every((f) => f !== null)) && !allRids.has(rid)) add(`${at}.${field}`, `unknown function "${rid}"`);
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
        for (const [alias, rid] of Object.entries(e.map ?? {})) needRidOn(e.to, rid, `map.${alias}`);
        break;
    }
  });

  return {
    format: FORMAT,
    title: raw.title ?? 'Untitled scenario',
    description: raw.description ?? '',
    hosts,
    vms,
    events,
  };
}

/** The pattern that applies to an event run under `kind`, if any. */
export function patternFor(expect: Expectation | undefined, kind: PolicyKind): Pattern | undefined {
  if (!expect) return undefined;
  return 'all' in expect ? expect.all : expect.byPolicy[kind];
}

/**
 * Override every host's policy (DOMAIN.md §8 `--policy`): a host that declares the same
 * kind keeps its parameters, the others get that kind's defaults.
 */
export function withPolicy(s: Scenario, kind: PolicyKind | undefined): Scenario {
  if (!kind) return s;
  return {
    ...s,
    hosts: s.hosts.map((h) => (h.policy.kind === kind ? h : { ...h, policy: policyWithDefaults({ kind }) })),
  };
}
