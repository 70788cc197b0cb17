import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tmp, tmpDir } from './cli.testkit.ts';

const scenarios = join(root, 'public/scenarios');
const S1 = join(scenarios, 's1-vf-migration-busy-destination.json');
const S4 = join(scenarios, 's4-mixed-passthrough-swq-and-adi.json');

const failing = JSON.stringify({
  format: 'pasidscope/1',
  title: 'one failing expectation',
  hosts: [{ id: 'A', policy: { kind: 'global' }, functions: [{ rid: 'f', kind: 'pf' }] }],
  events: [{ op: 'host.bind', host: 'A', process: 'p', function: 'f', expect: { ok: true, pasid: 7 } }],
});

describe('pasidscope run FILE', () => {
  it('prints a table and exits 0 when every expectation is met', async () => {
    const r = await cli('run', S1);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('S1: SR-IOV VF live migration into a host whose PASIDs are busy');
    expect(lines[3]).toMatch(/^#\s+op\s+actor\s+outcome\s+pasid\s+hpasid\s+wire\s+expect\s+message$/);
    expect(lines[13]).toMatch(/^9\s+migrate\s+vm1 → B\s+ok\s+met\s+vm1 migrated A → B/);
    expect(r.out).toMatch(/expectations: 10 checked, 0 failed; invariants: hold; warnings: 0\n$/);
  });

  it('--json prints pasidscope-run/1 with one outcome per event, as JSON.stringify would', async () => {
    const r = await cli('run', S1, '--policy', 'global', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.format).toBe('pasidscope-run/1');
    expect(j.policy).toBe('global');
    expect(j.outcomes).toHaveLength(10);
    expect(j.outcomes[9]).toMatchObject({ index: 9, op: 'migrate', ok: false, code: 'EBUSY' });
    expect(j.outcomes[9].conflicts.map((c: { holder: unknown }) => c.holder)).toEqual([
      { type: 'host', host: 'B', process: 'sva1' },
      { type: 'host', host: 'B', process: 'sva2' },
    ]);
    expect(j.expectations).toEqual({ checked: 10, failed: [] });
    expect(j.violations).toEqual([]);
    expect(r.out).toBe(JSON.stringify(j, null, 2) + '\n');
    expect(j).not.toHaveProperty('file');
  });

  it('lists a failed migration\'s conflicts with their fields', async () => {
    const r = await cli('run', S1, '--policy', 'global');
    expect(r.code).toBe(0);
    expect(r.out).toContain('event 9 conflicts:\n  EBUSY  PASID 0x1 of vm1 process p1 is taken on host B by host B process sva1  (reason pasid-busy, process p1, pasid 0x1, holder host B process sva1)\n');
  });

  it('exits 1 when an expectation fails, naming it', async () => {
    const f = tmp('x.json', failing);
    const r = await cli('run', f);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL want pasid 7');
    const j = JSON.parse((await cli('run', f, '--json')).out);
    expect(j.expectations.failed[0]).toMatchObject({ index: 0, field: 'pasid', expected: 7, actual: 1 });
  });

  it('shows "met" only where an expectation was checked under the running policy', async () => {
    const f = tmp(
      'k.json',
      JSON.stringify({
        format: 'pasidscope/1',
        hosts: [{ id: 'A', policy: { kind: 'global' }, functions: [{ rid: 'f', kind: 'pf' }] }],
        events: [
          { op: 'host.bind', host: 'A', process: 'p', function: 'f', expect: { split: { ok: true } } },
          { op: 'host.bind', host: 'A', process: 'q', function: 'f', expect: { global: { ok: true } } },
        ],
      }),
    );
    const rows = (await cli('run', f)).out.split('\n').filter((l) => /^\d /.test(l));
    expect(rows[0]).not.toContain('met');
    expect(rows[1]).toContain('met');
  });

  it('exits 2 on bad input with every problem on stderr, and no stack trace', async () => {
    const f = tmp('bad.json', JSON.stringify({ format: 'pasidscope/1', hosts: [], events: [{ op: 'nope' }], extra: 1 }));
    const r = await cli('run', f);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('hosts: ');
    expect(r.err).toContain('events[0].op: unknown op "nope"');
    expect(r.err).toContain('unknown field "extra"');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect((await cli('run', tmp('n.json', 'not json'))).err).toContain('not JSON');
    const missing = await cli('run', join(root, 'does-not-exist.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`${join(root, 'does-not-exist.json')}: cannot read: ENOENT\n`);
  });
});

describe('pasidscope run PATH...', () => {
  function folder() {
    const dir = tmpDir();
    mkdirSync(join(dir, 'b'));
    mkdirSync(join(dir, 'a'));
    tmp('s1.json', JSON.stringify(JSON.parse(failing)), join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'z.json'), '{"format": "pasidscope/1"}');
    writeFileSync(join(dir, 'a', 'notes.txt'), 'not a scenario');
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ format: 'pasidscope/1', hosts: [{ id: 'A', policy: { kind: 'local' }, functions: [] }], events: [] }));
    return dir;
  }

  it('runs every *.json under a directory in sorted order, a block each and a summary line; exit is the worst', async () => {
    const dir = folder();
    const r = await cli('run', dir);
    expect(r.code).toBe(2);
    const headers = r.out.split('\n').filter((l) => l.startsWith('==> '));
    expect(headers).toEqual([`==> ${join(dir, 'a/z.json')} <==`, `==> ${join(dir, 'b/s1.json')} <==`, `==> ${join(dir, 'ok.json')} <==`]);
    expect(r.out).toMatch(/==> .*z\.json <==\nrejected: \d problems \(on stderr\)\n/);
    expect(r.err).toMatch(/z\.json: rejected, \d problems:\n {2}hosts: /);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(
      '3 files: 1 passed, 1 failed, 1 rejected; expectations: 1 checked, 1 failed; invariants: 0 broken',
    );
  });

  it('exits 1 when the worst file only failed an expectation, 0 when every file passed', async () => {
    const dir = folder();
    expect((await cli('run', join(dir, 'b'), join(dir, 'ok.json'))).code).toBe(1);
    expect((await cli('run', join(dir, 'ok.json'), join(dir, 'ok.json'))).code).toBe(0);
    const all = await cli('run', scenarios);
    expect(all.code).toBe(0);
    const n = readdirSync(join(root, 'public/scenarios')).filter((f) => f.endsWith('.json')).length;
    expect(all.out).toMatch(new RegExp(`\\n${n} files: ${n} passed, 0 failed, 0 rejected; expectations: \\d+ checked, 0 failed; invariants: 0 broken\\n$`));
  });

  it('--json prints one pasidscope-run/1 object per line per file, each with its file', async () => {
    const dir = folder();
    const r = await cli('run', dir, '--json');
    expect(r.code).toBe(2);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const docs = lines.map((l) => JSON.parse(l));
    expect(docs.map((d) => d.file)).toEqual([join(dir, 'a/z.json'), join(dir, 'b/s1.json'), join(dir, 'ok.json')]);
    expect(docs.every((d) => d.format === 'pasidscope-run/1')).toBe(true);
    expect(docs[0].problems[0].path).toBe('hosts');
    expect(docs[1]).toMatchObject({ policy: 'declared', expectations: { checked: 1 }, outcomes: [{ index: 0, ok: true }] });
    expect(docs[2].outcomes).toEqual([]);
  });

  it('refuses an empty directory and a FILE where compare needs one file', async () => {
    const r = await cli('run', tmpDir());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no \*\.json files under/);
    const c = await cli('compare', S1, S4);
    expect(c.code).toBe(2);
    expect(c.err).toContain('compare takes one FILE');
    const d = await cli('compare', scenarios);
    expect(d.code).toBe(2);
    expect(d.err).toContain('is a directory');
  });
});

describe('strict arguments', () => {
  it.each([
    [['run', S1, '--polcy', 'global'], 'unknown option --polcy'],
    [['run', S1, '--json=false'], '--json takes no value (got "false")'],
    [['run', S1, '--policy', 'global', '--policy', 'split'], '--policy is given more than once'],
    [['run', S1, '--json', '--json'], '--json is given more than once'],
    [['run', S1, '--policy'], '--policy needs a value'],
    [['run', S1, '--policy', '--json'], '--policy needs a value'],
    [['run', S1, '--policy', 'random'], '--policy must be one of global, local, split, linux, got "random"'],
    [['run', S1, '--reporter', 'tap'], '--reporter must be one of junit, got "tap"'],
    [['run', S1, '--json', '--reporter', 'junit'], '--json and --reporter junit are two output forms'],
    [['run'], 'missing PATH'],
    [['run', S1, '-x'], 'unknown option -x'],
    [['compare', S1, '--policy', 'global'], 'unknown option --policy'],
    [['compare'], 'missing FILE'],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('%j exits 2 with the usage line', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`pasidscope: ${message}`);
    expect(r.err).toMatch(/usage:\s+pasidscope (run|compare)/);
  });

  it('--help and -h print the usage and exit 0; no command prints it on stderr and exits 2', async () => {
    expect((await cli('--help')).code).toBe(0);
    expect((await cli('run', '-h')).out).toContain('pasidscope run PATH...');
    expect((await cli('compare', '--help')).code).toBe(0);
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.err).toContain('pasidscope workload');
  });

  it('takes a path that starts with a dash after --', async () => {
    const r = await cli('run', '--', '-odd.json');
    expect(r.code).toBe(2);
    expect(r.err).toContain('-odd.json: cannot read: ENOENT');
  });
});

describe('pasidscope compare', () => {
  it('shows every policy per event and marks where they differ', async () => {
    const r = await cli('compare', S4);
    expect(r.code).toBe(0);
    const row = r.out.split('\n').find((l) => l.includes('enqcmd') && l.includes('dsavf'))!;
    expect(row.startsWith('*')).toBe(true);
    expect(row).toMatch(/ok 0x2\s+ENODEV\s+EFAULT unmapped\s+ENOENT/);
  });

  it('--json gives each policy outcome and a differs flag, as JSON.stringify would', async () => {
    const r = await cli('compare', S4, '--json');
    const j = JSON.parse(r.out);
    expect(j.format).toBe('pasidscope-compare/1');
    // Linux has no ADIs: even the assign differs.
    expect(j.events[1].differs).toBe(true);
    expect(j.events[1].outcomes.linux).toMatchObject({ ok: false, code: 'EOPNOTSUPP' });
    const s1 = JSON.parse((await cli('compare', S1, '--json')).out);
    expect(s1.events[0].differs).toBe(false);
    expect(j.events[7].differs).toBe(true);
    expect(j.events[7].outcomes.split).toMatchObject({ ok: false, code: 'EFAULT', fault: 'unmapped' });
    expect(Object.keys(j.results)).toEqual(['global', 'local', 'split', 'linux']);
    expect(r.out).toBe(JSON.stringify(j, null, 2) + '\n');
  });
});
