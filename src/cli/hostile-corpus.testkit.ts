/**
 * Runs the hostile-input corpus (corpus/manifest.json, described in corpus/README.md)
 * through the command, in this process, and checks each case does what its entry says.
 */
import { expect } from 'vitest';
import { closeSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { LIMITS } from '../core/scenario/limits.ts';
import { cli, root, tmp, tmpDir } from './cli.testkit.ts';

export interface CorpusCase {
  name: string;
  file?: string;
  generate?: 'oversize-bytes' | 'too-many-events';
  what: string;
  expect: 'rejected' | 'runs';
  exit: 0 | 1 | 2;
  problems?: string[];
  notProblems?: string[];
  invariants?: 'hold';
  outcomes?: { index: number; match: Record<string, unknown> }[];
  parser?: boolean;
}

export const corpusDir = join(root, 'corpus');

export function corpusCases(): CorpusCase[] {
  const m = JSON.parse(readFileSync(join(corpusDir, 'manifest.json'), 'utf8'));
  expect(m.format).toBe('pasidscope-hostile-corpus/1');
  return m.cases;
}

/** The case's file: from the corpus, or made now (oversize files are never committed). */
export function caseFile(c: CorpusCase): string {
  if (c.file) return join(corpusDir, c.file);
  if (c.generate === 'oversize-bytes') {
    const f = join(tmpDir(), 'oversize.json');
    const fd = openSync(f, 'w');
    ftruncateSync(fd, LIMITS.bytes + 1); // sparse
    closeSync(fd);
    return f;
  }
  if (c.generate === 'too-many-events')
    return tmp(
      'too-many-events.json',
      `{"format":"pasidscope/1","hosts":[{"id":"A","policy":{"kind":"global"},"functions":[]}],"events":[${'{},'.repeat(LIMITS.events)}{}]}`,
    );
  throw new Error(`case ${c.name}: neither a file nor a known generator`);
}

/** Characters that must never reach a terminal raw (see terminal-text.ts). */
// eslint-disable-next-line no-control-regex -- the controls are what is looked for
const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function expectSafe(label: string, r: { out: string; err: string }): void {
  expect(UNSAFE.exec(r.out)?.[0], `${label}: a raw control character on stdout`).toBeUndefined();
  expect(UNSAFE.exec(r.err)?.[0], `${label}: a raw control character on stderr`).toBeUndefined();
  expect(r.err, `${label}: an internal error`).not.toMatch(/internal error|Maximum call stack|\n\s+at /);
}

/** The JSON paths of the problems on stderr (`  path: message`; `(document)` and a file-level message are ''). */
export function problemPaths(err: string, file: string): string[] {
  const paths: string[] = [];
  for (const line of err.split('\n')) {
    if (line.startsWith('  ')) {
      const path = line.slice(2, line.indexOf(': '));
      paths.push(path === '(document)' ? '' : path);
    } else if (line.startsWith(`${file}: `) && !line.includes(': rejected, ')) paths.push('');
  }
  return paths;
}

/** `p` names `path` exactly; `p*` names it and everything under it. */
function names(p: string, path: string): boolean {
  if (!p.endsWith('*')) return path === p;
  const base = p.slice(0, -1);
  return path === base || path.startsWith(`${base}.`) || path.startsWith(`${base}[`);
}

/** Run one case through `run` (table, JSON, JUnit) and `compare` (table, JSON), checking what its entry says. */
export async function checkCase(c: CorpusCase): Promise<void> {
  const file = caseFile(c);
  const r = await cli('run', file);
  expectSafe(`run ${c.name}`, r);
  expect(r.code, `${c.name}: exit status of run\n${r.err.slice(0, 2000)}`).toBe(c.exit);
  if (c.expect === 'rejected') {
    expect(r.out).toBe('');
    const paths = problemPaths(r.err, file);
    expect(paths.length, `${c.name}: at least one problem`).toBeGreaterThan(0);
    for (const p of c.problems ?? []) expect(paths.some((x) => names(p, x)), `${c.name}: a problem at ${p || '(document)'}; got ${paths.slice(0, 8).join(', ')}${paths.length > 8 ? ', …' : ''}`).toBe(true);
    for (const p of c.notProblems ?? []) expect(paths.filter((x) => names(p, x)).slice(0, 8), `${c.name}: no problem at ${p}`).toEqual([]);
  } else {
    const j = JSON.parse((await cli('run', file, '--json')).out);
    expect(j.violations, `${c.name}: invariants hold`).toEqual([]);
    for (const o of c.outcomes ?? []) expect(j.outcomes[o.index], `${c.name}: outcome ${o.index}`).toMatchObject(o.match);
  }
  for (const argv of [['run', file, '--json'], ['run', file, '--reporter', 'junit'], ['compare', file], ['compare', file, '--json']]) {
    const x = await cli(...argv);
    const label = `${argv.join(' ')} (${c.name})`;
    expectSafe(label, x);
    if (c.expect === 'rejected') expect(x.code, label).toBe(2);
    else expect(x.code, label).toBeLessThan(2);
    if (argv[2] === '--reporter') expect(XMLValidator.validate(x.out), label).toBe(true);
    if (argv[0] === 'compare' && argv[2] === '--json' && c.expect === 'runs')
      for (const [kind, res] of Object.entries(JSON.parse(x.out).results as Record<string, { violations: unknown[] }>))
        expect(res.violations, `${label}: invariants under ${kind}`).toEqual([]);
  }
}
