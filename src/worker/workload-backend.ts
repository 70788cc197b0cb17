/**
 * The bulk half of the engine (issue 4): runs a workload, or a scenario after a fill,
 * under the four policies in chunks, with progress and cancel between chunks, and keeps
 * the timeline of the policy the maps show. The same object runs inside the Web Worker
 * (engine-worker.ts exposes it through Comlink) and, when workers are unavailable, in the
 * page (worker-engine.ts), so both behave alike.
 *
 * Everything bulk it returns is typed arrays, listed in `transfers` so the worker can
 * hand the buffers over instead of copying them (DESIGN.md convention 8).
 */
import { OPS, parseScenarioText, withPolicy, type Scenario, type ScenarioEvent } from '../core/scenario/index.ts';
import {
  generateWorkload,
  workloadParamsSchema,
  describeWorkload,
  type WorkloadInput,
  type WorkloadParams,
} from '../core/fleet/workload.ts';
import { fillSpecSchema, type FillSpec } from '../core/fleet/fill.ts';
import { CODE_OK, filledState, policyRun, type PolicyStats } from '../core/fleet/fleet-stats.ts';
import { statsTimeline } from '../core/fleet/stats-timeline.ts';
import { CHANGE, OWNER } from './engine.ts';
import { createTimeline, type Timeline } from '../core/timeline/timeline.ts';
import { emptySweep, recordSweep, sweepLevelsSchema, type SweepResult } from '../core/fleet/fill-sweep.ts';
import {
  POLICY_KINDS,
  type Conflict,
  type Effect,
  type ErrorCode,
  type MigrationSummary,
  type Policy,
  type PolicyKind,
  type Holder,
} from '../core/model/types.ts';
import type { EngineState } from '../core/engine/state.ts';
import { guestRangeOf } from '../core/engine/state.ts';

/** What to run: a generated workload, or a scenario file with fills. */
export type WorkloadRequest =
  | { kind: 'generate'; params: WorkloadInput; policy: PolicyKind }
  | { kind: 'scenario'; text: string; name: string; fills: FillSpec[]; policy: PolicyKind };

export interface Progress {
  /** what is running, for the status line */
  phase: string;
  done: number;
  total: number;
  elapsedMs: number;
  /** estimated time left, null until there is enough to estimate from */
  etaMs: number | null;
}

/** The map rows of a run: one per space, in display order (host by host, then the VMs). */
export interface RowLayout {
  /** `h0/G`, `h0/0000:10:00.0`, `vm3` */
  names: string[];
  /** 0 G, 1 PF table, 2 VF table, 3 guest space (SPACE_KINDS order) */
  kind: Uint8Array;
  /** the host a row belongs to (guest rows: the VM's host at cursor 0) */
  host: Uint16Array;
  /** the IDs the row's space can hold, [lo, hi) */
  lo: Uint32Array;
  hi: Uint32Array;
}

export interface TimelineInfo {
  policy: PolicyKind;
  length: number;
  /** per event: index into OPS, outcome code (0 ok, 1 + ERROR_CODES index, 255 engine error) */
  op: Uint8Array;
  code: Uint8Array;
  /**
   * Prefix counts (n + 1 entries: [i] counts events before i) of failed events, migrations
   * and failed migrations: any stretch of the timeline is two lookups, and the page does
   * no pass over a million events.
   */
  failedBefore: Uint32Array;
  migrationsBefore: Uint32Array;
  migrationFailuresBefore: Uint32Array;
  rows: RowLayout;
  hostIds: string[];
  /** every host's policy and IOMMU width (the axis of its rows) */
  hostPolicy: Policy[];
  iommuBits: Uint8Array;
}

export interface WorkloadSummary {
  title: string;
  description: string;
  params: WorkloadParams | null;
  fills: FillSpec[];
  hosts: number;
  vms: number;
  events: number;
  stats: PolicyStats[];
  timeline: TimelineInfo;
  elapsedMs: number;
}

const MIGRATE = OPS.indexOf('migrate');



/** The used IDs of some rows at a cursor: row r's IDs are ids[offsets[r]..offsets[r+1]), ascending. */
export { CHANGE, OWNER } from './engine.ts';

export interface RowsData {
  policy: PolicyKind;
  cursor: number;
  rows: Int32Array;
  offsets: Uint32Array;
  ids: Int32Array;
  /** OWNER class per ID */
  owners: Uint8Array;
}

/** One event and its full outcome, for the details beside the timeline. */
export interface EventDetail {
  index: number;
  event: ScenarioEvent;
  ok: boolean;
  code?: ErrorCode;
  message: string;
  pasid?: number;
  hpasid?: number;
  wire?: number;
  conflicts?: Conflict[];
  migration?: MigrationSummary;
  /** the cells the event changed, triples: row index, PASID, CHANGE kind */
  changes: Int32Array;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/** Something a bulk result holds that can be transferred rather than copied. */
export function transfersOf(x: unknown, out: Transferable[] = [], seen = new Set<unknown>()): Transferable[] {
  if (x === null || typeof x !== 'object' || seen.has(x)) return out;
  seen.add(x);
  if (ArrayBuffer.isView(x)) {
    if (!seen.has(x.buffer)) {
      seen.add(x.buffer);
      out.push(x.buffer as ArrayBuffer);
    }
    return out;
  }
  for (const v of Array.isArray(x) ? x : Object.values(x)) transfersOf(v, out, seen);
  return out;
}

export interface BackendOptions {
  /** how long one chunk of work may run before yielding (ms): short in the page, longer in a worker */
  sliceMs: number;
  /** give the event loop a turn (cancel messages, rendering) */
  yieldNow: () => Promise<void>;
  now?: () => number;
}

interface Loaded {
  scenario: Scenario;
  fills: FillSpec[];
  timelines: Map<PolicyKind, Timeline>;
  layouts: Map<PolicyKind, { layout: RowLayout; index: RowIndex }>;
}

/** Where each row's space lives in an engine state. */
interface RowIndex {
  ids: string[];
  kinds: number[];
}

function layoutOf(st: EngineState): { layout: RowLayout; index: RowIndex } {
  const names: string[] = [];
  const kind: number[] = [];
  const host: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const ids: string[] = [];
  const hostIdx = new Map<string, number>();
  let i = 0;
  for (const h of st.hosts.values()) {
    hostIdx.set(h.id, i);
    if (h.g) {
      names.push(`${h.id}/G`);
      kind.push(0);
      host.push(i);
      lo.push(h.g.lo);
      hi.push(h.g.hi);
      ids.push(h.id);
    }
    for (const f of h.functions) {
      names.push(`${h.id}/${f.spec.rid}`);
      kind.push(f.spec.kind === 'pf' ? 1 : 2);
      host.push(i);
      lo.push(1);
      hi.push(f.maxPasids);
      ids.push(`${h.id}\u0000${f.spec.rid}`);
    }
    i++;
  }
  for (const v of st.vms.values()) {
    const [a, b] = guestRangeOf(st.hosts.get(v.host)!);
    names.push(v.id);
    kind.push(3);
    host.push(hostIdx.get(v.host)!);
    lo.push(a);
    hi.push(b);
    ids.push(v.id);
  }
  return {
    layout: {
      names,
      kind: Uint8Array.from(kind),
      host: Uint16Array.from(host),
      lo: Uint32Array.from(lo),
      hi: Uint32Array.from(hi),
    },
    index: { ids, kinds: kind },
  };
}

/** A copy the caller may take (transfer) while the backend keeps its own. */
function copyLayout(r: RowLayout): RowLayout {
  return {
    names: r.names.slice(),
    kind: r.kind.slice(),
    host: r.host.slice(),
    lo: r.lo.slice(),
    hi: r.hi.slice(),
  };
}

const isFill = (process: string) => process.startsWith('~f');

/** The owner class a map colours an ID by: a guest, a fill tenant, or the host. */
const ownerClass = (who: Holder | undefined): number =>
  !who ? OWNER.host : who.type === 'guest' ? OWNER.guest : isFill(who.process) ? OWNER.fill : OWNER.host;

/** The used IDs of row `r` and their owner classes. */
function rowIds(st: EngineState, index: RowIndex, r: number, ids: number[], owners: number[]): void {
  const key = index.ids[r];
  switch (index.kinds[r]) {
    case 0: {
      const h = st.hosts.get(key)!;
      for (const [s, e] of h.g!.usedRuns())
        for (let p = s; p < e; p++) {
          const who = h.gHolder.get(p);
          ids.push(p);
          owners.push(ownerClass(who));
        }
      return;
    }
    case 1:
    case 2: {
      const sep = key.indexOf('\u0000');
      const f = st.hosts.get(key.slice(0, sep))!.fn.get(key.slice(sep + 1))!;
      for (const [s, e] of f.table.usedRuns())
        for (let p = s; p < e; p++) {
          const who = f.entries.get(p)?.holder;
          ids.push(p);
          owners.push(ownerClass(who));
        }
      return;
    }
    case 3: {
      const v = st.vms.get(key)!;
      for (const [s, e] of v.space.usedRuns())
        for (let p = s; p < e; p++) {
          ids.push(p);
          owners.push(OWNER.guest);
        }
      return;
    }
  }
}

/** The backend's methods: the same in the worker and in the page. */
export function createWorkloadBackend(opts: BackendOptions) {
  const now = opts.now ?? (() => performance.now());
  let loaded: Loaded | null = null;
  let cancelRequested = false;
  let busy = false;

  /** Run `work` in slices of about `sliceMs`, yielding between them; throws Cancelled when asked. */
  async function sliced(step: (max: number) => boolean, onSlice: () => void): Promise<void> {
    let batch = 256;
    for (;;) {
      const t0 = now();
      const done = step(batch);
      const dt = now() - t0;
      // Aim each slice at sliceMs, adapting to how fast events run here.
      batch = Math.max(16, Math.min(1 << 20, Math.round(dt > 0 ? (batch * opts.sliceMs) / dt : batch * 2)));
      onSlice();
      if (done) return;
      await opts.yieldNow();
      if (cancelRequested) throw new Cancelled();
    }
  }

  function progressReporter(onProgress: ((p: Progress) => void) | undefined, total: number) {
    const t0 = now();
    let last = -Infinity;
    return (phase: string, done: number, force = false) => {
      const t = now();
      if (!onProgress || (!force && t - last < 80)) return;
      last = t;
      const elapsedMs = t - t0;
      // Time left at the pace so far; only once a little is done, so the first guess is sane.
      const etaMs = done > total * 0.01 && elapsedMs > 200 ? (elapsedMs * (total - done)) / done : null;
      onProgress({ phase, done, total, elapsedMs, etaMs });
    };
  }

  function prepare(req: WorkloadRequest): {
    scenario: Scenario;
    fills: FillSpec[];
    params: WorkloadParams | null;
    title: string;
    description: string;
  } {
    if (req.kind === 'generate') {
      const r = workloadParamsSchema.safeParse(req.params);
      if (!r.success)
        throw new Error(
          r.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; '),
        );
      const w = generateWorkload(r.data);
      return {
        scenario: w.scenario,
        fills: w.fills,
        params: w.params,
        title: w.scenario.title,
        description: describeWorkload(w.params),
      };
    }
    const parsed = parseScenarioText(req.text);
    if (!parsed.ok)
      throw new Error(
        `${req.name}: ${parsed.problems.map((p) => `${p.path || '(document)'}: ${p.message}`).join('; ')}`,
      );
    const fills: FillSpec[] = [];
    for (const f of req.fills) {
      const r = fillSpecSchema.safeParse(f);
      if (!r.success)
        throw new Error(`fill: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      if (!parsed.scenario.hosts.some((h) => h.id === r.data.host))
        throw new Error(`fill: unknown host "${r.data.host}"`);
      fills.push(r.data);
    }
    const s = parsed.scenario;
    const desc = fills.length
      ? ` Filled before the first event: ${fills.map((f) => `${f.host} to ${Math.round(f.level * 100)}% (${f.pattern})`).join(', ')}.`
      : '';
    return { scenario: s, fills, params: null, title: s.title, description: s.description + desc };
  }

  async function buildTimeline(
    l: Loaded,
    kind: PolicyKind,
    withStats: boolean,
    report: (phase: string, done: number, force?: boolean) => void,
    base: number,
  ): Promise<{ t: Timeline; stats: PolicyStats | null }> {
    const run = withStats ? statsTimeline(l.scenario, kind, l.fills) : null;
    const t = run ? run.timeline : createTimeline(l.scenario, kind, { initial: filledState(l.scenario, kind, l.fills).state });
    await sliced(
      (max) => t.step(max),
      () =>
        report(
          `${kind}: ${t.built.toLocaleString('en')} of ${t.length.toLocaleString('en')} events (timeline)`,
          base + t.built,
        ),
    );
    // The statistics read the live state: finish them before anything seeks it.
    const stats = run ? run.finish() : null;
    l.timelines.set(kind, t);
    if (!l.layouts.has(kind)) l.layouts.set(kind, layoutOf(t.stateAt(0)));
    return { t, stats };
  }

  function timelineInfo(l: Loaded, kind: PolicyKind): TimelineInfo {
    const t = l.timelines.get(kind)!;
    const hosts = withPolicy(l.scenario, kind).hosts;
    const n = t.length;
    const { op, code } = t.columns;
    const failedBefore = new Uint32Array(n + 1);
    const migrationsBefore = new Uint32Array(n + 1);
    const migrationFailuresBefore = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const f = code[i] !== CODE_OK ? 1 : 0;
      const m = op[i] === MIGRATE ? 1 : 0;
      failedBefore[i + 1] = failedBefore[i] + f;
      migrationsBefore[i + 1] = migrationsBefore[i] + m;
      migrationFailuresBefore[i + 1] = migrationFailuresBefore[i] + (f & m);
    }
    return {
      policy: kind,
      length: n,
      // Copies: the timeline keeps its own columns for later calls.
      op: op.slice(),
      code: code.slice(),
      failedBefore,
      migrationsBefore,
      migrationFailuresBefore,
      rows: copyLayout(l.layouts.get(kind)!.layout),
      hostIds: hosts.map((h) => h.id),
      hostPolicy: hosts.map((h) => h.policy),
      iommuBits: Uint8Array.from(hosts.map((h) => h.iommu.pasidBits)),
    };
  }

  function guard<T>(f: () => Promise<T>): Promise<T> {
    if (busy) return Promise.reject(new Error('the engine is busy with another run'));
    busy = true;
    cancelRequested = false;
    return f().finally(() => {
      busy = false;
    });
  }

  return {
    /** Run a workload under the four policies; keep the timeline of `req.policy`. */
    run(req: WorkloadRequest, onProgress?: (p: Progress) => void): Promise<WorkloadSummary> {
      return guard(async () => {
        const t0 = now();
        loaded = null;
        const prep = prepare(req);
        const n = prep.scenario.events.length;
        const total = n * POLICY_KINDS.length;
        const report = progressReporter(onProgress, total);
        report('generated the workload; filling and running', 0, true);
        const l: Loaded = {
          scenario: prep.scenario,
          fills: prep.fills,
          timelines: new Map(),
          layouts: new Map(),
        };
        const stats: PolicyStats[] = [];
        let base = 0;
        for (const kind of POLICY_KINDS) {
          if (cancelRequested) throw new Cancelled();
          if (kind === req.policy) {
            // The policy the maps show runs once, as a timeline that gathers its statistics too.
            const { stats: s } = await buildTimeline(l, kind, true, report, base);
            stats.push(s!);
          } else {
            const r = policyRun(l.scenario, kind, l.fills);
            await sliced(
              (max) => r.step(max),
              () =>
                report(
                  `${kind}: ${r.done.toLocaleString('en')} of ${n.toLocaleString('en')} events`,
                  base + r.done,
                ),
            );
            stats.push(r.finish());
          }
          base += n;
          await opts.yieldNow();
        }
        report('done', total, true);
        loaded = l;
        return {
          title: prep.title,
          description: prep.description,
          params: prep.params,
          fills: prep.fills,
          hosts: prep.scenario.hosts.length,
          vms: prep.scenario.vms.length,
          events: n,
          stats,
          timeline: timelineInfo(l, req.policy),
          elapsedMs: now() - t0,
        };
      });
    },

    /**
     * Run the request at each fill level (the workload's `fill`, or every fill of the
     * scenario request, set to the level) under the four policies: migration success
     * against occupancy. Keeps nothing: the loaded result stays as it was.
     */
    sweep(req: WorkloadRequest, levels: number[], onProgress?: (p: Progress) => void): Promise<SweepResult> {
      return guard(async () => {
        const lv = sweepLevelsSchema.safeParse(levels);
        if (!lv.success) throw new Error(`levels: ${lv.error.issues.map((i) => i.message).join('; ')}`);
        if (req.kind === 'scenario' && req.fills.length === 0)
          throw new Error('choose the hosts to fill for a sweep');
        const at = (level: number): WorkloadRequest =>
          req.kind === 'generate'
            ? { ...req, params: { ...req.params, fill: level } }
            : { ...req, fills: req.fills.map((f) => ({ ...f, level })) };
        // Check every level first: a level whose fill is too big fails before any work.
        const preps = lv.data.map((level) => {
          try {
            return prepare(at(level));
          } catch (e) {
            throw new Error(`at fill ${Math.round(level * 100)}%: ${(e as Error).message}`);
          }
        });
        const result = emptySweep(lv.data);
        const n = preps[0]?.scenario.events.length ?? 0;
        const total = preps.length * POLICY_KINDS.length * n;
        const report = progressReporter(onProgress, total);
        let base = 0;
        for (let li = 0; li < preps.length; li++) {
          const p = preps[li];
          for (const kind of POLICY_KINDS) {
            if (cancelRequested) throw new Cancelled();
            const r = policyRun(p.scenario, kind, p.fills);
            await sliced(
              (max) => r.step(max),
              () =>
                report(
                  `fill ${Math.round(lv.data[li] * 100)}%, ${kind}: ${r.done.toLocaleString('en')} of ${n.toLocaleString('en')} events`,
                  base + r.done,
                ),
            );
            recordSweep(result, li, r.finish());
            base += n;
          }
        }
        report('done', total, true);
        return result;
      });
    },

    /** The timeline of another policy of the loaded run (built on first use). */
    timeline(kind: PolicyKind, onProgress?: (p: Progress) => void): Promise<TimelineInfo> {
      const l = loaded;
      if (!l) return Promise.reject(new Error('no workload has run yet'));
      if (l.timelines.has(kind)) return Promise.resolve(timelineInfo(l, kind));
      return guard(async () => {
        const report = progressReporter(onProgress, l.scenario.events.length);
        await buildTimeline(l, kind, false, report, 0);
        report('done', l.scenario.events.length, true);
        return timelineInfo(l, kind);
      });
    },

    /** The used IDs of `rows` after `cursor` events under `kind`. */
    rows(kind: PolicyKind, cursor: number, rows: Int32Array): RowsData {
      const l = loaded;
      const t = l?.timelines.get(kind);
      if (!l || !t) throw new Error(`no ${kind} timeline`);
      const st = t.stateAt(cursor);
      const { index } = l.layouts.get(kind)!;
      const ids: number[] = [];
      const owners: number[] = [];
      const offsets = new Uint32Array(rows.length + 1);
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k];
        if (r >= 0 && r < index.ids.length) rowIds(st, index, r, ids, owners);
        offsets[k + 1] = ids.length;
      }
      return {
        policy: kind,
        cursor: Math.max(0, Math.min(t.length, Math.trunc(cursor))),
        rows: rows.slice(),
        offsets,
        ids: Int32Array.from(ids),
        owners: Uint8Array.from(owners),
      };
    },

    /** Event `index` under `kind` with its full outcome, re-run from the state before it. */
    event(kind: PolicyKind, index: number): EventDetail {
      const l = loaded;
      const t = l?.timelines.get(kind);
      if (!l || !t) throw new Error(`no ${kind} timeline`);
      const o = t.outcome(index);
      const { index: rix } = l.layouts.get(kind)!;
      const rowOf = new Map(rix.ids.map((id, i) => [id, i]));
      const changes: number[] = [];
      const mark = (key: string, pasid: number, how: number) => {
        const r = rowOf.get(key);
        if (r !== undefined && pasid >= 0) changes.push(r, pasid, how);
      };
      for (const fx of o.effects as Effect[]) {
        if (fx.t === 'alloc' || fx.t === 'free')
          mark(
            fx.space.kind === 'g' ? fx.space.host : fx.space.vm,
            fx.pasid,
            fx.t === 'alloc' ? CHANGE.added : CHANGE.removed,
          );
        else if (fx.t === 'attach' || fx.t === 'detach')
          mark(`${fx.host}\u0000${fx.rid}`, fx.pasid, fx.t === 'attach' ? CHANGE.added : CHANGE.removed);
      }
      // A refused migration changed nothing: mark where its conflicts sit on the destination
      // (the state is still the one before the event, which failed).
      if (!o.ok && o.migration && o.conflicts) {
        const st = t.stateAt(o.index);
        const dst = st.hosts.get(o.migration.to);
        const vm = st.vms.get(o.migration.vm);
        for (const c of o.conflicts) {
          if (c.pasid === undefined || !dst) continue;
          if (dst.g?.has(c.pasid)) mark(dst.id, c.pasid, CHANGE.conflict);
          for (const f of dst.functions)
            if (f.entries.has(c.pasid)) mark(`${dst.id}\u0000${f.spec.rid}`, c.pasid, CHANGE.conflict);
          if (vm?.space.has(c.pasid)) mark(vm.id, c.pasid, CHANGE.conflict);
        }
      }
      return {
        index: o.index,
        event: l.scenario.events[o.index],
        ok: o.ok,
        ...(o.code !== undefined ? { code: o.code } : {}),
        message: o.message,
        ...(o.pasid !== undefined ? { pasid: o.pasid } : {}),
        ...(o.hpasid !== undefined ? { hpasid: o.hpasid } : {}),
        ...(o.wire !== undefined ? { wire: o.wire } : {}),
        ...(o.conflicts ? { conflicts: o.conflicts } : {}),
        ...(o.migration ? { migration: o.migration } : {}),
        changes: Int32Array.from(changes),
      };
    },

    /** Ask the running job to stop at its next slice. */
    cancel(): void {
      cancelRequested = true;
    },

    dispose(): void {
      loaded = null;
    },
  };
}

export type WorkloadBackend = ReturnType<typeof createWorkloadBackend>;
