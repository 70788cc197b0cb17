/**
 * The JSON Schema for editors and the parser agree: on every bundled scenario both accept;
 * on each invalid file below both reject, except where the schema cannot say the rule
 * (UNCHECKED_BY_JSON_SCHEMA), where the parser alone rejects. A validator made for the job
 * (ajv, JSON Schema 2020-12, strict mode but for `required` inside if/not, which names fields declared beside it) checks the schema itself too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaText, UNCHECKED_BY_JSON_SCHEMA } from './json-schema.ts';
import { parseScenario } from './parse.ts';

const PUBLIC = join(import.meta.dirname, '../../../public');
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
const validate = ajv.compile(scenarioJsonSchema());
const schemaAccepts = (doc: unknown) => validate(doc) === true;
const parserAccepts = (doc: unknown) => parseScenario(doc).ok;

const bundled = readdirSync(join(PUBLIC, 'scenarios'))
  .filter((f) => f.endsWith('.json'))
  .sort();

const base = () => ({
  $schema: '../pasidscope.schema.json',
  format: 'pasidscope/1',
  hosts: [
    {
      id: 'A',
      policy: { kind: 'split', localEnd: 4096, sharedEnd: 524288 },
      functions: [
        { rid: 'pf0', kind: 'pf', swq: true, siov: true },
        { rid: 'vf0', kind: 'vf', pf: 'pf0' },
      ],
    },
    { id: 'B', policy: { kind: 'split', localEnd: 4096 }, functions: [{ rid: 'vfB', kind: 'pf' }] },
  ],
  vms: [{ id: 'vm1', host: 'A', viommu: { pasidAlloc: true } }],
  events: [
    { op: 'assign', vm: 'vm1', function: 'vf0', as: 'nic' },
    { op: 'guest.alloc', vm: 'vm1', process: 'p', expect: { ok: true, pasid: 1 } },
    {
      op: 'migrate',
      vm: 'vm1',
      to: 'B',
      map: { nic: 'vfB' },
      expect: { split: { ok: true }, global: { code: 'EBUSY' } },
    },
  ],
});
type Doc = ReturnType<typeof base> & Record<string, unknown>;
const edit = (f: (d: Doc) => void): Doc => {
  const d = base() as Doc;
  f(d);
  return d;
};
type Fn = Record<string, unknown>;
const fn = (d: Doc, i: number) => d.hosts[0]!.functions[i] as Fn;
const ev = (d: Doc, i: number) => d.events[i] as Record<string, unknown>;

/** Files both must refuse: the shape rules a JSON Schema can state. */
const BOTH_REJECT: [string, Doc][] = [
  ['wrong format tag', edit((d) => (d.format = 'pasidscope/2'))],
  ['unknown top-level field', edit((d) => (d.extra = 1))],
  ['no hosts', edit((d) => (d.hosts = []))],
  ['unknown op', edit((d) => (ev(d, 0).op = 'assign.all'))],
  ['unknown field on an op', edit((d) => (ev(d, 1).pasdi = 3))],
  ['a field of another op', edit((d) => (ev(d, 1).to = 'B'))],
  ['missing required field', edit((d) => delete ev(d, 1).process)],
  ['PASID out of range', edit((d) => (ev(d, 1).pasid = 1 << 20))],
  ['bad guest kind', edit((d) => (ev(d, 1).kind = 'global'))],
  ['unknown policy kind', edit((d) => (d.hosts[0]!.policy.kind = 'spilt'))],
  ['localEnd below 2', edit((d) => (d.hosts[0]!.policy.localEnd = 1))],
  [
    'localEnd on a global host',
    edit((d) => (d.hosts[1]!.policy = { kind: 'global', localEnd: 4096 } as never)),
  ],
  ['pasidBits too wide', edit((d) => (fn(d, 0).pasidBits = 21))],
  ['VF with pasidBits', edit((d) => (fn(d, 1).pasidBits = 16))],
  ['VF with a model', edit((d) => (fn(d, 1).model = 'dsa'))],
  ['VF as an SIOV parent', edit((d) => (fn(d, 1).siov = true))],
  ['VF without pf', edit((d) => delete fn(d, 1).pf)],
  ['PF naming a PF', edit((d) => (fn(d, 0).pf = 'vf0'))],
  ['empty RID', edit((d) => (fn(d, 0).rid = ''))],
  ['name too long', edit((d) => (d.vms[0]!.id = 'v'.repeat(257)))],
  ['assign with both function and adiOf', edit((d) => (ev(d, 0).adiOf = 'pf0'))],
  ['assign with neither', edit((d) => delete ev(d, 0).function)],
  [
    'enqcmd with vm and host',
    edit((d) => d.events.push({ op: 'enqcmd', vm: 'vm1', host: 'A', process: 'p', device: 'nic' } as never)),
  ],
  [
    'guest enqcmd naming a function',
    edit((d) => d.events.push({ op: 'enqcmd', vm: 'vm1', process: 'p', function: 'pf0' } as never)),
  ],
  [
    'host enqcmd naming a device',
    edit((d) => d.events.push({ op: 'enqcmd', host: 'A', process: 'h', device: 'nic' } as never)),
  ],
  ['empty expect', edit((d) => (ev(d, 1).expect = {}))],
  [
    'expect mixing fields and policy kinds',
    edit((d) => (ev(d, 1).expect = { ok: true, split: { ok: true } })),
  ],
  ['expect keyed by an unknown kind', edit((d) => (ev(d, 1).expect = { spilt: { ok: true } }))],
  ['empty keyed pattern', edit((d) => (ev(d, 1).expect = { split: {} }))],
  ['unknown error code', edit((d) => (ev(d, 1).expect = { code: 'EAGAIN' }))],
  ['unknown fault kind', edit((d) => (ev(d, 1).expect = { fault: 'oops' }))],
  ['map value not a string', edit((d) => (ev(d, 2).map = { nic: 7 }))],
  ['map with an empty alias', edit((d) => (ev(d, 2).map = { '': 'vfB' }))],
  ['map not an object', edit((d) => (ev(d, 2).map = ['nic', 'vfB']))],
  ['note not a string', edit((d) => (ev(d, 1).note = 3))],
  ['empty pasidGroup', edit((d) => ((d.hosts[0] as Fn).pasidGroups = [{ id: 'g', functions: [] }]))],
];

/** Files only the parser can refuse, one per rule the schema says it leaves to the parser. */
const PARSER_ONLY: [string, Doc][] = [
  ['unknown VM in an event', edit((d) => (ev(d, 1).vm = 'vm9'))],
  ['VM on an unknown host', edit((d) => (d.vms[0]!.host = 'Z'))],
  ['VF naming an unknown PF', edit((d) => (fn(d, 1).pf = 'pf9'))],
  ['map value not on the destination', edit((d) => (ev(d, 2).map = { nic: 'vf0' }))],
  ['duplicate host id', edit((d) => (d.hosts[1]!.id = 'A'))],
  ['duplicate RID', edit((d) => (fn(d, 1).rid = 'pf0'))],
  ['localEnd above sharedEnd', edit((d) => (d.hosts[0]!.policy.sharedEnd = 1024))],
];

describe('the JSON Schema for editors', () => {
  it('is committed as generated (run `npm run schema` after changing the zod schemas)', () => {
    expect(readFileSync(join(PUBLIC, 'pasidscope.schema.json'), 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('names, in its description, each rule it leaves to the parser', () => {
    const d = scenarioJsonSchema().description as string;
    for (const rule of UNCHECKED_BY_JSON_SCHEMA) expect(d).toContain(rule);
  });

  it.each(bundled)('accepts %s, as the parser does, and the file names the schema', (file) => {
    const doc = JSON.parse(readFileSync(join(PUBLIC, 'scenarios', file), 'utf8')) as Record<string, unknown>;
    expect(doc.$schema).toBe('../pasidscope.schema.json');
    expect(parserAccepts(doc)).toBe(true);
    expect(schemaAccepts(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('accepts the valid base document used below, as the parser does', () => {
    expect(parserAccepts(base())).toBe(true);
    expect(schemaAccepts(base()), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it.each(BOTH_REJECT)('rejects %s, as the parser does', (_name, doc) => {
    expect(parserAccepts(doc)).toBe(false);
    expect(schemaAccepts(doc)).toBe(false);
  });

  it.each(PARSER_ONLY)('leaves %s to the parser (a rule the schema lists as unchecked)', (_name, doc) => {
    expect(parserAccepts(doc)).toBe(false);
    expect(schemaAccepts(doc)).toBe(true);
  });
});
