/**
 * The fleet statistics as the user reads them: the summary per policy (one function for
 * the CLI table, the app's table and the CSV, so all three say the same), and the JSON
 * document (`pasidscope-workload/1`) the CLI prints and the app exports.
 */
import { ERROR_CODES, type ErrorCode, type PolicyKind } from '../model/types.ts';
import { HISTOGRAM_BUCKETS, type PolicyStats } from './fleet-stats.ts';
import { SPACE_CLASSES, type SpaceClass } from '../model/space.ts';
import type { WorkloadParams } from './workload.ts';
import type { FillSpec } from './fill.ts';

export interface KindSummary {
  kind: SpaceClass;
  spaces: number;
  /** mean and max utilisation at the end, 0..1 (null when there is no such space) */
  meanUtil: number | null;
  maxUtil: number | null;
  /** the highest utilisation any of them reached during the run */
  peakUtil: number | null;
  /** the smallest of their largest free runs at the end */
  minLargestFreeRun: number | null;
  /** free runs at the end, summed */
  freeRuns: number;
  /** how many of them ran full at some point */
  full: number;
}

export interface PolicySummary {
  policy: PolicyKind;
  events: number;
  ok: number;
  failed: number;
  engineErrors: number;
  migrationsAttempted: number;
  migrationsSucceeded: number;
  migrationRate: number | null;
  migrationsAlreadyThere: number;
  migrationFailures: Partial<Record<ErrorCode, number>>;
  kept: number;
  remapped: number;
  failures: Partial<Record<ErrorCode, number>>;
  kinds: KindSummary[];
  /** the hosts' allocation spaces: G, or the PF tables under local */
  host: KindSummary;
  firstEnospc: PolicyStats['firstEnospc'];
  firstFull: PolicyStats['firstFull'];
}

function kindSummary(p: PolicyStats, want: (i: number) => boolean, kind: SpaceClass): KindSummary {
  const s = p.spaces;
  let n = 0;
  let sum = 0;
  let max = 0;
  let peak = 0;
  let minRun = Infinity;
  let runs = 0;
  let full = 0;
  for (let i = 0; i < s.names.length; i++) {
    if (!want(i) || s.capacity[i] === 0) continue;
    n++;
    const u = s.used[i] / s.capacity[i];
    sum += u;
    max = Math.max(max, u);
    peak = Math.max(peak, s.peak[i] / s.capacity[i]);
    minRun = Math.min(minRun, s.largestFreeRun[i]);
    runs += s.freeRuns[i];
    if (s.fullAt[i] >= 0) full++;
  }
  return {
    kind,
    spaces: n,
    meanUtil: n ? sum / n : null,
    maxUtil: n ? max : null,
    peakUtil: n ? peak : null,
    minLargestFreeRun: n ? minRun : null,
    freeRuns: runs,
    full,
  };
}

/** Index of a kind in SPACE_CLASSES. */
const K = (k: SpaceClass) => SPACE_CLASSES.indexOf(k);

export function summarise(p: PolicyStats): PolicySummary {
  const s = p.spaces;
  const hasG = s.kind.some((k) => k === K('G'));
  const hostKind: SpaceClass = hasG ? 'G' : 'PF';
  return {
    policy: p.policy,
    events: p.events,
    ok: p.ok,
    failed: p.failed,
    engineErrors: p.engineErrors,
    migrationsAttempted: p.migration.attempted,
    migrationsSucceeded: p.migration.succeeded,
    migrationRate: p.migration.rate,
    migrationsAlreadyThere: p.migration.alreadyThere,
    migrationFailures: p.migration.failures,
    kept: p.migration.kept,
    remapped: p.migration.remapped,
    failures: p.failures,
    kinds: SPACE_CLASSES.map((k) => kindSummary(p, (i) => s.kind[i] === K(k), k)),
    host: kindSummary(p, (i) => s.kind[i] === K(hostKind), hostKind),
    firstEnospc: p.firstEnospc,
    firstFull: p.firstFull,
  };
}

/** A share as a percentage; small non-zero shares keep two significant digits (0.0031%), so "in use" never reads 0.0%. */
export const pct = (x: number | null, digits = 1): string =>
  x === null ? '—' : x > 0 && x < 10 ** -(digits + 2) * 10 ? `${(x * 100).toPrecision(2)}%` : `${(x * 100).toFixed(digits)}%`;
const count = (x: number | null): string => (x === null ? '—' : String(x));
function codes(c: Partial<Record<ErrorCode, number>>): string {
  const parts = ERROR_CODES.filter((k) => c[k]).map((k) => `${k} ${c[k]}`);
  return parts.length ? parts.join(', ') : '—';
}

/** One row of the side-by-side table: a label and one cell per policy. */
export interface SummaryRow {
  label: string;
  cells: string[];
  /** a longer explanation (the app shows it on hover) */
  help?: string;
}

/** The rows every face shows (CLI table, the app's table). */
export function summaryRows(ps: PolicySummary[]): SummaryRow[] {
  const row = (label: string, f: (p: PolicySummary) => string, help?: string): SummaryRow => ({ label, cells: ps.map(f), ...(help ? { help } : {}) });
  return [
    row('events ok / failed', (p) => `${p.ok} / ${p.failed}`),
    row('migration success rate', (p) => pct(p.migrationRate), 'successful migrations / migrations attempted'),
    row('migrations ok / attempted', (p) => `${p.migrationsSucceeded} / ${p.migrationsAttempted}`),
    row('migration failures', (p) => codes(p.migrationFailures), 'failed migrations by their first conflict code (DOMAIN.md §5 order)'),
    row(
      'VM already on destination',
      (p) => String(p.migrationsAlreadyThere),
      'migrate events for a VM that an earlier failed migration left where it was: not counted as attempts',
    ),
    row('PASIDs kept / remapped', (p) => `${p.kept} / ${p.remapped}`, 'by the successful migrations: same number on the destination, or a new hPASID'),
    row('failures by code (all ops)', (p) => codes(p.failures)),
    row('host space', (p) => (p.host.kind === 'G' ? 'G' : 'PF tables'), 'where the hosts allocate: the host-wide allocator G, or each PF table under local'),
    row('host space use, mean / max', (p) => `${pct(p.host.meanUtil)} / ${pct(p.host.maxUtil)}`, 'utilisation at the end of the run'),
    row('host space peak', (p) => pct(p.host.peakUtil), 'the highest utilisation a host space reached during the run'),
    row('host space largest free run (min)', (p) => count(p.host.minLargestFreeRun), 'fragmentation: the longest run of free IDs, in the worst host space, at the end'),
    row('host space free runs', (p) => String(p.host.freeRuns), 'fragmentation: number of maximal free runs, all host spaces, at the end'),
    ...SPACE_CLASSES.filter((k) => k !== 'G').map((k) =>
      row(`${k === 'guest' ? 'guest spaces' : `${k} tables`} use, mean / max`, (p) => {
        const s = p.kinds[SPACE_CLASSES.indexOf(k)];
        return `${pct(s.meanUtil)} / ${pct(s.maxUtil)}`;
      }),
    ),
    row('first ENOSPC', (p) => (p.firstEnospc ? `event ${p.firstEnospc.index} (${p.firstEnospc.op})` : '—'), 'the first event that found its space full'),
    row('first space full', (p) => (p.firstFull ? `${p.firstFull.space} at ${p.firstFull.index}` : '—'), 'the first space left without a free ID (0: full from the fill)'),
    row('engine errors', (p) => String(p.engineErrors), 'internal inconsistencies: a bug to report, not an outcome'),
  ];
}

/** Plain-array copy of a policy's statistics for JSON. */
export function policyJson(p: PolicyStats) {
  const s = p.spaces;
  return {
    ...p,
    spaces: {
      names: s.names,
      kind: Array.from(s.kind, (k) => SPACE_CLASSES[k]),
      host: Array.from(s.host),
      capacity: Array.from(s.capacity),
      used: Array.from(s.used),
      peak: Array.from(s.peak),
      largestFreeRun: Array.from(s.largestFreeRun),
      freeRuns: Array.from(s.freeRuns),
      fullAt: Array.from(s.fullAt),
    },
    histogram: Object.fromEntries(SPACE_CLASSES.map((k, i) => [k, Array.from(p.histogram.subarray(i * HISTOGRAM_BUCKETS, (i + 1) * HISTOGRAM_BUCKETS))])),
    series: Object.fromEntries(Object.entries(p.series).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)])),
    summary: summarise(p),
  };
}

export interface WorkloadDocInput {
  params: WorkloadParams | null;
  fills: readonly FillSpec[];
  title: string;
  hosts: number;
  vms: number;
  events: number;
  policies: PolicyStats[];
}

/** The JSON document of a workload's statistics (`pasidscope workload --json`, the app's export). */
export function workloadJson(d: WorkloadDocInput) {
  return {
    format: 'pasidscope-workload/1',
    title: d.title,
    params: d.params,
    fills: d.fills,
    hosts: d.hosts,
    vms: d.vms,
    events: d.events,
    histogramBuckets: 'bucket b counts free runs of length 2^b to 2^(b+1)-1',
    policies: d.policies.map(policyJson),
  };
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One CSV row per policy, a fixed set of columns. */
export function summaryCsv(ps: PolicySummary[]): string {
  const cols: [string, (p: PolicySummary) => unknown][] = [
    ['policy', (p) => p.policy],
    ['events', (p) => p.events],
    ['ok', (p) => p.ok],
    ['failed', (p) => p.failed],
    ['migrations_attempted', (p) => p.migrationsAttempted],
    ['migrations_succeeded', (p) => p.migrationsSucceeded],
    ['migration_success_rate', (p) => p.migrationRate],
    ['migrations_vm_already_there', (p) => p.migrationsAlreadyThere],
    ['pasids_kept', (p) => p.kept],
    ['pasids_remapped', (p) => p.remapped],
    ...ERROR_CODES.map((c): [string, (p: PolicySummary) => unknown] => [`migration_fail_${c}`, (p) => p.migrationFailures[c] ?? 0]),
    ...ERROR_CODES.map((c): [string, (p: PolicySummary) => unknown] => [`fail_${c}`, (p) => p.failures[c] ?? 0]),
    ['host_space', (p) => p.host.kind],
    ...SPACE_CLASSES.flatMap((k, i): [string, (p: PolicySummary) => unknown][] => [
      [`${k}_spaces`, (p) => p.kinds[i].spaces],
      [`${k}_util_mean`, (p) => p.kinds[i].meanUtil],
      [`${k}_util_max`, (p) => p.kinds[i].maxUtil],
      [`${k}_util_peak`, (p) => p.kinds[i].peakUtil],
      [`${k}_largest_free_run_min`, (p) => p.kinds[i].minLargestFreeRun],
      [`${k}_free_runs`, (p) => p.kinds[i].freeRuns],
      [`${k}_ran_full`, (p) => p.kinds[i].full],
    ]),
    ['first_enospc_event', (p) => p.firstEnospc?.index],
    ['first_enospc_op', (p) => p.firstEnospc?.op],
    ['first_full_event', (p) => p.firstFull?.index],
    ['first_full_space', (p) => p.firstFull?.space],
    ['engine_errors', (p) => p.engineErrors],
  ];
  const lines = [cols.map(([h]) => h).join(',')];
  for (const p of ps) lines.push(cols.map(([, f]) => csvCell(f(p))).join(','));
  return lines.join('\n') + '\n';
}
