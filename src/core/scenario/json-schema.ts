/**
 * The JSON Schema of `pasidscope/1` for editors (VS Code and others validate and complete
 * a file that names it with `$schema`). The element schemas are generated from the zod
 * schemas in schema.ts (zod 4's `z.toJSONSchema`), so a field added there shows up here;
 * what the parser does in code rather than in zod is written by hand below and kept small:
 * how the elements nest (the parser checks each host, function, group, VM and event on its
 * own), the two forms of `expect`, the `migrate.map` object, and the structural rules of
 * resolve.ts that a JSON Schema can say (a VF's fields, the split-only range fields, the
 * "exactly one of" fields of `assign` and `enqcmd`).
 *
 * `public/pasidscope.schema.json` is this function's output (scripts/write-json-schema.ts);
 * a test fails when the committed file is out of date.
 */
import { z } from 'zod';
import { POLICY_KINDS } from '../model/policy.ts';
import { LIMITS } from './limits.ts';
import {
  eventSchema,
  functionSchema,
  groupSchema,
  hostSchema,
  nameSchema,
  patternSchema,
  policySchema,
  topSchema,
  vmSchema,
} from './schema.ts';

type Json = { [k: string]: unknown };

/** What the JSON Schema cannot check; the parser does (and says so by JSON path). */
export const UNCHECKED_BY_JSON_SCHEMA = [
  "references: a VM's host, a VF's PF, a group's RIDs, and every event's VM, host, function and migration target must exist (a map value on the destination host)",
  'uniqueness: host ids, VM ids, RIDs on a host and group ids on a host; a RID in at most one group',
  "a split policy's localEnd must not be above sharedEnd once both are clamped to the IOMMU width",
  'the caps of docs/limits.md that are not counts of one array: the file size, the nesting depth, the functions over all hosts',
] as const;

const gen = (schema: z.ZodType): Json => {
  const out = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Json;
  delete out.$schema;
  return out;
};
const ref = (name: string): Json => ({ $ref: `#/$defs/${name}` });
const props = (s: Json): Json => s.properties as Json;

/** An object's required fields absent (JSON Schema's `not: { anyOf: [{ required }] }`). */
const forbid = (...fields: string[]): Json => ({ not: { anyOf: fields.map((f) => ({ required: [f] })) } });

function functionDef(): Json {
  const f = gen(functionSchema);
  // resolve.ts: a VF takes its width and model from its PF, names it, and is never an SIOV parent.
  f.allOf = [
    {
      if: { properties: { kind: { const: 'vf' } }, required: ['kind'] },
      then: {
        required: ['pf'],
        allOf: [
          forbid('pasidBits', 'model'),
          { not: { properties: { siov: { const: true } }, required: ['siov'] } },
        ],
      },
      else: forbid('pf'),
    },
  ];
  return f;
}

function policyDef(): Json {
  const p = gen(policySchema);
  props(p).localEnd = { ...(props(p).localEnd as Json), minimum: 2 };
  // resolve.ts: the range fields belong to split alone.
  p.allOf = [
    { if: { properties: { kind: { const: 'split' } } }, then: {}, else: forbid('localEnd', 'sharedEnd') },
  ];
  return p;
}

function hostDef(): Json {
  const h = gen(hostSchema);
  props(h).policy = ref('policy');
  props(h).functions = { type: 'array', maxItems: LIMITS.functionsPerHost, items: ref('function') };
  props(h).pasidGroups = { type: 'array', items: ref('pasidGroup') };
  return h;
}

function eventDef(): Json {
  const e = gen(eventSchema);
  for (const v of e.oneOf as Json[]) {
    const p = props(v);
    p.expect = ref('expect');
    if ('map' in p) p.map = ref('migrateMap');
    const op = (p.op as Json).const;
    if (op === 'assign')
      v.oneOf = [
        { required: ['function'], ...forbid('adiOf') },
        { required: ['adiOf'], ...forbid('function') },
      ];
    if (op === 'enqcmd')
      v.oneOf = [
        { required: ['vm', 'device'], ...forbid('host', 'function') },
        { required: ['host', 'function'], ...forbid('vm', 'device') },
      ];
  }
  return e;
}

/** The JSON Schema of a scenario file, as a user writes it. */
export function scenarioJsonSchema(): Json {
  const pattern = { ...gen(patternSchema), minProperties: 1 };
  const top = gen(topSchema);
  const tp = props(top);
  tp.hosts = { type: 'array', minItems: 1, maxItems: LIMITS.hosts, items: ref('host') };
  tp.vms = { type: 'array', maxItems: LIMITS.vms, items: ref('vm') };
  tp.events = { type: 'array', maxItems: LIMITS.events, items: ref('event') };
  const name = gen(nameSchema);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'pasidscope/1 scenario',
    description:
      'A pasidscope scenario: hosts, PCI functions, VMs and events (DOMAIN.md §4). This schema checks the shape of the file; ' +
      'the pasidscope parser checks it too, and also what a JSON Schema cannot: ' +
      UNCHECKED_BY_JSON_SCHEMA.join('; ') +
      '.',
    ...top,
    $defs: {
      host: hostDef(),
      policy: policyDef(),
      function: functionDef(),
      pasidGroup: gen(groupSchema),
      vm: gen(vmSchema),
      event: eventDef(),
      pattern,
      expect: {
        description:
          "A pattern checked under every policy, or patterns keyed by policy kind (checked against the policy of the event's host); never both in one object, never empty.",
        anyOf: [
          ref('pattern'),
          {
            type: 'object',
            minProperties: 1,
            propertyNames: { enum: [...POLICY_KINDS] },
            additionalProperties: ref('pattern'),
          },
        ],
      },
      migrateMap: {
        description: 'Device alias → RID of a function on the destination host.',
        type: 'object',
        propertyNames: { minLength: 1, maxLength: LIMITS.name },
        additionalProperties: name,
      },
    },
  };
}

/** The schema as the committed file holds it: two-space JSON and a final newline. */
export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}
