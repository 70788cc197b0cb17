import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BRANCH_FORMAT, branchFileText, isBranchFile, readBranchFile } from './branch-file.ts';
import { commitEdit, newBranchSet, type BranchSet } from './branches.ts';

const s1 = readFileSync(new URL('../../public/scenarios/s1-vf-migration-busy-destination.json', import.meta.url), 'utf8');
const forked = (): BranchSet => {
  const doc = JSON.parse(s1) as { events: Record<string, unknown>[] };
  doc.events[9] = { ...doc.events[9], note: 'changed' };
  const r = commitEdit(newBranchSet(s1), JSON.stringify(doc), { step: 9, name: 'what if' });
  if (!r.ok) throw new Error(r.reason);
  return r.set;
};

describe('branch file', () => {
  it('round-trips names, fork steps, scenarios and the current branch', () => {
    const set = forked();
    const text = branchFileText(set);
    expect(isBranchFile(text)).toBe(true);
    expect(isBranchFile(s1)).toBe(false);
    const r = readBranchFile(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.set.branches.map((b) => [b.name, b.forkStep])).toEqual([
      ['main', null],
      ['what if', 9],
    ]);
    expect(r.set.current).toBe(r.set.branches[1].id);
    expect(JSON.parse(r.set.branches[1].text)).toEqual(JSON.parse(set.branches[1].text));
  });

  it('names the first problem by its path in the file', () => {
    const base = JSON.parse(branchFileText(forked())) as { branches: { name: string; scenario: { hosts: unknown } }[] };
    const bad = (f: (d: typeof base) => void) => {
      const d = structuredClone(base);
      f(d);
      return readBranchFile(JSON.stringify(d));
    };
    expect(bad((d) => (d.branches[1].scenario.hosts = 'x'))).toMatchObject({ ok: false, path: expect.stringMatching(/^branches\.1\.scenario\.hosts/) });
    expect(bad((d) => (d.branches[1].name = 'main'))).toMatchObject({ ok: false, path: 'branches.1.name' });
    expect(bad((d) => (d.branches[0].name = 'x'.repeat(200)))).toMatchObject({ ok: false, path: 'branches.0.name' });
    expect(bad((d) => (d.branches = []))).toMatchObject({ ok: false, path: 'branches' });
    expect(bad((d) => Object.assign(d, { extra: 1 }))).toMatchObject({ ok: false });
    expect(readBranchFile('{"format":"pasidscope-branches/2","branches":[]}')).toMatchObject({ ok: false, path: 'format' });
    expect(readBranchFile('not json')).toMatchObject({ ok: false, message: expect.stringMatching(/not JSON/) });
    expect(readBranchFile(`{"format":"${BRANCH_FORMAT}","x":${'['.repeat(5000)}${']'.repeat(5000)}}`)).toMatchObject({ ok: false, message: expect.stringMatching(/nested/) });
    expect(readBranchFile(' '.repeat(16 * 1024 * 1024 + 1))).toMatchObject({ ok: false, message: expect.stringMatching(/at most/) });
  });

  it('keeps a branch named __proto__ as data', () => {
    const d = JSON.parse(branchFileText(forked())) as { branches: { name: string }[]; current: string };
    d.branches[1].name = '__proto__';
    d.current = '__proto__';
    const r = readBranchFile(JSON.stringify(d));
    if (!r.ok) throw new Error(r.message);
    expect(r.set.branches[1].name).toBe('__proto__');
    expect(r.set.current).toBe(r.set.branches[1].id);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
