import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, root } from './cli.testkit.ts';

const S1 = join(root, 'public/scenarios/s1-vf-migration-busy-destination.json');

const small = ['--events', '3000', '--hosts', '3', '--iommu-bits', '12', '--widths', '12'];

describe('pasidscope workload', () => {
  it('prints the four policies side by side', async () => {
    const r = await cli('workload', '--seed', '5', ...small);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const head = r.out.split('\n').find((l) => l.includes('global'))!;
    expect(head.trim().split(/\s+/)).toEqual(['global', 'local', 'split', 'linux']);
    expect(r.out).toMatch(/^migration success rate\s+\S+%\s+\S+%\s+\S+%\s+\S+%$/m);
    expect(r.out).toMatch(/^first ENOSPC/m);
  });

  it('--json prints pasidscope-workload/1, the same for the same seed and different for another', async () => {
    const a = await cli('workload', '--seed', '5', ...small, '--json');
    const b = await cli('workload', '--seed', '5', ...small, '--json');
    const c = await cli('workload', '--seed', '6', ...small, '--json');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.out).not.toBe(c.out);
    const j = JSON.parse(a.out);
    expect(j.format).toBe('pasidscope-workload/1');
    expect(j.params.seed).toBe(5);
    expect(j.events).toBe(3000);
    expect(j.policies.map((p: { policy: string }) => p.policy)).toEqual([
      'global',
      'local',
      'split',
      'linux',
    ]);
    for (const p of j.policies) {
      expect(p.ok + p.failed).toBe(3000);
      expect(p.spaces.names.length).toBe(p.spaces.used.length);
      expect(p.histogram.G).toHaveLength(21);
      expect(p.summary.migrationsAttempted).toBe(p.migration.attempted);
    }
  });

  it('--policy runs one policy', async () => {
    const r = await cli('workload', '--seed', '5', ...small, '--policy', 'split', '--json');
    expect(JSON.parse(r.out).policies.map((p: { policy: string }) => p.policy)).toEqual(['split']);
  });

  it('fills hosts before the first event: the fill shows in the utilisation', async () => {
    const r = await cli(
      'workload',
      '--seed',
      '5',
      ...small,
      '--fill',
      '50%',
      '--fill-pattern',
      'fragmented',
      '--json',
    );
    const j = JSON.parse(r.out);
    const global = j.policies[0];
    expect(global.summary.host.peakUtil).toBeGreaterThanOrEqual(0.5);
    // fragmented: every free run of G is a single ID at 50%
    expect(global.summary.host.minLargestFreeRun).toBeLessThanOrEqual(2);
  });

  it('exits 2 listing every bad option by name', async () => {
    const r = await cli('workload', '--seed', 'x', '--fill', '2', '--fill-pattern', 'zigzag');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('--seed: "x" is not an integer');
    expect(r.err).toMatch(/--fill: .*<=1/);
    expect(r.err).toMatch(/--fill-pattern: .*"lowest"/);
    expect(r.err).toContain('usage: pasidscope workload --seed S');
  });

  it('refuses unknown, repeated, valueless and value-taking-switch options before anything runs', async () => {
    for (const [argv, message] of [
      [['--seed', '1', '--bogus', '1'], 'unknown option --bogus'],
      [['--seed', '1', '--seed', '2'], '--seed is given more than once'],
      [['--seed', '1', '--events'], '--events needs a value'],
      [['--seed', '1', '--events', '--json'], '--events needs a value'],
      [['--seed', '1', '--json=false'], '--json takes no value'],
      [['--seed', '1', '--policy', 'global', '--policy', 'split'], '--policy is given more than once'],
      [['--seed', '1', 'extra'], 'workload takes no FILE argument'],
    ] as const) {
      const r = await cli('workload', ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(message);
      expect(r.err).toContain('usage: pasidscope workload');
    }
  });

  it('exits 2 without --seed, and on a bad --policy', async () => {
    expect((await cli('workload', '--events', '10')).err).toContain('--seed is required');
    expect((await cli('workload', '--events', '10')).code).toBe(2);
    expect((await cli('workload', '--seed', '1', '--policy', 'nope')).code).toBe(2);
  });

  it('--scenario fills a scenario host: in S1 a 50%-full B adds conflicts under global only', async () => {
    const conflicts = (j: {
      policies: { policy: string; migration: { conflicts: Record<string, number>; rate: number } }[];
    }) =>
      Object.fromEntries(
        j.policies.map((p) => [p.policy, [p.migration.conflicts.EBUSY ?? 0, p.migration.rate]]),
      );
    const plain = await cli('workload', '--scenario', S1, '--json');
    const r = await cli('workload', '--scenario', S1, '--fill', '0.5', '--fill-host', 'B', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.fills).toEqual([{ host: 'B', level: 0.5, pattern: 'random', seed: 0 }]);
    // S1's VM holds PASIDs 1-3; B's two SVA processes already hold 1 and 2. Half of the
    // rest of B's G taken at random takes PASID 3 too (seed 0).
    expect(conflicts(JSON.parse(plain.out))).toEqual({
      global: [2, 0],
      local: [0, 1],
      split: [0, 1],
      linux: [0, 1],
    });
    expect(conflicts(j)).toEqual({ global: [3, 0], local: [0, 1], split: [0, 1], linux: [0, 1] });
    const bad = await cli('workload', '--scenario', S1, '--fill', '0.5', '--fill-host', 'Z');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown host "Z"');
  });

  it('--sweep runs once per fill level and prints migration success per policy and level', async () => {
    const r = await cli(
      'workload',
      '--seed',
      '5',
      ...small,
      '--fill-hosts',
      '1',
      '--sweep',
      '0,50%,1',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.format).toBe('pasidscope-sweep/1');
    expect(j.levels).toEqual([0, 0.5, 1]);
    expect(j.points).toHaveLength(12);
    // A full destination G leaves split no hPASID for translated processes: ENOSPC.
    const split = j.points.filter((p: { policy: string }) => p.policy === 'split');
    expect(split[0].migrationRate).toBe(1);
    expect(split[2].migrationFailures.ENOSPC).toBeGreaterThan(0);
    const table = await cli('workload', '--seed', '5', ...small, '--sweep', '0,0.5');
    expect(table.out).toMatch(/^fill 50%\s+\S+%/m);
    const bad = await cli('workload', '--seed', '5', '--sweep', '0,0.5', '--fill', '0.2');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('leave out --fill');
    const one = await cli('workload', '--seed', '5', '--sweep', '0.5');
    expect(one.err).toContain('at least 2 levels');
  });

  it('--help prints the options', async () => {
    const r = await cli('workload', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--fill-pattern');
  });
});
