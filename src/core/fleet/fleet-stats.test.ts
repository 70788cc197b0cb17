import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HISTOGRAM_BUCKETS, fleetStats, freeRuns, runPolicyStats, filledState } from './fleet-stats.ts';
import { SPACE_CLASSES } from '../model/space.ts';
import { statsTimeline } from './stats-timeline.ts';
import { summarise, summaryCsv, summaryRows, workloadJson } from './fleet-report.ts';
import { generateWorkload } from './workload.ts';
import { applyEvent } from '../engine/apply-event.ts';
import { NaiveIdSet } from '../id-set/naive-id-set.ts';
import { POLICY_KINDS, type Outcome } from '../model/types.ts';

describe('freeRuns', () => {
  it('measures the gaps between used runs, and buckets them by log2 length', () => {
    const s = new NaiveIdSet(0, 100);
    for (const id of [0, 1, 5, 6, 7, 50]) s.add(id);
    const h = new Uint32Array(HISTOGRAM_BUCKETS);
    // free: [2,5) len 3, [8,50) len 42, [51,100) len 49
    expect(freeRuns(s, 0, 100, h)).toEqual({ largest: 49, runs: 3 });
    expect(h[1]).toBe(1); // 3 in [2,4)
    expect(h[5]).toBe(2); // 42 and 49 in [32,64)
    expect(freeRuns(new NaiveIdSet(0, 8), 0, 8)).toEqual({ largest: 8, runs: 1 });
  });
});

const small = { events: 1500, hosts: 3, pfs: 3, vfsPerPf: 2, iommuBits: 6, widths: [6, 4], hostProcs: 12, guestProcs: 4, migrate: 0.15 };

describe('fleet statistics', () => {
  it('count every event once, and every failed migration by its code', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(...POLICY_KINDS), (seed, kind) => {
        const w = generateWorkload({ seed, ...small });
        const p = runPolicyStats(w.scenario, kind, w.fills);
        // the same run, by hand
        const { scenario, state } = filledState(w.scenario, kind, w.fills);
        const outs: Outcome[] = scenario.events.map((e, i) => applyEvent(state, e, i));
        expect(p.events).toBe(outs.length);
        expect(p.ok).toBe(outs.filter((o) => o.ok).length);
        expect(p.ok + p.failed).toBe(p.events);
        expect(Object.values(p.failures).reduce((a, b) => a + b, 0)).toBe(p.failed - p.engineErrors);
        const migrations = outs.filter((o) => o.op === 'migrate');
        expect(p.migration.alreadyThere).toBe(migrations.filter((o) => o.code === 'EINVAL').length);
        expect(p.migration.attempted).toBe(migrations.length - p.migration.alreadyThere);
        expect(p.migration.succeeded).toBe(migrations.filter((o) => o.ok).length);
        expect(p.migration.succeeded + Object.values(p.migration.failures).reduce((a, b) => a + b, 0)).toBe(p.migration.attempted);
        const firstNospc = outs.find((o) => o.code === 'ENOSPC');
        expect(p.firstEnospc?.index ?? null).toBe(firstNospc?.index ?? null);
        // the end state, space by space
        for (let i = 0; i < p.spaces.names.length; i++) {
          expect(p.spaces.used[i]).toBeLessThanOrEqual(p.spaces.peak[i]);
          expect(p.spaces.peak[i]).toBeLessThanOrEqual(p.spaces.capacity[i]);
          if (p.spaces.fullAt[i] >= 0) expect(p.spaces.peak[i]).toBe(p.spaces.capacity[i]);
        }
        // histograms hold every free run
        for (let k = 0; k < SPACE_CLASSES.length; k++) {
          const runs = p.spaces.freeRuns.reduce((a, r, i) => a + (p.spaces.kind[i] === k ? r : 0), 0);
          expect(p.histogram.subarray(k * HISTOGRAM_BUCKETS, (k + 1) * HISTOGRAM_BUCKETS).reduce((a, b) => a + b, 0)).toBe(runs);
        }
        // the series is cumulative and ends at the totals
        const s = p.series;
        for (let i = 1; i < s.at.length; i++) {
          expect(s.at[i]).toBeGreaterThan(s.at[i - 1]);
          expect(s.migrations[i]).toBeGreaterThanOrEqual(s.migrations[i - 1]);
          expect(s.failed[i]).toBeGreaterThanOrEqual(s.failed[i - 1]);
        }
        expect(s.at[s.at.length - 1]).toBe(p.events);
        expect(s.migrated[s.at.length - 1]).toBe(p.migration.succeeded);
        expect(s.failed[s.at.length - 1]).toBe(p.failed);
      }),
      { numRuns: 30 },
    );
  });

  it('find the first space to run full and the first ENOSPC, in a fleet whose spaces are tiny', () => {
    const w = generateWorkload({ seed: 11, ...small, iommuBits: 4, widths: [4], hostProcs: 40 });
    const p = runPolicyStats(w.scenario, 'global', []);
    expect(p.firstEnospc).not.toBeNull();
    expect(p.firstFull).not.toBeNull();
    // a space runs full before anything can find it full
    expect(p.firstFull!.index).toBeLessThanOrEqual(p.firstEnospc!.index);
    expect(p.spaces.names).toContain(p.firstFull!.space);
    const i = p.spaces.names.indexOf(p.firstFull!.space);
    expect(p.spaces.fullAt[i]).toBe(p.firstFull!.index);
  });

  it('see a full fill as full from the start', () => {
    const w = generateWorkload({ seed: 1, ...small, fill: 1, fillHosts: 1, fillPattern: 'lowest' });
    const p = runPolicyStats(w.scenario, 'split', w.fills);
    expect(p.firstFull).toEqual({ index: 0, space: 'h0/G' });
  });

  it('are the same from a timeline built in slices as from a plain run', () => {
    const w = generateWorkload({ seed: 21, ...small, fill: 0.5, fillHosts: 2 });
    for (const kind of POLICY_KINDS) {
      const r = statsTimeline(w.scenario, kind, w.fills, { checkpointEvery: 64 });
      while (!r.timeline.step(333));
      expect(r.finish()).toEqual(runPolicyStats(w.scenario, kind, w.fills));
    }
  });

  it('show the thread: migrations fail under global and succeed under split on the same workload', () => {
    const w = generateWorkload({ seed: 1, events: 5000, hosts: 4 });
    const f = fleetStats(w.scenario, w.fills);
    const rate = Object.fromEntries(f.policies.map((p) => [p.policy, p.migration.rate]));
    expect(rate.global!).toBeLessThan(0.5);
    expect(rate.split).toBe(1);
    expect(f.policies[0].migration.failures.EBUSY).toBeGreaterThan(0);
  });
});

describe('fleet report', () => {
  const w = generateWorkload({ seed: 2, ...small });
  const f = fleetStats(w.scenario, w.fills);
  const sums = f.policies.map(summarise);

  it('gives one table row per statistic, one cell per policy', () => {
    const rows = summaryRows(sums);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r.cells).toHaveLength(4);
    expect(rows.find((r) => r.label === 'migration success rate')!.cells.every((c) => /%$|—/.test(c))).toBe(true);
  });

  it('exports CSV with a header and one row per policy, every row as wide as the header', () => {
    const lines = summaryCsv(sums).trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const width = lines[0].split(',').length;
    for (const l of lines) expect(l.split(',').length).toBe(width);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([...POLICY_KINDS]);
  });

  it('exports JSON with plain arrays that survives a round trip', () => {
    const doc = workloadJson({ params: w.params, fills: w.fills, title: w.scenario.title, hosts: 3, vms: 12, events: 1500, policies: f.policies });
    const back = JSON.parse(JSON.stringify(doc));
    expect(back).toEqual(doc);
    expect(back.policies[0].spaces.used).toEqual(Array.from(f.policies[0].spaces.used));
    expect(back.policies[0].histogram.G).toHaveLength(HISTOGRAM_BUCKETS);
  });
});
