/**
 * The bulk half of the engine: runs a workload, or a scenario after a fill,
 * under the four policies in chunks, with progress and cancel between chunks, and keeps
 * the timeline of the policy the maps show. The same object runs inside the Web Worker
 * (engine-worker.ts exposes it through Comlink) and, when workers are unavailable, in the
 * page (worker-engine.ts), so both behave alike.
 *
 * Everything bulk it returns is typed arrays, listed in `transfers` so the worker can
 * hand the buffers over instead of copying them (DESIGN.md convention 8).
 */
import { progressReporter } from './progress-reporter.ts';
import { OPS, parseScenarioText, withPolicy, type Scenario } from '../core/scenario/index.ts';
import { fillsText, planFilled, planGenerated, type PlanProblem, type WorkloadPlan } from '../core/fleet/workload-plan.ts';
import { filledState, policyRun, type PolicyStats } from '../core/fleet/fleet-stats.ts';
import { CODE_OK } from '../core/timeline/outcome-columns.ts';
import { statsTimeline } from '../core/fleet/stats-timeline.ts';
import { createTimeline, type Timeline } from '../core/timeline/timeline.ts';
import { emptySweep, recordSweep, sweepLevelsSchema, type SweepResult } from '../core/fleet/fill-sweep.ts';
import type { FillSpec } from '../core/fleet/fill.ts';
import { effectChanges } from '../core/view/effect-changes.ts';
import { POLICY_KINDS, spaceKey, type PolicyKind, type SpaceRef } from '../core/model/types.ts';
import { CHANGE } from './engine.ts';
import { copyLayout, rowIds, rowsOf, type Rows } from './workload-rows.ts';
import {
  Cancelled,
  type BackendOptions,
  type EventDetail,
  type Progress,
  type RowsData,
  type TimelineInfo,
  type WorkloadRequest,
  type WorkloadSummary,
} from './workload-types.ts';

export * from './workload-types.ts';

const MIGRATE = OPS.indexOf('migrate');

interface Loaded {
  scenario: Scenario;
  fills: FillSpec[];
  timelines: Map<PolicyKind, Timeline>;
  layouts: Map<PolicyKind, Rows>;
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

  /** The request as a plan, or an error naming every problem (the form shows it as is). */
  function prepare(req: WorkloadRequest): WorkloadPlan & { title: string } {
    const words = (ps: PlanProblem[], first = 'params') =>
      ps.map((p) => `${p.path.map(String).join('.') || first}: ${p.message}`).join('; ');
    if (req.kind === 'generate') {
      const r = planGenerated(req.params);
      if (!r.ok) throw new Error(words(r.problems));
      return { ...r.plan, title: r.plan.scenario.title };
    }
    const parsed = parseScenarioText(req.text);
    if (!parsed.ok)
      throw new Error(`${req.name}: ${parsed.problems.map((p) => `${p.path || '(document)'}: ${p.message}`).join('; ')}`);
    const r = planFilled(parsed.scenario, req.fills);
    if (!r.ok) throw new Error(words(r.problems, 'fills'));
    const s = parsed.scenario;
    // The page shows the title on its own: the scenario's description, then what was filled.
    const filled = r.plan.fills.length ? ` Filled before the first event: ${fillsText(r.plan.fills)}.` : '';
    return { ...r.plan, title: s.title, description: s.description + filled };
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
    if (!l.layouts.has(kind)) l.layouts.set(kind, rowsOf(t.stateAt(0)));
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
        const report = progressReporter(onProgress, total, now);
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
        const report = progressReporter(onProgress, total, now);
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
        const report = progressReporter(onProgress, l.scenario.events.length, now);
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
      const { spaces } = l.layouts.get(kind)!;
      const ids: number[] = [];
      const owners: number[] = [];
      const offsets = new Uint32Array(rows.length + 1);
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k];
        if (r >= 0 && r < spaces.length) rowIds(st, spaces[r], ids, owners);
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
      const { spaces } = l.layouts.get(kind)!;
      const rowOf = new Map(spaces.map((sp, r) => [spaceKey(sp), r]));
      const changes: number[] = [];
      const mark = (space: SpaceRef, pasid: number, how: number) => {
        const r = rowOf.get(spaceKey(space));
        if (r !== undefined && pasid >= 0) changes.push(r, pasid, how);
      };
      for (const c of effectChanges(o.effects)) mark(c.space, c.pasid, c.kind === 'added' ? CHANGE.added : CHANGE.removed);
      // A refused migration changed nothing: mark where its conflicts sit on the destination
      // (the state is still the one before the event, which failed).
      if (!o.ok && o.migration && o.conflicts) {
        const st = t.stateAt(o.index);
        const dst = st.hosts.get(o.migration.to);
        const vm = st.vms.get(o.migration.vm);
        for (const c of o.conflicts) {
          if (c.pasid === undefined || !dst) continue;
          if (dst.g?.has(c.pasid)) mark({ kind: 'g', host: dst.id }, c.pasid, CHANGE.conflict);
          for (const f of dst.functions)
            if (f.entries.has(c.pasid)) mark({ kind: 'rid', host: dst.id, rid: f.spec.rid }, c.pasid, CHANGE.conflict);
          if (vm?.space.has(c.pasid)) mark({ kind: 'guest', vm: vm.id }, c.pasid, CHANGE.conflict);
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
