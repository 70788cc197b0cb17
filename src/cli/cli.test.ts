import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.ts';

const root = join(import.meta.dirname, '../..');
const S1 = join(root, 'public/scenarios/s1-vf-migration-busy-destination.json');
const S4 = join(root, 'public/scenarios/s4-mixed-passthrough-swq-and-adi.json');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tmp(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pasidscope-'));
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
}

describe('pasidscope run', () => {
  it('prints a table and exits 0 when every expectation is met', async () => {
    const r = await cli('run', S1);
    expect(r.code).toBe(0);
    expect(r.out).toContain('migrate');
    expect(r.out).toMatch(/expectations: 10 checked, 0 failed; invariants: hold/);
  });

  it('--json prints pasidscope-run/1 with one outcome per event', async () => {
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
  });

  it('exits 1 when an expectation fails, naming it', async () => {
    const f = tmp(
      'x.json',
      JSON.stringify({
        format: 'pasidscope/1',
        hosts: [{ id: 'A', policy: { kind: 'global' }, functions: [{ rid: 'f', kind: 'pf' }] }],
        events: [{ op: 'host.bind', host: 'A', process: 'p', function: 'f', expect: { ok: true, pasid: 7 } }],
      }),
    );
    const r = await cli('run', f);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL want pasid 7');
    const j = JSON.parse((await cli('run', f, '--json')).out);
    expect(j.expectations.failed[0]).toMatchObject({ index: 0, field: 'pasid', expected: 7, actual: 1 });
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
    expect((await cli('run', join(root, 'does-not-exist.json'))).code).toBe(2);
  });

  it('exits 2 on bad arguments', async () => {
    expect((await cli('run', S1, '--policy', 'random')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('run')).err).toContain('missing FILE');
    expect((await cli('--help')).code).toBe(0);
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

  it('--json gives each policy outcome and a differs flag', async () => {
    const j = JSON.parse((await cli('compare', S4, '--json')).out);
    expect(j.format).toBe('pasidscope-compare/1');
    // Linux has no ADIs: even the assign differs.
    expect(j.events[1].differs).toBe(true);
    expect(j.events[1].outcomes.linux).toMatchObject({ ok: false, code: 'EOPNOTSUPP' });
    const s1 = JSON.parse((await cli('compare', S1, '--json')).out);
    expect(s1.events[0].differs).toBe(false);
    expect(j.events[7].differs).toBe(true);
    expect(j.events[7].outcomes.split).toMatchObject({ ok: false, code: 'EFAULT', fault: 'unmapped' });
    expect(Object.keys(j.results)).toEqual(['global', 'local', 'split', 'linux']);
  });
});

describe('the installed command', () => {
  it('runs through npx after npm install, with the exit status of DOMAIN.md §8', () => {
    const out = execFileSync('npx', ['--no-install', 'pasidscope', 'run', S1, '--policy', 'split', '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(out).outcomes[9]).toMatchObject({ op: 'migrate', ok: true });
    let status = 0;
    try {
      execFileSync('npx', ['--no-install', 'pasidscope', 'run', tmp('b.json', '{}')], { cwd: root, stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});
