/**
 * The scenario half of the engine, wherever it runs: the open scenario, one timeline per
 * run key, and the touch index of each. It answers the Engine's scenario calls with plain
 * data and typed columns.
 */
import { parseScenarioText, type Scenario, type ScenarioEvent } from '../core/scenario/index.ts';
import { scenarioOwners } from '../core/scenario/owners.ts';
import type { Holder, Outcome } from '../core/model/types.ts';
import { buildTimeline, type Timeline } from '../core/timeline/timeline.ts';
import { TouchIndex } from '../core/timeline/touch-index.ts';
import { matchEvents, MATCHES_MAX, parseQuery } from '../core/view/search-query.ts';
import { CHECKS_SENT, EVENTS_UP_FRONT, type FrameData, type OpenResult, type RunInfo, type RunKey, type SearchResult } from './engine.ts';

interface Run {
  timeline: Timeline;
  touch: TouchIndex;
}

export function createScenarioSession() {
  let scenario: Scenario | null = null;
  let runs = new Map<RunKey, Run>();

  const build = (s: Scenario, key: RunKey): Run => {
    const touch = new TouchIndex();
    const timeline = buildTimeline(s, key === 'declared' ? undefined : key, { observe: (i, e, o) => touch.observe(i, e, o), quietObserve: true });
    return { timeline, touch };
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
    open(text: string, keys: readonly RunKey[]): OpenResult {
      const parsed = parseScenarioText(text);
      if (!parsed.ok) return { ok: false, problems: parsed.problems };
      const s = parsed.scenario;
      const built = new Map<RunKey, Run>();
      for (const k of keys) built.set(k, build(s, k));
      scenario = s;
      runs = built;
      return {
        ok: true,
        head: { title: s.title, description: s.description, hosts: s.hosts, vms: s.vms, events: s.events.length, owners: scenarioOwners(s.events) },
        runs: keys.map((k) => info(k, built.get(k)!)),
        events: s.events.length <= EVENTS_UP_FRONT ? s.events : null,
      };
    },

    ensure(keys: readonly RunKey[]): RunInfo[] {
      if (!scenario) throw new Error('no scenario is open');
      return keys.map((k) => {
        let r = runs.get(k);
        if (!r) runs.set(k, (r = build(scenario!, k)));
        return info(k, r);
      });
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
      scenario = null;
      runs = new Map();
    },
  };
}

export type ScenarioSession = ReturnType<typeof createScenarioSession>;
