/**
 * A fill sweep: the same workload (or scenario) run at several fill levels under the four
 * policies, to show how migration risk grows with occupancy ("what happens to
 * migration when the destination's PASID spaces are 60% full?"). One point per level and
 * policy, in columns (typed arrays), so the result crosses threads as transferred buffers.
 */
import { z } from 'zod';
import { ERROR_CODES, POLICY_KINDS, type ErrorCode, type PolicyKind } from '../model/types.ts';
import type { PolicyStats } from './fleet-stats.ts';
import { pct } from './fleet-report.ts';

/** Levels as typed: `0,0.2,0.4` or `0,20%,40%`; 2 to 21 distinct levels in [0, 1]. */
export const sweepLevelsSchema = z
  .array(z.number().min(0).max(1))
  .min(2, 'a sweep needs at least 2 levels')
  .max(21, 'at most 21 levels')
  .transform((xs) => [...new Set(xs)].sort((a, b) => a - b));

/** Read `0, 0.2, 40%, 0.6` into numbers; null entries for what is not a number. */
export function readLevels(text: string): (number | null)[] {
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((s) => {
      const v = s.endsWith('%') ? Number(s.slice(0, -1)) / 100 : Number(s);
      return Number.isFinite(v) ? v : null;
    });
}

export interface SweepResult {
  format: 'pasidscope-sweep/1';
  levels: number[];
  policies: PolicyKind[];
  /** [level × policies + policy] */
  attempted: Uint32Array;
  succeeded: Uint32Array;
  /** failed migrations by first code: [(level × policies + policy) × codes + code] */
  migrationFailures: Uint32Array;
  /** failed events of all ops */
  failed: Uint32Array;
  events: Uint32Array;
  /** first ENOSPC event, -1 if none */
  firstEnospc: Int32Array;
}

export function emptySweep(levels: number[], policies: readonly PolicyKind[] = POLICY_KINDS): SweepResult {
  const n = levels.length * policies.length;
  return {
    format: 'pasidscope-sweep/1',
    levels,
    policies: [...policies],
    attempted: new Uint32Array(n),
    succeeded: new Uint32Array(n),
    migrationFailures: new Uint32Array(n * ERROR_CODES.length),
    failed: new Uint32Array(n),
    events: new Uint32Array(n),
    firstEnospc: new Int32Array(n).fill(-1),
  };
}

/** Record one policy's statistics at level number `li`. */
export function recordSweep(r: SweepResult, li: number, s: PolicyStats): void {
  const k = li * r.policies.length + r.policies.indexOf(s.policy);
  r.attempted[k] = s.migration.attempted;
  r.succeeded[k] = s.migration.succeeded;
  r.failed[k] = s.failed;
  r.events[k] = s.events;
  r.firstEnospc[k] = s.firstEnospc?.index ?? -1;
  ERROR_CODES.forEach(
    (c, ci) => (r.migrationFailures[k * ERROR_CODES.length + ci] = s.migration.failures[c] ?? 0),
  );
}

/** Migration success rate at (level, policy), null when nothing was attempted. */
export function sweepRate(r: SweepResult, li: number, pi: number): number | null {
  const k = li * r.policies.length + pi;
  return r.attempted[k] ? r.succeeded[k] / r.attempted[k] : null;
}

export function sweepFailures(r: SweepResult, li: number, pi: number): Partial<Record<ErrorCode, number>> {
  const k = li * r.policies.length + pi;
  const out: Partial<Record<ErrorCode, number>> = {};
  ERROR_CODES.forEach((c, ci) => {
    const n = r.migrationFailures[k * ERROR_CODES.length + ci];
    if (n) out[c] = n;
  });
  return out;
}

/** Rows for a table: one per level, a cell per policy (`92.0% (23/25)`). */
export function sweepRows(r: SweepResult): { label: string; cells: string[] }[] {
  return r.levels.map((level, li) => ({
    label: `fill ${Math.round(level * 1000) / 10}%`,
    cells: r.policies.map((_, pi) => {
      const k = li * r.policies.length + pi;
      return `${pct(sweepRate(r, li, pi))} (${r.succeeded[k]}/${r.attempted[k]})`;
    }),
  }));
}

/** Plain JSON. */
export function sweepJson(r: SweepResult) {
  return {
    format: r.format,
    levels: r.levels,
    points: r.levels.flatMap((level, li) =>
      r.policies.map((policy, pi) => {
        const k = li * r.policies.length + pi;
        return {
          level,
          policy,
          migrationsAttempted: r.attempted[k],
          migrationsSucceeded: r.succeeded[k],
          migrationRate: sweepRate(r, li, pi),
          migrationFailures: sweepFailures(r, li, pi),
          failedEvents: r.failed[k],
          events: r.events[k],
          firstEnospc: r.firstEnospc[k] < 0 ? null : r.firstEnospc[k],
        };
      }),
    ),
  };
}

/** CSV: one row per (level, policy). */
export function sweepCsv(r: SweepResult): string {
  const head = [
    'fill_level',
    'policy',
    'migrations_attempted',
    'migrations_succeeded',
    'migration_success_rate',
    ...ERROR_CODES.map((c) => `migration_fail_${c}`),
    'failed_events',
    'events',
    'first_enospc_event',
  ];
  const lines = [head.join(',')];
  r.levels.forEach((level, li) =>
    r.policies.forEach((policy, pi) => {
      const k = li * r.policies.length + pi;
      const rate = sweepRate(r, li, pi);
      lines.push(
        [
          level,
          policy,
          r.attempted[k],
          r.succeeded[k],
          rate === null ? '' : rate,
          ...ERROR_CODES.map((_, ci) => r.migrationFailures[k * ERROR_CODES.length + ci]),
          r.failed[k],
          r.events[k],
          r.firstEnospc[k] < 0 ? '' : r.firstEnospc[k],
        ].join(','),
      );
    }),
  );
  return lines.join('\n') + '\n';
}
