/**
 * The zod schemas of `pasidscope/1` (DOMAIN.md §4), element by element. Cross-references
 * (which RID, host or VM a field names) are checked afterwards, in resolve.ts.
 */
import { z } from 'zod';
import { ERROR_CODES, FAULT_KINDS } from '../model/error-code.ts';
import { POLICY_KINDS, type PolicyKind } from '../model/policy.ts';
import { describeValue } from './json-path.ts';
import { LIMITS } from './limits.ts';

/** The longest name (id, RID, alias, process, model) and the longest free text (title, note, label): docs/limits.md. */
export const MAX_NAME = LIMITS.name;
export const MAX_TEXT = LIMITS.text;

const pasidNum = z.number().int().min(0).max((1 << 20) - 1);
const bits = z.number().int().min(1).max(20);
export const nameSchema = z.string().min(1).max(MAX_NAME);
const text = z.string().max(MAX_TEXT);

export const policySchema = z.strictObject({
  kind: z.enum(POLICY_KINDS),
  localEnd: z.number().int().min(1).max(1 << 20).optional(),
  sharedEnd: z.number().int().min(1).max(1 << 20).optional(),
});

export const functionSchema = z.strictObject({
  rid: nameSchema,
  kind: z.enum(['pf', 'vf']),
  pf: nameSchema.optional(),
  pasidBits: bits.optional(),
  swq: z.boolean().optional(),
  siov: z.boolean().optional(),
  model: nameSchema.optional(),
  label: text.optional(),
});

export const groupSchema = z.strictObject({
  id: nameSchema,
  functions: z.array(nameSchema).min(1),
});

export const hostSchema = z.strictObject({
  id: nameSchema,
  policy: policySchema,
  iommu: z.strictObject({ pasidBits: bits.optional(), cpuPasidTranslation: z.boolean().optional() }).optional(),
  functions: z.array(z.unknown()),
  pasidGroups: z.array(z.unknown()).optional(),
});

export const vmSchema = z.strictObject({
  id: nameSchema,
  host: nameSchema,
  viommu: z.strictObject({ pasidAlloc: z.boolean().optional() }).optional(),
});

export const patternSchema = z.strictObject({
  ok: z.boolean().optional(),
  code: z.enum(ERROR_CODES).optional(),
  pasid: pasidNum.optional(),
  hpasid: pasidNum.optional(),
  wire: pasidNum.optional(),
  fault: z.enum(FAULT_KINDS).optional(),
});
export type Pattern = z.infer<typeof patternSchema>;
export const PATTERN_FIELDS = ['ok', 'code', 'pasid', 'hpasid', 'wire', 'fault'] as const;

const ownKeys = (v: unknown): string[] => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v) : []);
const isPolicyKey = (k: string) => (POLICY_KINDS as readonly string[]).includes(k);

/**
 * A pattern, or patterns keyed by policy kind, told apart by their keys. Mixing the two
 * or giving an empty pattern is an input error (DOMAIN.md §4): it would check nothing.
 */
const expectSchema = z.custom<unknown>().transform((v, ctx) => {
  const keys = ownKeys(v);
  const keyed = keys.some(isPolicyKey);
  if (keyed && keys.some((k) => !isPolicyKey(k))) {
    ctx.addIssue({ code: 'custom', message: `mixes pattern fields and policy kinds (${keys.map((k) => JSON.stringify(k)).join(', ')}): use one or the other` });
    return z.NEVER;
  }
  const check = (value: unknown, path: PropertyKey[]): Pattern | null => {
    const r = patternSchema.safeParse(value);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue({ ...issueForCtx(issue), path: [...path, ...issue.path] });
      return null;
    }
    if (Object.keys(r.data).length === 0) {
      ctx.addIssue({ code: 'custom', message: 'an empty pattern checks nothing: give at least one of ok, code, pasid, hpasid, wire, fault', path });
      return null;
    }
    return r.data;
  };
  if (!keyed) {
    const p = check(v, []);
    return p ? { all: p } : z.NEVER;
  }
  const byPolicy = new Map<PolicyKind, Pattern>();
  let bad = false;
  for (const k of keys as PolicyKind[]) {
    const p = check((v as Record<string, unknown>)[k], [k]);
    if (p) byPolicy.set(k, p);
    else bad = true;
  }
  return bad ? z.NEVER : { byPolicy: Object.fromEntries(byPolicy) as Partial<Record<PolicyKind, Pattern>> };
});

function issueForCtx(issue: z.core.$ZodIssue): { code: 'custom'; message: string } {
  if (issue.code === 'unrecognized_keys') return { code: 'custom', message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` };
  if (issue.code === 'invalid_value') return { code: 'custom', message: `must be one of ${issue.values.map((x) => JSON.stringify(x)).join(', ')}` };
  return { code: 'custom', message: issue.message };
}

/**
 * `migrate.map`: alias → destination RID, kept as pairs. A plain object built from it
 * would drop or misread keys such as `__proto__`; pairs keep every user name as data.
 */
const mapSchema = z.custom<unknown>().transform((v, ctx) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    ctx.addIssue({ code: 'custom', message: `must be an object of device alias → destination RID, got ${describeValue(v)}` });
    return z.NEVER;
  }
  const pairs: (readonly [string, string])[] = [];
  let bad = false;
  for (const k of Object.keys(v)) {
    const rid = (v as Record<string, unknown>)[k];
    const r = nameSchema.safeParse(rid);
    if (k.length === 0 || k.length > MAX_NAME) {
      ctx.addIssue({ code: 'custom', message: `a device alias must be 1 to ${MAX_NAME} characters`, path: [k] });
      bad = true;
    } else if (!r.success) {
      ctx.addIssue({ code: 'custom', message: `must be a destination RID (a non-empty string), got ${describeValue(rid)}`, path: [k] });
      bad = true;
    } else pairs.push([k, r.data] as const);
  }
  return bad ? z.NEVER : pairs;
});

const common = { note: text.optional(), expect: expectSchema.optional() };
const name = nameSchema;

export const eventSchema = z.discriminatedUnion('op', [
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
  z.strictObject({ op: z.literal('migrate'), vm: name, to: name, map: mapSchema.optional(), ...common }),
]);

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

export const topSchema = z.strictObject({
  $schema: z.string().max(MAX_TEXT).optional(),
  format: z.literal('pasidscope/1'),
  title: text.optional(),
  description: text.optional(),
  hosts: z.array(z.unknown()).min(1),
  vms: z.array(z.unknown()).optional(),
  events: z.array(z.unknown()),
});
