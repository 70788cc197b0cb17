/**
 * The command as users get it, in subprocesses: `npm pack` (which builds the bin through
 * the `prepare` script, so what is tested is the current source) and the tarball run by
 * npx from a clean directory with no registry and an empty npm cache; the bin in the
 * repository; and a reader that closes the pipe early. Every subprocess test of the
 * command lives in this one file, because packing rebuilds bin/dist while it runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { root, tmp, tmpDir } from './cli.testkit.ts';

const S1 = join(root, 'public/scenarios/s1-vf-migration-busy-destination.json');
const bin = join(root, 'bin/pasidscope.cjs');

let tarball = '';
let packed: { files: { path: string }[] }[] = [];

beforeAll(() => {
  const dest = tmpDir();
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // npm prints the prepare script's output before the JSON document
  packed = JSON.parse(out.slice(out.indexOf('[\n')));
  tarball = join(dest, readdirSync(dest).find((f) => f.endsWith('.tgz'))!);
}, 120_000);

describe('npm pack', () => {
  it('holds only what the command needs', () => {
    expect(packed[0].files.map((f) => f.path).sort()).toEqual(['README.md', 'bin/dist/pasidscope.cache', 'bin/dist/pasidscope.cjs', 'bin/pasidscope.cjs', 'package.json']);
  });

  it('runs through npx from a clean directory, offline, with an empty npm cache', () => {
    const dir = tmpDir();
    copyFileSync(S1, join(dir, 'file.json'));
    copyFileSync(tarball, join(dir, basename(tarball)));
    // As the README says: npx ./pasidscope-*.tgz run file.json
    const npx = (...args: string[]) =>
      spawnSync('npx', ['--yes', '--offline', '--cache', join(dir, '.npm-cache'), `./${basename(tarball)}`, ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, npm_config_registry: 'http://127.0.0.1:9/' },
      });
    const ok = npx('run', 'file.json', '--policy', 'split', '--json');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).outcomes[9]).toMatchObject({ op: 'migrate', ok: true });
    const bad = npx('run', tmp('b.json', '{}', dir));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('b.json: rejected');
  }, 60_000);
});

describe('the bin in the repository', () => {
  const run = (...args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8' });

  it('runs with the exit status of DOMAIN.md §8', () => {
    const ok = run('run', S1, '--policy', 'split', '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).outcomes[9]).toMatchObject({ op: 'migrate', ok: true });
    expect(run('run', tmp('b.json', '{}')).status).toBe(2);
    expect(run('run', S1, '--polcy', 'global').status).toBe(2);
    const w = run('workload', '--seed', '2', '--events', '500', '--hosts', '2', '--json');
    expect(w.status).toBe(0);
    expect(JSON.parse(w.stdout).policies).toHaveLength(4);
  });

  it('runs through npx in the repository after npm install', () => {
    const r = spawnSync('npx', ['--no-install', 'pasidscope', 'run', S1], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('expectations: 10 checked, 0 failed; invariants: hold');
  });

  it('exits quietly, with 141, when the reader closes the pipe early', () => {
    const dir = tmpDir();
    const events = Array.from({ length: 60_000 }, (_, i) => ({ op: i % 2 ? 'host.unbind' : 'host.bind', host: 'A', process: 'p', function: 'f' }));
    const f = tmp('long.json', JSON.stringify({ format: 'pasidscope/1', hosts: [{ id: 'A', policy: { kind: 'global' }, functions: [{ rid: 'f', kind: 'pf' }] }], events }), dir);
    for (const extra of [[], ['--json']]) {
      const r = spawnSync('bash', ['-c', 'set -o pipefail; node "$0" run "$1" "${@:2}" | head -n 3; echo "status ${PIPESTATUS[0]}" >&2', bin, f, ...extra], {
        encoding: 'utf8',
      });
      expect(r.stdout.split('\n')).toHaveLength(4);
      expect(r.stderr).toBe('status 141\n');
    }
  });
});
