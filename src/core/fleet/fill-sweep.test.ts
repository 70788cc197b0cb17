import { describe, expect, it } from 'vitest';
import {
  emptySweep,
  readLevels,
  recordSweep,
  sweepCsv,
  sweepJson,
  sweepLevelsSchema,
  sweepRate,
  sweepRows,
} from './fill-sweep.ts';
import { runPolicyStats } from './fleet-stats.ts';
import { generateWorkload } from './workload.ts';
import { POLICY_KINDS } from '../model/types.ts';

describe('fill sweep', () => {
  it('reads levels as numbers or percentages, sorted and without repeats', () => {
    expect(readLevels('0, 0.2 40%,x')).toEqual([0, 0.2, 0.4, null]);
    expect(sweepLevelsSchema.parse([0.6, 0, 0.6, 0.2])).toEqual([0, 0.2, 0.6]);
    expect(sweepLevelsSchema.safeParse([0.5]).success).toBe(false);
    expect(sweepLevelsSchema.safeParse([0, 1.5]).success).toBe(false);
  });

  it('records one point per level and policy, and reports them as rows, CSV and JSON', () => {
    const levels = [0, 1];
    const r = emptySweep(levels);
    levels.forEach((level, li) => {
      const w = generateWorkload({
        seed: 3,
        events: 2000,
        hosts: 3,
        iommuBits: 10,
        widths: [10],
        fill: level,
        fillHosts: 1,
      });
      for (const k of POLICY_KINDS) recordSweep(r, li, runPolicyStats(w.scenario, k, w.fills));
    });
    const split = POLICY_KINDS.indexOf('split');
    expect(sweepRate(r, 0, split)).toBe(1);
    expect(sweepRate(r, 1, split)!).toBeLessThan(1);
    expect(sweepRows(r).map((x) => x.label)).toEqual(['fill 0%', 'fill 100%']);
    const csv = sweepCsv(r).trim().split('\n');
    expect(csv).toHaveLength(1 + 2 * 4);
    expect(new Set(csv.map((l) => l.split(',').length)).size).toBe(1);
    const j = sweepJson(r);
    expect(j.points).toHaveLength(8);
    expect(j.points[split].migrationRate).toBe(1);
  });
});
