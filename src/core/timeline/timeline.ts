/**
 * Running a scenario into a timeline that gives the state after any event: sparse
 * checkpoints plus the recorded effects, walked forward or inverted from the nearest
 * known state (DESIGN.md convention 3).
 *
 * Two ways of keeping the run. Small runs keep every Outcome object. Large runs
 * (`compact`, the default above 20,000 events) keep the effects packed in an EffectLog and
 * the outcome fields in typed columns; a full Outcome (message, conflicts, effects) is
 * rebuilt on demand by applying the event again to the state before it — the engine is
 * deterministic, so it comes out the same.
 */
import { withPolicy, type Scenario } from '../scenario/scenario.ts';
import { applyEffect, cloneState, initialState, invertEffect, snapshotOf, type EngineState } from '../engine/state.ts';
import { applyEvent, checkExpectation, eventHost } from '../engine/engine.ts';
import { checkInvariants, mixedEnqcmdVms } from '../engine/invariants.ts';
import { EffectLog } from './effect-log.ts';
import {
  ERROR_CODES,
  type Effect,
  type ErrorCode,
  type ExpectationFailure,
  type Outcome,
  type PolicyKind,
  type Snapshot,
  type Timeline,
  type Violation,
  type Warning,
} from '../model/types.ts';

export interface TimelineOptions {
  /** check I1–I7 over the whole state after every event (default true; bulk runs turn it off) */
  checkInvariants?: boolean;
  /** events between checkpoints (default: about 64 checkpoints over the run, at least 32 apart) */
  checkpointEvery?: number;
  /** pack effects and outcomes (default: more than 20,000 events) */
  compact?: boolean;
  /** called every `progressEvery` events with the number done (for progress bars) */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

/** Outcome fields as columns: one entry per event (-1 = absent; code 0 = none, else ERROR_CODES index + 1). */
export interface OutcomeColumns {
  ok: Uint8Array;
  code: Uint8Array;
  pasid: Int32Array;
  hpasid: Int32Array;
  wire: Int32Array;
}

/** A timeline that also exposes the engine state, for aggregate views and the worker. */
export interface EngineTimeline extends Timeline {
  /** the live engine state positioned after `cursor` events; valid until the next call */
  stateAt(cursor: number): EngineState;
  /** the full outcome of event `i` (rebuilt on demand in compact mode) */
  outcome(i: number): Outcome;
  /** every event's outcome fields, without messages or effects */
  readonly columns: OutcomeColumns;
  /** the scenario as run (with the policy override applied) */
  readonly scenario: Scenario;
}

const touchesI8 = (e: Effect) =>
  e.t === 'xlate-set' || e.t === 'xlate-unset' || e.t === 'assign' || e.t === 'unassign' || e.t === 'vm-host';

export const codeIndex = (c: ErrorCode | undefined): number => (c === undefined ? 0 : ERROR_CODES.indexOf(c) + 1);

/**
 * Run `scenario` (every host under `policy` when given, DOMAIN.md §8) and return its
 * timeline: outcomes, expectation results, invariant violations, I8 warnings, and seek.
 */
export function buildTimeline(scenario: Scenario, policy?: PolicyKind, opts: TimelineOptions = {}): EngineTimeline {
  const s = withPolicy(scenario, policy);
  const n = s.events.length;
  const every = Math.max(1, opts.checkpointEvery ?? Math.max(32, Math.ceil(n / 64)));
  const check = opts.checkInvariants ?? true;
  const compact = opts.compact ?? n > 20_000;
  const progressEvery = opts.progressEvery ?? 10_000;

  const st = initialState(s);
  const checkpoints: EngineState[] = [cloneState(st)];
  const full: Outcome[] = [];
  const log = compact ? new EffectLog() : null;
  const columns: OutcomeColumns = {
    ok: new Uint8Array(n),
    code: new Uint8Array(n),
    pasid: new Int32Array(n).fill(-1),
    hpasid: new Int32Array(n).fill(-1),
    wire: new Int32Array(n).fill(-1),
  };
  const failed: ExpectationFailure[] = [];
  const violations: Violation[] = [];
  const warnings: Warning[] = [];
  let checked = 0;
  let mixed = new Map<string, string>();

  let engineError: string | null = null;
  const apply = (state: EngineState, i: number): Outcome => {
    const e = s.events[i];
    engineError = null;
    try {
      return applyEvent(state, e, i);
    } catch (err) {
      // An engine bug: reported as a violation, and the event as failed with no effects.
      engineError = (err as Error).message;
      return { index: i, op: e.op, ok: false, code: 'EINVAL', message: `internal error: ${engineError}`, effects: [] };
    }
  };

  for (let i = 0; i < n; i++) {
    const e = s.events[i];
    const kind = st.hosts.get(eventHost(st, e))!.policy.kind;
    const o = apply(st, i);
    if (engineError !== null) violations.push({ invariant: 'engine', index: i, message: engineError });
    if (log) log.pushEvent(o.effects);
    else full.push(o);
    columns.ok[i] = o.ok ? 1 : 0;
    columns.code[i] = codeIndex(o.code);
    if (o.pasid !== undefined) columns.pasid[i] = o.pasid;
    if (o.hpasid !== undefined) columns.hpasid[i] = o.hpasid;
    if (o.wire !== undefined) columns.wire[i] = o.wire;
    if (e.expect) {
      const x = checkExpectation(e, kind, o);
      if (x.checked) checked++;
      for (const f of x.failures) failed.push(f);
    }
    if (check) for (const b of checkInvariants(st)) violations.push({ invariant: b.invariant, index: i, message: b.message });
    // I8 is reported when it starts to hold for a VM, not on every later event. Only
    // translation and device changes can change it.
    if (o.effects.some(touchesI8)) {
      const now = mixedEnqcmdVms(st);
      for (const [vm, message] of now) if (!mixed.has(vm)) warnings.push({ invariant: 'I8', index: i, vm, message });
      mixed = now;
    }
    if ((i + 1) % every === 0) checkpoints.push(cloneState(st));
    if (opts.onProgress && (i + 1) % progressEvery === 0) opts.onProgress(i + 1, n);
  }
  opts.onProgress?.(n, n);

  const effectsOf = (i: number): readonly Effect[] => (log ? log.effectsOf(i) : full[i].effects);

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
      for (const e of effectsOf(liveAt)) applyEffect(live, e);
      liveAt++;
    }
    while (liveAt > c) {
      liveAt--;
      const fx = effectsOf(liveAt);
      for (let k = fx.length - 1; k >= 0; k--) applyEffect(live, invertEffect(fx[k]));
    }
    return live;
  }

  function outcome(i: number): Outcome {
    if (!log) return full[i];
    // Apply event i again to the state before it: the same outcome, and the live state
    // moves one step forward, exactly as recorded.
    const state = stateAt(i);
    const o = apply(state, i);
    liveAt = i + 1;
    return o;
  }

  let materialised: Outcome[] | null = log ? null : full;
  return {
    policy: policy ?? 'declared',
    get outcomes(): Outcome[] {
      if (!materialised) materialised = Array.from({ length: n }, (_, i) => outcome(i));
      return materialised;
    },
    expectations: { checked, failed },
    violations,
    warnings,
    length: n,
    columns,
    scenario: s,
    stateAt,
    outcome,
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
