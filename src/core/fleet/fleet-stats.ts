/**
 * Fleet statistics of one run, gathered while the events run: migration success
 * rate, failures by code, utilisation per space, fragmentation (largest free run,
 * free-run histogram), and the event where a space first runs out. The four policies run
 * the same workload and their statistics are compared side by side.
 *
 * Everything per space, per sample or per bucket is a typed array, so a whole result
 * crosses from the worker to the page as transferred buffers (DESIGN.md convention 8).
 */
import { withPolicy, OPS, type Op, type Scenario, type ScenarioEvent } from '../scenario/index.ts';
import { initialState, type EngineState } from '../engine/state.ts';
import { fleetSpaces } from './fleet-spaces.ts';
import { SPACE_CLASSES } from '../model/space.ts';
import { applyEvent } from '../engine/apply-event.ts';
import { applyFills, type FillSpec } from './fill.ts';
import type { IdSet } from '../id-set/id-set.ts';
import { ERROR_CODES, POLICY_KINDS, type ErrorCode, type Outcome, type PolicyKind } from '../model/types.ts';

/** Free-run histogram buckets: bucket b counts free runs of length in [2^b, 2^(b+1)). */
export const HISTOGRAM_BUCKETS = 21;

/** Outcome code of an event in the compact per-event arrays: 0 ok, 1 + index in ERROR_CODES, 255 engine error. */
export const CODE_OK = 0;
export const CODE_ENGINE = 255;
export function codeOf(o: Pick<Outcome, 'ok' | 'code'>): number {
  return o.ok ? CODE_OK : 1 + ERROR_CODES.indexOf(o.code!);
}
export function codeName(c: number): ErrorCode | 'ok' | 'engine error' {
  return c === CODE_OK ? 'ok' : c === CODE_ENGINE ? 'engine error' : ERROR_CODES[c - 1];
}
export function opIndex(op: Op): number {
  return OPS.indexOf(op);
}

/** Per-space statistics, one slot per space (columnar). */
export interface SpaceTable {
  /** `h0/G`, `h0/0000:10:00.0`, `vm3` */
  names: string[];
  /** index into SPACE_CLASSES */
  kind: Uint8Array;
  /** the host of the space; guest spaces: the VM's host at the end of the run */
  host: Uint16Array;
  /** IDs the space can hand out */
  capacity: Uint32Array;
  /** used at the end of the run */
  used: Uint32Array;
  /** most used at once during the run (fill included) */
  peak: Uint32Array;
  /** longest run of free IDs at the end */
  largestFreeRun: Uint32Array;
  /** number of maximal free runs at the end */
  freeRuns: Uint32Array;
  /** the event after which the space first had no free ID (-1: never; 0 also covers a full fill) */
  fullAt: Int32Array;
}

/** Samples over the run, for the plots. */
export interface Series {
  /** events applied at each sample */
  at: Uint32Array;
  /** mean utilisation of the hosts' allocation spaces (G; under local the PF tables), 0..1 */
  hostUtil: Float64Array;
  /** highest utilisation of any single space, 0..1 */
  maxUtil: Float64Array;
  /** migrations attempted so far (a VM already on the destination is not an attempt) */
  migrations: Uint32Array;
  /** migrations that succeeded so far */
  migrated: Uint32Array;
  /** failed events so far (all ops) */
  failed: Uint32Array;
}

export interface PolicyStats {
  policy: PolicyKind;
  events: number;
  ok: number;
  failed: number;
  /** events the engine could not run (an internal error: a bug to report, not an outcome) */
  engineErrors: number;
  firstEngineError: { index: number; message: string } | null;
  /** failures by code over all ops */
  failures: Partial<Record<ErrorCode, number>>;
  /** per op: events, failures by code */
  byOp: Partial<Record<Op, { events: number; failures: Partial<Record<ErrorCode, number>> }>>;
  migration: {
    /** migrate events whose VM was elsewhere: real attempts */
    attempted: number;
    succeeded: number;
    /** succeeded / attempted, null when none was attempted */
    rate: number | null;
    /** failures by their first code (DOMAIN.md §5 order) */
    failures: Partial<Record<ErrorCode, number>>;
    /** every conflict listed by the failed migrations, by code */
    conflicts: Partial<Record<ErrorCode, number>>;
    /** migrate events whose VM already ran on the destination (EINVAL), because an
     * earlier migration of it failed under this policy: not counted as attempts */
    alreadyThere: number;
    /** PASIDs kept and remapped by the successful migrations */
    kept: number;
    remapped: number;
  };
  /** the first event that found a space full (ENOSPC), if any */
  firstEnospc: { index: number; op: Op; message: string } | null;
  /** the first space to have no free ID, and when */
  firstFull: { index: number; space: string } | null;
  spaces: SpaceTable;
  /** free-run histograms at the end, one per SPACE_CLASSES entry, HISTOGRAM_BUCKETS each */
  histogram: Uint32Array;
  series: Series;
}

/** All four policies on one workload. */
export interface FleetStats {
  format: 'pasidscope-fleet/1';
  policies: PolicyStats[];
}

interface SpaceRefIdx {
  idx: number;
  set: IdSet;
  lo: number;
  hi: number;
}

/** Where each space of the state lives in the table, and its IdSet. */
function spaceIndex(st: EngineState) {
  const spaces = fleetSpaces(st);
  const refs: SpaceRefIdx[] = spaces.map((s, idx) => ({ idx, set: s.set, lo: s.lo, hi: s.hi }));
  // The hot path (every alloc/attach effect) looks spaces up by the names the effect
  // already holds, without building a key string.
  const gOf = new Map<string, SpaceRefIdx>();
  const guestOf = new Map<string, SpaceRefIdx>();
  const ridOf = new Map<string, Map<string, SpaceRefIdx>>();
  const hostIdx = new Map<string, number>();
  [...st.hosts.keys()].forEach((id, i) => {
    hostIdx.set(id, i);
    ridOf.set(id, new Map());
  });
  spaces.forEach((s, i) => {
    const r = refs[i];
    if (s.ref.kind === 'g') gOf.set(s.ref.host, r);
    else if (s.ref.kind === 'guest') guestOf.set(s.ref.vm, r);
    else ridOf.get(s.ref.host)!.set(s.ref.rid, r);
  });
  const n = spaces.length;
  return {
    table: {
      names: spaces.map((s) => s.name),
      kind: Uint8Array.from(spaces, (s) => s.cls),
      host: Uint16Array.from(spaces, (s) => s.host),
      capacity: Uint32Array.from(spaces, (s) => Math.max(0, s.hi - s.lo)),
      peak: new Uint32Array(n),
      fullAt: new Int32Array(n).fill(-1),
    },
    refs,
    gOf,
    guestOf,
    ridOf,
    hostIdx,
  };
}

/** Largest free run, number of free runs, and their log2 histogram over [lo, hi). */
export function freeRuns(set: IdSet, lo: number, hi: number, histogram?: Uint32Array, offset = 0): { largest: number; runs: number } {
  let largest = 0;
  let runs = 0;
  let at = lo;
  const gap = (len: number) => {
    if (len <= 0) return;
    runs++;
    if (len > largest) largest = len;
    if (histogram) histogram[offset + Math.min(HISTOGRAM_BUCKETS - 1, 31 - Math.clz32(len))]++;
  };
  for (const [s, e] of set.usedRuns(lo, hi)) {
    gap(s - at);
    at = e;
  }
  gap(hi - at);
  return { largest, runs };
}

export interface CollectorOptions {
  /** number of samples in the series (default 200) */
  samples?: number;
}

/**
 * Gathers a policy's statistics while its events run. Call {@link observe} after every
 * event with the live state, then {@link finish}. The state must be the one object the
 * events mutate (the collector keeps references to its spaces).
 */
export class StatsCollector {
  private readonly t: ReturnType<typeof spaceIndex>;
  private readonly n: number;
  private readonly every: number;
  private readonly s: { at: number[]; hostUtil: number[]; maxUtil: number[]; migrations: number[]; migrated: number[]; failed: number[] } = {
    at: [],
    hostUtil: [],
    maxUtil: [],
    migrations: [],
    migrated: [],
    failed: [],
  };
  private readonly hostSpaces: SpaceRefIdx[][];
  private readonly stats: Omit<PolicyStats, 'spaces' | 'histogram' | 'series'>;
  private firstFullIdx = -1;

  constructor(
    readonly policy: PolicyKind,
    private readonly st: EngineState,
    events: number,
    opts: CollectorOptions = {},
  ) {
    this.t = spaceIndex(st);
    this.n = events;
    this.every = Math.max(1, Math.ceil(events / (opts.samples ?? 200)));
    // The spaces a host's own allocations land in: G, or under local its PF tables.
    this.hostSpaces = [...st.hosts.values()].map((h) =>
      h.g ? [this.t.gOf.get(h.id)!] : h.functions.filter((f) => f.spec.kind === 'pf').map((f) => this.t.ridOf.get(h.id)!.get(f.spec.rid)!),
    );
    this.stats = {
      policy,
      events: 0,
      ok: 0,
      failed: 0,
      engineErrors: 0,
      firstEngineError: null,
      failures: {},
      byOp: {},
      migration: { attempted: 0, succeeded: 0, rate: null, failures: {}, conflicts: {}, alreadyThere: 0, kept: 0, remapped: 0 },
      firstEnospc: null,
      firstFull: null,
    };
    // The fill (or an empty space of capacity 0) may leave spaces full before event 0.
    for (const r of this.t.refs) this.touch(r, -1);
    this.sample(0);
  }

  private touch(r: SpaceRefIdx, index: number): void {
    // Every space's universe is its range (a guest space's gPASIDs never leave it), so
    // size is the used count: O(1), where countIn would scan.
    const used = r.set.size;
    const t = this.t.table;
    if (used > t.peak[r.idx]) t.peak[r.idx] = used;
    if (used >= t.capacity[r.idx] && t.fullAt[r.idx] < 0) {
      t.fullAt[r.idx] = Math.max(0, index + 1);
      if (this.firstFullIdx < 0) {
        this.firstFullIdx = r.idx;
        this.stats.firstFull = { index: Math.max(0, index + 1), space: t.names[r.idx] };
      }
    }
  }

  private sample(applied: number): void {
    const t = this.t.table;
    let sum = 0;
    let hostsWith = 0;
    for (const hs of this.hostSpaces) {
      if (hs.length === 0) continue;
      let u = 0;
      for (const r of hs) u += t.capacity[r.idx] ? r.set.size / t.capacity[r.idx] : 0;
      sum += u / hs.length;
      hostsWith++;
    }
    let max = 0;
    for (const r of this.t.refs) {
      const c = t.capacity[r.idx];
      if (c > 0) max = Math.max(max, r.set.size / c);
    }
    const m = this.stats.migration;
    this.s.at.push(applied);
    this.s.hostUtil.push(hostsWith ? sum / hostsWith : 0);
    this.s.maxUtil.push(Math.min(1, max));
    this.s.migrations.push(m.attempted);
    this.s.migrated.push(m.succeeded);
    this.s.failed.push(this.stats.failed);
  }

  /** Record event `index` (`e`) and its outcome; `st` is already past it. */
  observe(index: number, e: ScenarioEvent, o: Outcome, engineError?: string): void {
    const s = this.stats;
    s.events++;
    const byOp = (s.byOp[e.op] ??= { events: 0, failures: {} });
    byOp.events++;
    if (engineError !== undefined) {
      s.engineErrors++;
      s.failed++;
      if (!s.firstEngineError) s.firstEngineError = { index, message: engineError };
    } else if (o.ok) {
      s.ok++;
      if (e.op === 'migrate') {
        s.migration.attempted++;
        s.migration.succeeded++;
        s.migration.kept += o.migration?.kept.length ?? 0;
        s.migration.remapped += o.migration?.remapped.length ?? 0;
      }
      for (const fx of o.effects) {
        if (fx.t === 'alloc') this.touch(fx.space.kind === 'g' ? this.t.gOf.get(fx.space.host)! : this.t.guestOf.get(fx.space.vm)!, index);
        else if (fx.t === 'attach') this.touch(this.t.ridOf.get(fx.host)!.get(fx.rid)!, index);
      }
    } else {
      const code = o.code!;
      s.failed++;
      s.failures[code] = (s.failures[code] ?? 0) + 1;
      byOp.failures[code] = (byOp.failures[code] ?? 0) + 1;
      if (code === 'ENOSPC' && !s.firstEnospc) s.firstEnospc = { index, op: e.op, message: o.message };
      if (e.op === 'migrate') {
        // EINVAL on migrate means "already runs there" (DOMAIN.md §6): a migration of this
        // VM failed earlier under this policy, so the workload's plan moved on without it.
        if (code === 'EINVAL') s.migration.alreadyThere++;
        else {
          s.migration.attempted++;
          s.migration.failures[code] = (s.migration.failures[code] ?? 0) + 1;
          for (const c of o.conflicts ?? []) s.migration.conflicts[c.code] = (s.migration.conflicts[c.code] ?? 0) + 1;
        }
      }
    }
    const applied = index + 1;
    if (applied % this.every === 0 && applied < this.n) this.sample(applied);
  }

  /** The statistics, from the live state at the end of the run. */
  finish(): PolicyStats {
    const t = this.t.table;
    const n = t.names.length;
    const used = new Uint32Array(n);
    const largest = new Uint32Array(n);
    const runs = new Uint32Array(n);
    const histogram = new Uint32Array(SPACE_CLASSES.length * HISTOGRAM_BUCKETS);
    for (const r of this.t.refs) {
      used[r.idx] = r.set.size;
      const fr = freeRuns(r.set, r.lo, r.hi, histogram, t.kind[r.idx] * HISTOGRAM_BUCKETS);
      largest[r.idx] = fr.largest;
      runs[r.idx] = fr.runs;
    }
    // Guest spaces move with their VM: report the host it ends on.
    for (const v of this.st.vms.values()) t.host[this.t.guestOf.get(v.id)!.idx] = this.t.hostIdx.get(v.host)!;
    this.sample(this.stats.events);
    const m = this.stats.migration;
    m.rate = m.attempted ? m.succeeded / m.attempted : null;
    return {
      ...this.stats,
      spaces: { ...t, used, largestFreeRun: largest, freeRuns: runs },
      histogram,
      series: {
        at: Uint32Array.from(this.s.at),
        hostUtil: Float64Array.from(this.s.hostUtil),
        maxUtil: Float64Array.from(this.s.maxUtil),
        migrations: Uint32Array.from(this.s.migrations),
        migrated: Uint32Array.from(this.s.migrated),
        failed: Uint32Array.from(this.s.failed),
      },
    };
  }
}

/** An outcome for an event the engine threw on (it has rolled the state back). */
export function engineErrorOutcome(index: number, e: ScenarioEvent, err: unknown): Outcome {
  return { index, op: e.op, ok: false, code: 'EINVAL', message: `internal error: ${(err as Error)?.message ?? String(err)}`, effects: [] };
}

/** The filled initial state of `scenario` under `kind`. */
export function filledState(scenario: Scenario, kind: PolicyKind | undefined, fills: readonly FillSpec[]): { scenario: Scenario; state: EngineState } {
  const s = withPolicy(scenario, kind);
  const state = initialState(s);
  applyFills(state, fills);
  return { scenario: s, state };
}

/**
 * A resumable run of one policy's statistics: `step` applies up to `max` events, so a
 * caller can report progress and yield between chunks.
 */
export function policyRun(scenario: Scenario, kind: PolicyKind, fills: readonly FillSpec[], opts: CollectorOptions = {}) {
  const { scenario: s, state } = filledState(scenario, kind, fills);
  const collector = new StatsCollector(kind, state, s.events.length, opts);
  let i = 0;
  return {
    get done(): number {
      return i;
    },
    total: s.events.length,
    /** Apply up to `max` more events; true when the run is complete. */
    step(max: number): boolean {
      const end = Math.min(s.events.length, i + max);
      for (; i < end; i++) {
        const e = s.events[i];
        let o: Outcome;
        try {
          o = applyEvent(state, e, i);
        } catch (err) {
          collector.observe(i, e, engineErrorOutcome(i, e, err), (err as Error)?.message ?? String(err));
          continue;
        }
        collector.observe(i, e, o);
      }
      return i >= s.events.length;
    },
    finish: () => collector.finish(),
  };
}

/** One policy's statistics, in one go. */
export function runPolicyStats(scenario: Scenario, kind: PolicyKind, fills: readonly FillSpec[] = [], opts?: CollectorOptions): PolicyStats {
  const r = policyRun(scenario, kind, fills, opts);
  r.step(Infinity);
  return r.finish();
}

/** All four policies on the same scenario and fill, side by side. */
export function fleetStats(scenario: Scenario, fills: readonly FillSpec[] = [], opts?: CollectorOptions): FleetStats {
  return { format: 'pasidscope-fleet/1', policies: POLICY_KINDS.map((k) => runPolicyStats(scenario, k, fills, opts)) };
}
