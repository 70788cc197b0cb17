/**
 * The scenario half of the engine, wherever it runs: the open scenario, one timeline per
 * run key, and the touch index of each. It answers the Engine's scenario calls with plain
 * data and typed columns.
 */
import { parseScenarioText, type Scenario, type ScenarioEvent } from '../core/scenario/index.ts';
import { scenarioOwners } from '../core/scenario/owners.ts';
import type { Holder, Outcome } from '../core/model/types.ts';
import { createTimeline, type Timeline } from '../core/timeline/timeline.ts';
import { TouchIndex } from '../core/timeline/touch-index.ts';
import { matchEvents, MATCHES_MAX, parseQuery } from '../core/view/search-query.ts';
import { CHECKS_SENT, EVENTS_UP_FRONT, type FrameData, type OpenResult, type RunInfo, type RunKey, type SearchResult } from './engine.ts';
import { progressReporter } from './progress-reporter.ts';
import type { Progress } from './workload-types.ts';

/** How a long open or ensure reports and, in the page, gives the page a turn between slices. */
export interface BuildHooks {
  onProgress?: (p: Progress) => void;
  /** when given, awaited about every `SLICE_MS` of building (the in-page engine) */
  yieldNow?: () => Promise<void>;
}

/** Building slices: this long between progress reports and, in the page, between turns. */
const SLICE_MS = 12;

interface Run {
  timeline: Timeline;
  touch: TouchIndex;
}

export function createScenarioSession() {
  let scenario: Scenario | null = null;
  let runs = new Map<RunKey, Run>();

  /** Open and ensure calls in flight: a later open makes an earlier one's result moot. */
  let generation = 0;

  /** Build the runs of `keys`, reporting progress over all of them; null when a later open superseded it. */
  const build = async (s: Scenario, keys: readonly RunKey[], gen: number, hooks: BuildHooks = {}): Promise<Map<RunKey, Run> | null> => {
    const total = Math.max(1, s.events.length * keys.length);
    const report = progressReporter(hooks.onProgress, total);
    const out = new Map<RunKey, Run>();
    let base = 0;
    for (const key of keys) {
      const touch = new TouchIndex();
      const timeline = createTimeline(s, key === 'declared' ? undefined : key, { observe: (i, e, o) => touch.observe(i, e, o), quietObserve: true });
      const phase = `running ${key === 'declared' ? 'as declared' : `under ${key}`}`;
      for (;;) {
        const t0 = performance.now();
        let done = false;
        while (!done && performance.now() - t0 < SLICE_MS) done = timeline.step(256);
        report(phase, base + timeline.built);
        if (done) break;
        if (hooks.yieldNow) {
          await hooks.yieldNow();
          if (gen !== generation) return null;
        }
      }
      base += timeline.length;
      out.set(key, { timeline, touch });
    }
    report('done', total, true);
    return out;
  };

  const info = (key: RunKey, r: Run): RunInfo => {
    const t = r.timeline;
    return {
      key,
      policy: t.policy,
      length: t.length,
      // A copy: the timeline keeps its own, and the worker hands this one over.
      columns: {
        op: t.columns.op.slice(),
        code: t.columns.code.slice(),
        pasid: t.columns.pasid.slice(),
        hpasid: t.columns.hpasid.slice(),
        wire: t.columns.wire.slice(),
        fault: t.columns.fault.slice(),
        conflicts: t.columns.conflicts.slice(),
      },
      expectations: { checked: t.expectations.checked, failed: t.expectations.failed.slice(0, CHECKS_SENT) },
      violations: t.violations.slice(0, CHECKS_SENT),
      warnings: t.warnings.slice(0, CHECKS_SENT),
      totals: { violations: t.violations.length, warnings: t.warnings.length, failed: t.expectations.failed.length },
    };
  };

  const runOf = (key: RunKey): Run => {
    const r = runs.get(key);
    if (!r) throw new Error(`no ${key} run of the open scenario`);
    return r;
  };

  return {
    async open(text: string, keys: readonly RunKey[], hooks?: BuildHooks): Promise<OpenResult> {
      const gen = ++generation;
      hooks?.onProgress?.({ phase: 'reading', done: 0, total: 1, elapsedMs: 0, etaMs: null });
      const parsed = parseScenarioText(text);
      if (!parsed.ok) return { ok: false, problems: parsed.problems };
      const s = parsed.scenario;
      const built = await build(s, keys, gen, hooks);
      if (!built || gen !== generation) return { ok: false, problems: [{ path: '', message: 'another scenario was opened meanwhile' }] };
      scenario = s;
      runs = built;
      return {
        ok: true,
        head: { title: s.title, description: s.description, hosts: s.hosts, vms: s.vms, events: s.events.length, owners: scenarioOwners(s.events) },
        runs: keys.map((k) => info(k, built.get(k)!)),
        events: s.events.length <= EVENTS_UP_FRONT ? s.events : null,
      };
    },

    async ensure(keys: readonly RunKey[], hooks?: BuildHooks): Promise<RunInfo[]> {
      const s = scenario;
      if (!s) throw new Error('no scenario is open');
      const gen = generation;
      const missing = keys.filter((k) => !runs.has(k));
      const built = missing.length ? await build(s, missing, gen, hooks) : new Map<RunKey, Run>();
      if (!built || gen !== generation || scenario !== s) throw new Error('another scenario was opened meanwhile');
      for (const [k, r] of built) runs.set(k, r);
      return keys.map((k) => info(k, runOf(k)));
    },

    frame(key: RunKey, cursor: number): FrameData {
      const t = runOf(key).timeline;
      const c = Math.max(0, Math.min(t.length, Math.trunc(cursor)));
      const prev = c > 0 ? t.snapshot(c - 1) : null;
      const outcome = c > 0 ? t.outcome(c - 1) : null;
      const snap = t.snapshot(c);
      return { cursor: c, snap, prev, event: c > 0 ? t.scenario.events[c - 1] : null, outcome };
    },

    outcome(key: RunKey, index: number): Outcome {
      return runOf(key).timeline.outcome(index);
    },

    events(from: number, to: number): ScenarioEvent[] {
      if (!scenario) throw new Error('no scenario is open');
      return scenario.events.slice(Math.max(0, from), Math.max(0, to));
    },

    touching(key: RunKey, holder: Holder): Int32Array {
      return runOf(key).touch.of(holder);
    },

    search(keys: readonly RunKey[], text: string, max = MATCHES_MAX): SearchResult {
      if (!scenario) throw new Error('no scenario is open');
      const query = typeof text === 'string' ? parseQuery(text) : null;
      if (!query) return { matches: new Int32Array(0), total: 0, query };
      const cap = Math.max(0, Math.min(MATCHES_MAX, Math.trunc(Number(max)) || 0));
      const evs = scenario.events;
      const cols = keys.map((k) => runOf(k).timeline.columns);
      return { ...matchEvents(query, evs.length, (i) => evs[i], cols, cap), query };
    },

    dispose(): void {
      generation++;
      scenario = null;
      runs = new Map();
    },
  };
}

export type ScenarioSession = ReturnType<typeof createScenarioSession>;
