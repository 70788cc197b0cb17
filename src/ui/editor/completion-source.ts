/**
 * What the editor offers at the cursor: field names from the zod schemas (per op for an
 * event), the values of each enumerated field (ops, policy kinds, error codes, fault
 * kinds), and the names the scenario itself has at that point (scenario-facts.ts). Pure:
 * it takes text and an offset and returns a range and labels; the editor turns them into
 * CodeMirror completions.
 */
import { getLocation, parse, type Node, type ParseError, type Segment } from 'jsonc-parser';
import { ERROR_CODES, FAULT_KINDS } from '../../core/model/error-code.ts';
import { POLICY_KINDS } from '../../core/model/policy.ts';
import { FORMAT } from '../../core/scenario/scenario.ts';
import {
  eventSchema,
  functionSchema,
  groupSchema,
  hostSchema,
  OPS,
  PATTERN_FIELDS,
  policySchema,
  topSchema,
  vmSchema,
} from '../../core/scenario/schema.ts';
import { scenarioFacts, type Facts } from './scenario-facts.ts';

export type ItemKind = 'property' | 'keyword' | 'enum' | 'variable' | 'constant';

export interface Item {
  label: string;
  kind: ItemKind;
  /** a few words shown beside the label */
  detail?: string;
}

/** Replace `from..to` with one of `items`, each applied as `apply(item)`. */
export interface Completion {
  from: number;
  to: number;
  items: Item[];
  /** how a label becomes text: a key as `"key": `, a string value in quotes unless already inside them */
  apply(item: Item): string;
}

type Shape = { shape: Record<string, unknown> };
const keysOf = (s: Shape) => Object.keys(s.shape);
const inner = (s: unknown): Shape => (s as { unwrap(): Shape }).unwrap();

const FIELDS = {
  top: keysOf(topSchema),
  host: keysOf(hostSchema),
  policy: keysOf(policySchema),
  iommu: keysOf(inner(hostSchema.shape.iommu)),
  function: keysOf(functionSchema),
  group: keysOf(groupSchema),
  vm: keysOf(vmSchema),
  viommu: keysOf(inner(vmSchema.shape.viommu)),
};
/** op → its fields, `op` first, from the discriminated union's members. */
const OP_FIELDS = new Map<string, string[]>(
  (eventSchema.options as unknown as Shape[]).map((o) => [
    (o.shape.op as { value: string }).value,
    keysOf(o),
  ]),
);

const names = (xs: Iterable<string>, kind: ItemKind, detail: string): Item[] =>
  [...new Set(xs)].map((label) => ({ label, kind, detail }));
const props = (xs: readonly string[], detail: string): Item[] => names(xs, 'property', detail);
const BOOLS = names(['true', 'false'], 'constant', 'boolean');
const BOOLEAN_FIELDS = new Set(['ok', 'swq', 'siov', 'cpuPasidTranslation', 'pasidAlloc']);

/** The event's VM or host facts that a field of event `i` may name. */
function eventValues(field: string, ev: Record<string, unknown>, f: Facts): Item[] {
  const op = typeof ev.op === 'string' ? ev.op : '';
  const vm = typeof ev.vm === 'string' ? ev.vm : undefined;
  const host = typeof ev.host === 'string' ? ev.host : undefined;
  const vmHost = vm !== undefined ? f.vmHost.get(vm) : undefined;
  const hostOf = (h: string | undefined) => (h !== undefined ? f.hosts.get(h) : undefined);
  switch (field) {
    case 'op':
      return names(OPS, 'keyword', 'op');
    case 'vm':
      return names(f.vmHost.keys(), 'variable', 'VM');
    case 'host':
    case 'to':
      return names(
        [...f.hosts.keys()].filter((h) => field !== 'to' || h !== vmHost),
        'variable',
        'host',
      );
    case 'function':
      return names(hostOf(host ?? vmHost)?.rids ?? [], 'variable', `RID on ${host ?? vmHost ?? '?'}`);
    case 'adiOf':
      return names(hostOf(vmHost)?.pfs ?? [], 'variable', `PF on ${vmHost ?? '?'}`);
    case 'device':
      return names(vm !== undefined ? (f.aliases.get(vm) ?? []) : [], 'variable', `device of ${vm ?? '?'}`);
    case 'process': {
      if (op.startsWith('host.') || host !== undefined)
        return names(
          host !== undefined ? (f.hostProcs.get(host) ?? []) : [],
          'variable',
          `process on ${host ?? '?'}`,
        );
      return names(
        vm !== undefined ? (f.guestProcs.get(vm) ?? []) : [],
        'variable',
        `process in ${vm ?? '?'}`,
      );
    }
    case 'kind':
      return names(['local', 'shared'], 'enum', 'PASID kind');
    default:
      return [];
  }
}

/** The items for a value at `path` in `doc` (the tolerant parse), given the facts before its event. */
function valueItems(path: Segment[], doc: unknown, factsAt: (i: number) => Facts): Item[] {
  const last = path.at(-1);
  if (typeof last !== 'string') {
    // An array element: a group's RIDs.
    if (path[0] === 'hosts' && path[2] === 'pasidGroups' && path[4] === 'functions')
      return hostRids(doc, path[1], false);
    return [];
  }
  if (path.length === 1 && last === 'format') return names([FORMAT], 'constant', 'format');
  if (BOOLEAN_FIELDS.has(last)) return BOOLS;
  if (path[0] === 'hosts') {
    if (path[2] === 'policy' && last === 'kind') return names(POLICY_KINDS, 'enum', 'policy');
    if (path[2] === 'functions' && last === 'kind') return names(['pf', 'vf'], 'enum', 'function kind');
    if (path[2] === 'functions' && last === 'pf') return hostRids(doc, path[1], true);
    return [];
  }
  if (path[0] === 'vms' && last === 'host') return names(factsAt(0).hosts.keys(), 'variable', 'host');
  if (path[0] !== 'events' || typeof path[1] !== 'number') return [];
  const i = path[1];
  const ev = at(doc, ['events', i]);
  if (path[2] === 'expect') {
    if (last === 'code') return names(ERROR_CODES, 'enum', 'error code');
    if (last === 'fault') return names(FAULT_KINDS, 'enum', 'fault');
    return [];
  }
  if (path[2] === 'map' && path.length === 4) {
    const to = typeof ev?.to === 'string' ? ev.to : undefined;
    return names(
      (to !== undefined ? factsAt(i).hosts.get(to)?.rids : undefined) ?? [],
      'variable',
      `RID on ${to ?? '?'}`,
    );
  }
  return path.length === 3 && ev ? eventValues(last, ev, factsAt(i)) : [];
}

function hostRids(doc: unknown, hostIndex: Segment | undefined, pfsOnly: boolean): Item[] {
  const h = typeof hostIndex === 'number' ? at(doc, ['hosts', hostIndex]) : undefined;
  const id = typeof h?.id === 'string' ? h.id : undefined;
  const facts = id !== undefined ? scenarioFacts(doc, 0).hosts.get(id) : undefined;
  return names((pfsOnly ? facts?.pfs : facts?.rids) ?? [], 'variable', pfsOnly ? 'PF' : 'RID');
}

/** The object at `path` of a tolerant parse, own properties only. */
function at(doc: unknown, path: Segment[]): Record<string, unknown> | undefined {
  let v: unknown = doc;
  for (const p of path) {
    if (typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(v, p)) return undefined;
    v = (v as Record<string, unknown>)[p as string];
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** The field names an object at `path` may have. */
function keyItems(path: Segment[], doc: unknown): Item[] {
  const p = path.slice(0, -1);
  const n = p.length;
  const is = (...want: (string | number)[]) =>
    n === want.length && want.every((w, i) => (w === 0 ? typeof p[i] === 'number' : p[i] === w));
  if (n === 0) return props(FIELDS.top, 'scenario');
  if (is('hosts', 0)) return props(FIELDS.host, 'host');
  if (is('hosts', 0, 'policy')) return props(FIELDS.policy, 'policy');
  if (is('hosts', 0, 'iommu')) return props(FIELDS.iommu, 'IOMMU');
  if (is('hosts', 0, 'functions', 0)) return props(FIELDS.function, 'function');
  if (is('hosts', 0, 'pasidGroups', 0)) return props(FIELDS.group, 'PASID group');
  if (is('vms', 0)) return props(FIELDS.vm, 'VM');
  if (is('vms', 0, 'viommu')) return props(FIELDS.viommu, 'vIOMMU');
  if (is('events', 0)) {
    const op = at(doc, p)?.op;
    const fields = typeof op === 'string' ? OP_FIELDS.get(op) : undefined;
    return fields ? props(fields, String(op)) : props(['op', 'note', 'expect'], 'event');
  }
  if (is('events', 0, 'expect')) {
    const keys = Object.keys(at(doc, p) ?? {});
    const keyed = keys.some((k) => (POLICY_KINDS as readonly string[]).includes(k));
    const plain = keys.some((k) => (PATTERN_FIELDS as readonly string[]).includes(k));
    // One form or the other, never both (DOMAIN.md §4).
    return [
      ...(keyed ? [] : props(PATTERN_FIELDS, 'pattern')),
      ...(plain ? [] : names(POLICY_KINDS, 'enum', 'pattern for this policy')),
    ];
  }
  if (n === 4 && p[0] === 'events' && p[2] === 'expect')
    return props(PATTERN_FIELDS, `pattern (${String(p[3])})`);
  if (n === 3 && p[0] === 'events' && p[2] === 'map') {
    const ev = at(doc, p.slice(0, 2));
    const vm = typeof ev?.vm === 'string' ? ev.vm : undefined;
    return names(
      vm !== undefined ? (scenarioFacts(doc, p[1] as number).aliases.get(vm) ?? []) : [],
      'variable',
      `device of ${vm ?? '?'}`,
    );
  }
  return [];
}

/**
 * The completion at `offset` of `text`, or null when there is nothing to offer. Text may
 * be invalid JSON (it is being typed); `maxChars` bounds the work on a large document.
 */
export function completeAt(text: string, offset: number, maxChars = 2_000_000): Completion | null {
  if (text.length > maxChars) return null;
  const loc = getLocation(text, offset);
  const errors: ParseError[] = [];
  const doc: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: true });
  const token: Node | undefined = loc.previousNode;
  // Inside a string (a key or a value being typed): replace its content, keep the quotes.
  const inString =
    !!token && token.type === 'string' && offset > token.offset && offset <= token.offset + token.length;
  const closed =
    inString &&
    token.length >= 2 &&
    text[token.offset + token.length - 1] === '"' &&
    offset < token.offset + token.length;
  const word = /[A-Za-z0-9_.:-]*$/.exec(text.slice(Math.max(0, offset - 64), offset))?.[0] ?? '';
  const from = inString ? token.offset + 1 : offset - word.length;
  const to = inString ? (closed ? token.offset + token.length - 1 : offset) : offset;
  const path = loc.path;
  const cache = new Map<number, Facts>();
  const factsAt = (i: number) => cache.get(i) ?? cache.set(i, scenarioFacts(doc, i)).get(i)!;
  if (loc.isAtPropertyKey) {
    const present = new Set(Object.keys(at(doc, path.slice(0, -1)) ?? {}));
    const typing = typeof path.at(-1) === 'string' ? (path.at(-1) as string) : '';
    const items = keyItems(path, doc).filter((it) => !present.has(it.label) || it.label === typing);
    if (items.length === 0) return null;
    return {
      from,
      to,
      items,
      apply: (it) => (inString ? JSON.stringify(it.label).slice(1, -1) : `${JSON.stringify(it.label)}: `),
    };
  }
  const items = valueItems(path, doc, factsAt);
  if (items.length === 0) return null;
  // A name goes in as a JSON string, escaped; inside quotes already, without them.
  const quoted = (it: Item) => JSON.stringify(it.label);
  return {
    from,
    to,
    items,
    apply: (it) => (items === BOOLS ? it.label : inString ? quoted(it).slice(1, -1) : quoted(it)),
  };
}
