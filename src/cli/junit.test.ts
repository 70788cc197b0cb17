import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cli, root, tmp, tmpDir } from './cli.testkit.ts';
import { junitEnd, junitRun, junitStart, xmlText } from './junit.ts';
import { Printer } from './printer.ts';
import { buildTimeline } from '../core/timeline/timeline.ts';
import { parseScenarioText } from '../core/scenario/index.ts';

const scenarios = join(root, 'public/scenarios');
const S1 = join(scenarios, 's1-vf-migration-busy-destination.json');

interface Case {
  '@_classname': string;
  '@_name': string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
  error?: { '@_message': string; '@_type': string; '#text': string };
  'system-out'?: string;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  testcase: Case[];
}

function parse(xml: string): Suite[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
    processEntities: true,
  }).parse(xml);
  return doc.testsuites.testsuite;
}

/** Characters XML 1.0 does not allow, and the C1 controls a terminal may act on. */
// eslint-disable-next-line no-control-regex -- the controls are what is looked for
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]/;

describe('run --reporter junit', () => {
  it('writes one suite per file and one test case per checked expectation, plus the invariants', async () => {
    const r = await cli('run', scenarios, '--reporter', 'junit');
    expect(r.code).toBe(0);
    expect(r.out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pasidscope">\n')).toBe(true);
    const suites = parse(r.out);
    expect(suites).toHaveLength(readdirSync(join(root, 'public/scenarios')).filter((f) => f.endsWith('.json')).length);
    for (const s of suites) {
      const run = JSON.parse((await cli('run', s['@_name'], '--json')).out);
      expect(Number(s['@_tests'])).toBe(run.expectations.checked + 1);
      expect(s.testcase).toHaveLength(run.expectations.checked + 1);
      expect(s['@_failures']).toBe('0');
      expect(s.testcase.every((c) => c['@_classname'] === s['@_name'] && !c.failure && !c.error)).toBe(true);
    }
    const s1 = suites.find((s) => s['@_name'] === S1)!;
    expect(s1.testcase.map((c) => c['@_name'])).toEqual([
      'event 0: assign vm1 ← 0000:3b:00.1 as nic0 (split)',
      'event 1: host.bind host B sva1 → 0000:5e:00.0 (split)',
      'event 2: host.bind host B sva2 → 0000:5e:00.0 (split)',
      'event 3: guest.alloc vm1 p1 (split)',
      'event 4: guest.alloc vm1 p2 (split)',
      'event 5: guest.alloc vm1 p3 (split)',
      'event 6: guest.bind vm1 p1 → nic0 (split)',
      'event 7: guest.bind vm1 p2 → nic0 (split)',
      'event 8: guest.bind vm1 p3 → nic0 (split)',
      'event 9: migrate vm1 → B (split)',
      'invariants (split)',
    ]);
    expect(parse((await cli('run', S1, '--policy', 'global', '--reporter', 'junit')).out)[0].testcase[9]['@_name']).toBe(
      'event 9: migrate vm1 → B (global)',
    );
  });

  it('names the policy of each event\'s host when hosts run different kinds', async () => {
    const s = JSON.parse(readFileSync(S1, 'utf8'));
    s.hosts.push({ id: 'C', policy: { kind: 'local' }, functions: [{ rid: 'f', kind: 'pf' }] });
    s.events.push({ op: 'host.bind', host: 'C', process: 'p', function: 'f', expect: { local: { ok: true } } });
    s.events.push({ op: 'guest.alloc', vm: 'vm1', process: 'p4', expect: { split: { ok: true }, local: { ok: false } } });
    const r = await cli('run', tmp('mixed.json', JSON.stringify(s)), '--reporter', 'junit');
    expect(r.code).toBe(0);
    const names = parse(r.out)[0].testcase.map((c) => c['@_name']);
    expect(names[1]).toBe('event 1: host.bind host B sva1 → 0000:5e:00.0 (split)');
    expect(names.slice(-3)).toEqual(['event 10: host.bind host C p → f (local)', 'event 11: guest.alloc vm1 p4 (split)', 'invariants (split, local)']);
  });

  it('a failed expectation is a failure carrying the expected pattern and the actual outcome', async () => {
    const f = tmp(
      'fail.json',
      JSON.stringify({
        format: 'pasidscope/1',
        hosts: [{ id: 'A', policy: { kind: 'global' }, functions: [{ rid: 'f', kind: 'pf' }] }],
        events: [
          { op: 'host.bind', host: 'A', process: 'p', function: 'f', expect: { ok: true, pasid: 7 } },
          { op: 'host.unbind', host: 'A', process: 'q', function: 'f', expect: { ok: true } },
        ],
      }),
    );
    const r = await cli('run', f, '--reporter', 'junit');
    expect(r.code).toBe(1);
    const [suite] = parse(r.out);
    expect(suite).toMatchObject({ '@_tests': '3', '@_failures': '2', '@_errors': '0' });
    const [first, second] = suite.testcase;
    expect(first.failure!['@_message']).toBe('expected pasid 7; got ok');
    // (host ops carry hpasid once the engine gives them one)
    expect(first.failure!['#text']).toMatch(/^expected: \{"ok":true,"pasid":7\}\nactual: {3}\{"ok":true,"pasid":1(,"hpasid":1)?\}\nhost A process p gets PASID 0x1/);
    expect(second.failure!['@_message']).toBe('expected ok true; got ENOENT');
    expect(second.failure!['#text']).toContain('"ok":false,"code":"ENOENT"');
  });

  it('a rejected file is one errored case naming its problems; an unreadable one too', async () => {
    const dir = tmpDir();
    tmp('bad.json', JSON.stringify({ format: 'pasidscope/1', hosts: [], events: [{ op: 'nope' }] }), dir);
    const r = await cli('run', dir, join(dir, 'missing.json'), '--reporter', 'junit');
    expect(r.code).toBe(2);
    const [bad, missing] = parse(r.out);
    expect(bad).toMatchObject({ '@_tests': '1', '@_errors': '1' });
    expect(bad.testcase[0]['@_name']).toBe('scenario input');
    expect(bad.testcase[0].error!['@_message']).toMatch(/^rejected: \d problems$/);
    expect(bad.testcase[0].error!['#text']).toContain('events[0].op: unknown op "nope"');
    expect(missing.testcase[0].error!['@_message']).toBe('cannot read: ENOENT');
    expect(r.err).toContain('missing.json: cannot read: ENOENT');
  });

  it('invariant violations and warnings are reported on the invariants case', async () => {
    const parsed = parseScenarioText(readFileSync(S1, 'utf8'));
    if (!parsed.ok) throw new Error('S1 must parse');
    const t = buildTimeline(parsed.scenario);
    const broken = Object.assign(Object.create(Object.getPrototypeOf(t)), t, {
      violations: [{ invariant: 'I3', index: 4, message: 'two <holders> & "one" entry' }],
      warnings: [{ invariant: 'I8', index: 2, vm: 'vm1', message: 'mixed' }],
    });
    const out: string[] = [];
    const p = new Printer({ out: (s) => out.push(s), err: () => {} });
    junitStart(p);
    await junitRun(p, 'S1.json', broken);
    junitEnd(p);
    const [suite] = parse(out.join(''));
    expect(suite['@_failures']).toBe('1');
    const inv = suite.testcase.at(-1)!;
    expect(inv.failure).toMatchObject({ '@_type': 'invariant', '@_message': '1 invariant violation' });
    expect(inv.failure!['#text']).toBe('I3 broken at event 4: two <holders> & "one" entry');
    expect(inv['system-out']).toBe('warning I8 at event 2: mixed');
  });

  it('escapes markup and control characters from the scenario; nothing XML 1.0 forbids is left', async () => {
    const hostile = join(root, 'corpus/hostile/escapes-in-ids.json');
    const r = await cli('run', hostile, join(root, 'corpus/hostile/escapes-in-problems.json'), '--reporter', 'junit');
    expect(r.out).not.toMatch(FORBIDDEN);
    const suites = parse(r.out);
    expect(suites[0].testcase[0]['@_name']).toBe('event 0: assign vm\\033[2J ← 0000:3b:00.1 as nic\\033]0;t\\007 (split)');
    expect(suites[1].testcase[0].error!['#text']).toContain('unknown VM "vm9\\033[31m"');
    expect(xmlText('a<b>&"c\'\u0001\u009b\ud800')).toBe('a&lt;b&gt;&amp;&quot;c&apos;\\001\\u009b\\ud800');
  });
});
