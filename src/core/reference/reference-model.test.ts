// The reference model against the contract's own worked examples, and the random
// scenario generator against the contract's parse-time rules. The targeted rule cases
// are in reference-model-rules.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArb, scenarioArbWith } from './random-scenario.testkit.ts';
import { runReference, type RefOutcome, type RefPolicy } from './reference-model.testkit.ts';
import { scenarioProblems } from './scenario-validity.testkit.ts';

const KINDS: RefPolicy[] = ['global', 'local', 'split', 'linux'];
const PATTERN_FIELDS = ['ok', 'code', 'pasid', 'hpasid', 'wire', 'fault'] as const;
type Json = Record<string, unknown>;

/**
 * Every expectation of `doc` that applies to this run (§4): a plain pattern always, a
 * keyed one for the kind that the event's host runs. Returns the mismatches and how many
 * patterns were checked.
 */
function checkExpectations(
  doc: Json,
  policy: RefPolicy | undefined,
): { checked: number; mismatches: string[] } {
  const outcomes = runReference(doc, policy);
  const kindOf = new Map(
    (doc.hosts as Json[]).map((h) => [h.id as string, policy ?? ((h.policy as Json).kind as RefPolicy)]),
  );
  const vmHost = new Map(((doc.vms ?? []) as Json[]).map((v) => [v.id as string, v.host as string]));
  const mismatches: string[] = [];
  let checked = 0;
  (doc.events as Json[]).forEach((ev, i) => {
    const out = outcomes[i];
    const host = ev.host !== undefined ? (ev.host as string) : vmHost.get(ev.vm as string)!;
    if (ev.op === 'migrate' && out.ok) vmHost.set(ev.vm as string, ev.to as string);
    const expectation = ev.expect as Json | undefined;
    if (expectation === undefined) return;
    const plain = PATTERN_FIELDS.some((f) => f in expectation);
    const pattern = (plain ? expectation : expectation[kindOf.get(host)!]) as Json | undefined;
    if (pattern === undefined) return;
    checked++;
    for (const field of PATTERN_FIELDS) {
      if (!(field in pattern)) continue;
      const got = out[field as keyof RefOutcome];
      if (got !== pattern[field])
        mismatches.push(
          `e${i} ${String(ev.op)} ${field}: expected ${JSON.stringify(pattern[field])}, got ${JSON.stringify(got)} (${out.message})`,
        );
    }
  });
  return { checked, mismatches };
}

describe('the bundled scenarios under the reference model', () => {
  // The bundled scenarios (public/scenarios): the contract's canonical S1–S7, copied
  // unchanged so that a clean clone needs nothing outside itself, and the project's own,
  // whose expectations their authors reasoned out; an independent model meeting them too
  // is a second opinion on each.
  const BUNDLED = join(import.meta.dirname, '../../../public/scenarios');
  const files = readdirSync(BUNDLED)
    .filter((f) => f.endsWith('.json'))
    .sort();
  it('has the seven canonical scenarios among them', () => {
    expect(files.filter((f) => /^s[1-7]-/.test(f))).toHaveLength(7);
  });
  for (const file of files) {
    const doc = JSON.parse(readFileSync(join(BUNDLED, file), 'utf8')) as Json;
    it(`${file}: every expectation holds under each policy and as declared`, () => {
      for (const policy of [undefined, ...KINDS]) {
        const { checked, mismatches } = checkExpectations(doc, policy);
        expect(mismatches).toEqual([]);
        expect(checked).toBeGreaterThan(0);
      }
    });
  }
});

/** Outcome fields as §6 puts them: a code exactly on failure, a fault exactly with EFAULT. */
function shapeProblems(ev: Json, out: RefOutcome): string[] {
  const problems: string[] = [];
  if (out.ok === (out.code !== undefined)) problems.push('code present iff failed');
  if ((out.code === 'EFAULT') !== (out.fault !== undefined)) problems.push('fault iff EFAULT');
  if (out.wire !== undefined && ev.op !== 'enqcmd') problems.push('wire outside enqcmd');
  if (out.fault === 'vmexit' && out.wire !== undefined) problems.push('vmexit with a wire PASID');
  if (out.conflicts !== 0 && (ev.op !== 'migrate' || out.ok))
    problems.push('conflicts outside a failed migration');
  if (ev.op === 'migrate' && !out.ok && out.conflicts < 1)
    problems.push('failed migration without conflicts');
  if (typeof ev.host === 'string' && out.ok && out.pasid !== undefined && out.hpasid !== out.pasid)
    problems.push('host op hpasid != pasid');
  for (const n of [out.pasid, out.hpasid, out.wire])
    if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n < 2 ** 20)) problems.push(`bad PASID ${n}`);
  return problems;
}

describe('random valid scenarios', () => {
  it('are valid by every parse-time rule, and run deterministically under every policy without throwing', () => {
    fc.assert(
      fc.property(scenarioArb, (doc) => {
        expect(scenarioProblems(doc)).toEqual([]);
        const events = doc.events as Json[];
        expect(events.length).toBeGreaterThanOrEqual(5);
        expect(events.length).toBeLessThanOrEqual(40);
        for (const policy of [undefined, ...KINDS]) {
          const outcomes = runReference(doc, policy);
          expect(outcomes).toHaveLength(events.length);
          expect(runReference(structuredClone(doc), policy, { selfCheck: false })).toEqual(outcomes);
          const problems = outcomes.flatMap((o, i) => shapeProblems(events[i], o).map((p) => `e${i}: ${p}`));
          expect(problems).toEqual([]);
        }
      }),
      { numRuns: 100, seed: 20210510 },
    );
  });

  it('with a fixed kind declare that kind on every host', () => {
    for (const kind of KINDS) {
      fc.assert(
        fc.property(scenarioArbWith(kind), (doc) => {
          expect(scenarioProblems(doc)).toEqual([]);
          expect((doc.hosts as Json[]).every((h) => (h.policy as Json).kind === kind)).toBe(true);
          expect(runReference(doc)).toHaveLength((doc.events as Json[]).length);
        }),
        { numRuns: 25, seed: 7 },
      );
    }
  });

  it('make every rule happen: each op succeeds and fails in each way the contract gives it', () => {
    const seen = new Set<string>();
    for (const doc of fc.sample(scenarioArb, { numRuns: 200, seed: 42 })) {
      for (const policy of [undefined, ...KINDS]) {
        runReference(doc, policy, { selfCheck: false }).forEach((o, i) => {
          const op = (doc.events as Json[])[i].op as string;
          seen.add(`${op} ${o.ok ? 'ok' : o.code}${o.fault ? ` ${o.fault}` : ''}`);
        });
      }
    }
    const wanted = [
      ...[
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
      ].map((op) => `${op} ok`),
      ...['EEXIST', 'EBUSY', 'EINVAL', 'ENODEV', 'EOPNOTSUPP'].map((c) => `assign ${c}`),
      ...['EEXIST', 'EBUSY', 'ERANGE', 'ENOSPC', 'EOPNOTSUPP'].map((c) => `guest.alloc ${c}`),
      ...['ENODEV', 'ENOENT', 'EINVAL', 'EOVERFLOW', 'EBUSY', 'ENOSPC'].map((c) => `guest.bind ${c}`),
      ...['EBUSY', 'EOVERFLOW', 'ENOSPC'].map((c) => `host.bind ${c}`),
      ...[
        'ENODEV',
        'ENOENT',
        'EINVAL',
        'EBUSY',
        'EOPNOTSUPP',
        'EFAULT vmexit',
        'EFAULT unmapped',
        'EFAULT breach',
      ].map((c) => `enqcmd ${c}`),
      ...['EINVAL', 'EOPNOTSUPP', 'ENODEV', 'ERANGE', 'EOVERFLOW', 'EBUSY'].map((c) => `migrate ${c}`),
      'guest.unbind EINVAL',
      'host.unbind EINVAL',
      'host.exit ENOENT',
    ];
    expect(wanted.filter((w) => !seen.has(w))).toEqual([]);
  });
});

describe('the validity checker', () => {
  const valid = (): Json => ({
    format: 'pasidscope/1',
    hosts: [
      {
        id: 'A',
        policy: { kind: 'split', localEnd: 8, sharedEnd: 16 },
        functions: [
          { rid: 'pf', kind: 'pf', swq: true, siov: true },
          { rid: 'vf', kind: 'vf', pf: 'pf' },
        ],
        pasidGroups: [{ id: 'g', functions: ['pf'] }],
      },
      { id: 'B', policy: { kind: 'split', localEnd: 8 }, functions: [{ rid: 'pf', kind: 'pf' }] },
    ],
    vms: [{ id: 'vm1', host: 'A' }],
    events: [
      { op: 'assign', vm: 'vm1', function: 'vf', as: 'nic' },
      { op: 'enqcmd', vm: 'vm1', process: 'p', device: 'nic' },
      { op: 'migrate', vm: 'vm1', to: 'B', map: { nic: 'pf' } },
    ],
  });

  it('accepts a valid document', () => {
    expect(scenarioProblems(valid())).toEqual([]);
  });

  const broken: [string, (d: Json) => void, string][] = [
    ['a duplicate host', (d) => ((d.hosts as Json[])[1].id = 'A'), 'hosts[1].id'],
    [
      'a duplicate RID',
      (d) => (((d.hosts as Json[])[0].functions as Json[])[1].rid = 'pf'),
      'hosts[0].functions[1].rid',
    ],
    [
      'a VF of a VF',
      (d) => ((d.hosts as Json[])[0].functions as Json[]).push({ rid: 'vf2', kind: 'vf', pf: 'vf' }),
      'hosts[0].functions[2].pf',
    ],
    [
      'pasidBits on a VF',
      (d) => (((d.hosts as Json[])[0].functions as Json[])[1].pasidBits = 4),
      'hosts[0].functions[1].pasidBits',
    ],
    [
      'a RID in two groups',
      (d) => ((d.hosts as Json[])[0].pasidGroups as Json[]).push({ id: 'h', functions: ['pf'] }),
      'hosts[0].pasidGroups[1].functions[0]',
    ],
    [
      'a group of another host\u2019s RID',
      (d) => ((d.hosts as Json[])[1].pasidGroups = [{ id: 'g', functions: ['vf'] }]),
      'hosts[1].pasidGroups[0].functions[0]',
    ],
    [
      'localEnd above sharedEnd after clamping',
      (d) => {
        (d.hosts as Json[])[0].iommu = { pasidBits: 3 };
        ((d.hosts as Json[])[0].policy as Json).sharedEnd = 4;
      },
      'hosts[0].policy',
    ],
    ['assign with function and adiOf', (d) => ((d.events as Json[])[0].adiOf = 'pf'), 'events[0]'],
    ['enqcmd by a VM to a function', (d) => ((d.events as Json[])[1].function = 'pf'), 'events[1]'],
    [
      'a map value the destination lacks',
      (d) => ((d.events as Json[])[2].map = { nic: 'vf' }),
      'events[2].map.nic',
    ],
    ['an expect', (d) => ((d.events as Json[])[0].expect = { ok: true }), 'events[0].expect'],
  ];
  for (const [what, breakIt, path] of broken) {
    it(`rejects ${what}`, () => {
      const d = valid();
      breakIt(d);
      expect(scenarioProblems(d).map((p) => p.split(':')[0])).toContain(path);
    });
  }
});
