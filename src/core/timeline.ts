/**
 * Running a scenario into a timeline that gives the state after any event: sparse
 * checkpoints plus the recorded effects, walked forward or inverted from the nearest
 * known state (DESIGN.md convention 3).
 */
import { withPolicy, type Scenario } from './scenario.ts';
import { applyEffect, cloneState, initialState, invertEffect, snapshotOf, type EngineState } from './state.ts';
import { applyEvent, checkExpectation, eventHost } from './engine.ts';
import { checkInvariants, mixedEnqcmdVms } from './invariants.ts';
import type { ExpectationFailure, Outcome, PolicyKind, Snapshot, Timeline, Violation, Warning } from './types.ts';

export interface TimelineOptions {
  /** check I1–I7 over the whole state after every event (default true; bulk runs turn it off) */
  checkInvariants?: boolean;
  /** events between checkpoints (default: about 256 checkpoints over the run, at least 32 apart) */
  checkpointEvery?: number;
}

/** A timeline that also exposes the engine state, for aggregate views and the worker. */
export interface EngineTimeline extends Timeline {
  /** the live engine state positioned after `cursor` events; valid until the next call */
  stateAt(cursor: number): EngineState;
}

/**
 * Run `scenario` (every host under `policy` when given, DOMAIN.md §8) and return its
 * timeline: outcomes, expectation results, invariant violations, I8 warnings, and seek.
 */
export function buildTimeline(scenario: Scenario, policy?: PolicyKind, opts: TimelineOptions = {}): EngineTimeline {
  const s = withPolicy(scenario, policy);
  const n = s.events.length;
  const every = Math.max(1, opts.checkpointEvery ?? Math.max(32, Math.ceil(n / 256)));
  const check = opts.checkInvariants ?? true;

  const st = initialState(s);
  const checkpoints: EngineState[] = [cloneState(st)];
  const outcomes: Outcome[] = [];
  const failed: ExpectationFailure[] = [];
  const violations: Violation[] = [];
  const warnings: Warning[] = [];
  let checked = 0;
  let mixed = new Map<string, string>();

  s.events.forEach((e, i) => {
    const kind = st.hosts.get(eventHost(st, e))!.policy.kind;
    let o: Outcome;
    try {
      o = applyEvent(st, e, i);
    } catch (err) {
      violations.push({ invariant: 'engine', index: i, message: (err as Error).message });
      o = { index: i, op: e.op, ok: false, code: 'EINVAL', message: `internal error: ${(err as Error).message}`, effects: [] };
    }
    outcomes.push(o);
    const x = checkExpectation(e, kind, o);
    if (x.checked) checked++;
    failed.push(...x.failures);
    if (check) for (const b of checkInvariants(st)) violations.push({ invariant: b.invariant, index: i, message: b.message });
    // I8 is reported when it starts to hold for a VM, not on every later event.
    const now = mixedEnqcmdVms(st);
    for (const [vm, message] of now) if (!mixed.has(vm)) warnings.push({ invariant: 'I8', index: i, vm, message });
    mixed = now;
    if ((i + 1) % every === 0) checkpoints.push(cloneState(st));
  });

  // The live state used for seeking; starts at the end of the run.
  let live = st;
  let liveAt = n;

  function stateAt(cursor: number): EngineState {
    const c = Math.max(0, Math.min(n, Math.trunc(cursor)));
    const cp = Math.floor(c / every);
    const fromCheckpoint = c - cp * every;
    const fromLive = Math.abs(c - liveAt);
    if (fromLive > fromCheckpoint) {
      live = cloneState(checkpoints[cp]);
      liveAt = cp * every;
    }
    while (liveAt < c) {
      for (const e of outcomes[liveAt].effects) applyEffect(live, e);
      liveAt++;
    }
    while (liveAt > c) {
      liveAt--;
      const fx = outcomes[liveAt].effects;
      for (let k = fx.length - 1; k >= 0; k--) applyEffect(live, invertEffect(fx[k]));
    }
    return live;
  }

  return {
    policy: policy ?? 'declared',
    outcomes,
    expectations: { checked, failed },
    violations,
    warnings,
    length: n,
    stateAt,
    snapshot(cursor: number): Snapshot {
      const state = stateAt(cursor);
      return snapshotOf(state, liveAt);
    },
  };
}

/** Run a scenario and return just the results (no seeking). */
export function runScenario(scenario: Scenario, policy?: PolicyKind, opts?: TimelineOptions) {
  const t = buildTimeline(scenario, policy, opts);
  return {
    policy: t.policy,
    outcomes: t.outcomes,
    expectations: t.expectations,
    violations: t.violations,
    warnings: t.warnings,
  };
}
