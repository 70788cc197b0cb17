import { describe, expect, it } from 'vitest';
import { main } from './index.ts';
import { tmp } from './cli.testkit.ts';

/** A scenario of `n` events: one host process bound and unbound on one PF, over and over. */
function churn(n: number): string {
  const events = [];
  for (let i = 0; i < n; i++)
    events.push({ op: i % 2 ? 'host.unbind' : 'host.bind', host: 'A', process: 'p', function: 'f', ...(i === 0 ? { expect: { ok: true } } : {}) });
  return JSON.stringify({
    format: 'pasidscope/1',
    title: 'churn',
    hosts: [{ id: 'A', policy: { kind: 'global' }, functions: [{ rid: 'f', kind: 'pf' }] }],
    events,
  });
}

/** Run the command, counting what it writes instead of keeping it. */
async function counted(...argv: string[]) {
  let pieces = 0;
  let bytes = 0;
  let largest = 0;
  let newlines = 0;
  let tail = '';
  const code = await main(argv, {
    out: (s) => {
      pieces++;
      bytes += s.length;
      largest = Math.max(largest, s.length);
      for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) newlines++;
      tail = (tail + s).slice(-300);
    },
    err: (s) => {
      throw new Error(`unexpected stderr: ${s}`);
    },
  });
  return { code, pieces, bytes, largest, newlines, tail };
}

describe('output at scale is streamed, one outcome at a time', () => {
  const n = 150_000; // the whole-table Math.max(...rows) overflowed the stack from 125k rows
  const file = tmp('churn.json', churn(n));

  it('run prints the table row by row', async () => {
    const r = await counted('run', file);
    expect(r.code).toBe(0);
    expect(r.newlines).toBe(n + 6);
    expect(r.largest).toBeLessThan(500);
    expect(r.tail).toMatch(/expectations: 1 checked, 0 failed; invariants: hold; warnings: 0\n$/);
  });

  it('run --json writes the document outcome by outcome, and as several files one line each', async () => {
    const r = await counted('run', file, '--json');
    expect(r.code).toBe(0);
    expect(r.largest).toBeLessThan(2000);
    expect(r.pieces).toBeGreaterThan(n);
    const multi = await counted('run', tmp('a.json', churn(5000)), tmp('b.json', churn(5000)), '--json');
    expect(multi.code).toBe(0);
    expect(multi.newlines).toBe(2);
    expect(multi.largest).toBeLessThan(2000);
  });

  it('compare streams its table and its JSON too', async () => {
    const small = tmp('churn30k.json', churn(30_000));
    const t = await counted('compare', small);
    expect(t.code).toBe(0);
    expect(t.largest).toBeLessThan(500);
    const j = await counted('compare', small, '--json');
    expect(j.code).toBe(0);
    expect(j.largest).toBeLessThan(8000);
    expect(j.pieces).toBeGreaterThan(30_000);
  });
});
