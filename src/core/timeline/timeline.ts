/**
 * The one timeline: a run of any size — a bundled or imported scenario, a filled one, a
 * generated workload — kept seekable to any event (DESIGN.md convention 3).
 *
 * - Outcomes are typed columns (outcome-columns.ts); a full outcome (message, conflicts,
 *   migration summary, effects) is rebuilt on demand by applying the event again to the
 *   state before it: the engine is deterministic, so it comes out the same.
 * - Effects are packed in an EffectLog.
 * - Checkpoints are net differences from the initial state (ledger.ts): one at least every
 *   `checkpointEvery` events (about 1,024 over the run), spaced further apart while the
 *   net difference is large, so that they hold at most SLOTS_PER_EVENT slots per event.
 *   A seek costs one restore (two net differences) plus at most one interval of effects,
 *   and the interval grows only as the restore does; memory grows with the churn, not
 *   with a fill.
 * - It is built in slices (`step`), so a worker can report progress and be cancelled.
 * - Expectations, invariants (on what each event touched, or over the whole state) and
 *   warnings are checked as it builds.
 */
import { withPolicy, type Scenario, type ScenarioEvent } from '../scenario/index.ts';
import type { Effect } from '../model/effect.ts';
import type { Outcome, RunChecks } from '../model/outcome.ts';
import type { PolicyKind } from '../model/policy.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { applyEffect, invertEffect } from '../engine/effects.ts';
import { applyEvent, eventHost } from '../engine/apply-event.ts';
import { checkExpectation } from '../engine/expectation.ts';
import { checkAllInvariants, checkTouchedInvariants } from '../engine/invariants.ts';
import { WarningTracker } from '../engine/warnings.ts';
import { snapshotOf } from '../engine/snapshot.ts';
import { initialState, type EngineState } from '../engine/state.ts';
import { EffectLog } from './effect-log.ts';
import { Ledger, transition, type Slot, type SlotValue } from './ledger.ts';
import { emptyColumns, record, type OutcomeColumns } from './outcome-columns.ts';

export interface TimelineOptions {
  /** after each event: on what it touched (default), over the whole state (tests), or not at all */
  invariants?: 'touched' | 'full' | 'off';
  /** events between checkpoints at least (default: about 1,024 over the run, at least 64 apart) */
  checkpointEvery?: number;
  /** the state before the first event, when not the scenario's own (a fill) */
  initial?: EngineState;
  /** sees every event as it is built (fleet statistics) */
  observe?: (i: number, e: ScenarioEvent, o: Outcome, engineError: string | undefined, st: EngineState) => void;
  /** the observer reads no messages: build in record mode anyway */
  quietObserve?: boolean;
}

/** Besides seeking: the policy override (`declared`: each host runs what it declares) and the checks found so far. */
export interface Timeline extends RunChecks {
  /** the scenario as run (the policy override applied) */
  readonly scenario: Scenario;
  /** number of events; cursors run 0..length (0 = before the first event) */
  readonly length: number;
  /** events built so far */
  readonly built: number;
  /** Build up to `max` more events; true when all are built. */
  step(max: number): boolean;
  readonly columns: OutcomeColumns;
  /** The live state after `cursor` events (of those built); valid until the next call. */
  stateAt(cursor: number): EngineState;
  /** The full outcome of event `i` (built), rebuilt from the state before it. */
  outcome(i: number): Outcome;
  /** The state after `cursor` events as plain data. */
  snapshot(cursor: number): Snapshot;
  /** Bytes the timeline holds besides the live state: the effect log and the checkpoints (estimate). */
  byteSize(): number;
  readonly checkpoints: number;
  /** slots the live state differs from the initial one in: the size of a net difference */
  readonly ledgerSize: number;
}

interface Checkpoint {
  index: number;
  slots: Slot[];
  values: SlotValue[];
}

/**
 * A checkpoint copies the whole net difference: it waits until it has been at least this
 * many events since the last per slot it copies, so checkpoints cost a bounded share of
 * the effect log's memory and build time however large the churned state gets.
 */
const SLOTS_PER_EVENT = 4;

/** The last checkpoint at or before event `y` (checkpoints ascending by index, the first at 0). */
function checkpointBefore(cps: readonly Checkpoint[], y: number): Checkpoint {
  let lo = 0;
  let hi = cps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cps[mid].index <= y) lo = mid;
    else hi = mid - 1;
  }
  return cps[lo];
}

/** Start the timeline of `scenario` run as declared, or with every host under `policy` (DOMAIN.md §8). */
export function createTimeline(scenario: Scenario, policy?: PolicyKind, opts: TimelineOptions = {}): Timeline {
  const s = withPolicy(scenario, policy);
  const events = s.events;
  const n = events.length;
  const every = Math.max(1, opts.checkpointEvery ?? Math.max(64, Math.ceil(n / 1024)));
  const invariants = opts.invariants ?? 'touched';
  const st = opts.initial ?? initialState(s);
  const columns = emptyColumns(n);
  const log = new EffectLog();
  const checks: RunChecks = { policy: policy ?? 'declared', expectations: { checked: 0, failed: [] }, violations: [], warnings: [] };
  const warn = new WarningTracker();
  const ledger = new Ledger({
    entryRefs: (host, rid, pasid) => st.hosts.get(host)!.fn.get(rid)!.entries.get(pasid)?.refs ?? 0,
    bindCount: (vm, process, device) => st.vms.get(vm)!.bindings.get(process)?.get(device) ?? 0,
  });
  const checkpoints: Checkpoint[] = [{ index: 0, slots: [], values: [] }];
  let checkpointSlots = 0;
  let live = 0;
  let built = 0;

  const apply = (e: Effect) => {
    applyEffect(st, e);
    ledger.note(e);
  };

  /** Apply event i to the live state (which is at i) through the engine; `quiet`: no messages (record mode). */
  const run = (i: number, quiet: boolean): { o: Outcome; engineError: string | undefined } => {
    const e = events[i];
    try {
      const o = applyEvent(st, e, i, quiet);
      for (const fx of o.effects) ledger.note(fx);
      live = i + 1;
      return { o, engineError: undefined };
    } catch (err) {
      // An engine bug: the state was rolled back; the event counts as failed with no effects.
      const engineError = err instanceof Error ? err.message : String(err);
      live = i + 1;
      return { o: { index: i, op: e.op, ok: false, code: 'EINVAL', message: `internal error: ${engineError}`, effects: [] }, engineError };
    }
  };

  const buildOne = () => {
    const i = built;
    const e = events[i];
    const kind = st.hosts.get(eventHost(st, e))!.policy.kind;
    // Record mode unless something reads the outcome whole (the statistics quote a message).
    const { o, engineError } = run(i, !opts.observe || opts.quietObserve === true);
    log.pushEvent(o.effects);
    record(columns, i, o, engineError !== undefined);
    if (engineError !== undefined) checks.violations.push({ invariant: 'engine', index: i, message: engineError });
    if (e.expect) {
      const x = checkExpectation(e, kind, o);
      if (x.checked) checks.expectations.checked++;
      for (const f of x.failures) checks.expectations.failed.push(f);
    }
    if (invariants !== 'off') {
      const breaks = invariants === 'full' ? checkAllInvariants(st) : checkTouchedInvariants(st, o.effects);
      for (const b of breaks) checks.violations.push({ invariant: b.invariant, index: i, message: b.message });
    }
    for (const w of warn.after(st, e, o)) checks.warnings.push(w);
    opts.observe?.(i, e, o, engineError, st);
    built = i + 1;
    const since = built - checkpoints[checkpoints.length - 1].index;
    if (since >= every && since * SLOTS_PER_EVENT >= ledger.size && built < n) {
      const slots: Slot[] = [];
      const values: SlotValue[] = [];
      ledger.forEach((slot, cur) => {
        slots.push(slot);
        values.push(cur);
      });
      checkpointSlots += slots.length;
      checkpoints.push({ index: built, slots, values });
    }
  };

  /** Jump the live state to checkpoint `c` by way of the initial state. */
  const jumpTo = (c: Checkpoint) => {
    const r1: Effect[] = [];
    const m1: Effect[] = [];
    const a1: Effect[] = [];
    ledger.forEach((slot, cur) => transition(slot, cur, slot.base, r1, m1, a1));
    const r2: Effect[] = [];
    const m2: Effect[] = [];
    const a2: Effect[] = [];
    for (let k = 0; k < c.slots.length; k++) transition(c.slots[k], c.slots[k].base, c.values[k], r2, m2, a2);
    // Removals first, so what moves (an ADI id, a passed-through function) is free before it is taken again.
    for (const list of [r1, m1, a1, r2, m2, a2]) for (const e of list) applyEffect(st, e);
    ledger.clear();
    for (let k = 0; k < c.slots.length; k++) ledger.set(c.slots[k], c.values[k]);
    live = c.index;
  };

  const forward = (y: number) => {
    while (live < y) {
      if (!log.isEmpty(live)) for (const e of log.effectsOf(live)) apply(e);
      live++;
    }
  };

  const stateAt = (cursor: number): EngineState => {
    const y = Math.max(0, Math.min(built, Math.trunc(cursor)));
    if (y === live) return st;
    const c = checkpointBefore(checkpoints, y);
    if (y > live && live >= c.index) forward(y);
    else if (y < live && live - y <= y - c.index) {
      // Back by inverting the recorded effects: cheaper than the checkpoint.
      while (live > y) {
        live--;
        if (log.isEmpty(live)) continue;
        const fx = log.effectsOf(live);
        for (let k = fx.length - 1; k >= 0; k--) apply(invertEffect(fx[k]));
      }
    } else {
      jumpTo(c);
      forward(y);
    }
    return st;
  };

  return {
    scenario: s,
    policy: checks.policy,
    expectations: checks.expectations,
    violations: checks.violations,
    warnings: checks.warnings,
    length: n,
    get built() {
      return built;
    },
    step(max: number): boolean {
      // Building extends the run from its end: bring the live state there first.
      if (built < n) stateAt(built);
      const end = Math.min(n, built + Math.max(0, max));
      while (built < end) buildOne();
      return built >= n;
    },
    columns,
    stateAt,
    outcome(i: number): Outcome {
      const k = Math.max(0, Math.min(built - 1, Math.trunc(i)));
      stateAt(k);
      return run(k, false).o;
    },
    snapshot(cursor: number): Snapshot {
      const state = stateAt(cursor);
      return snapshotOf(state, live);
    },
    byteSize: () => log.byteSize() + checkpointSlots * 120 + columns.op.length * 19,
    get checkpoints() {
      return checkpoints.length;
    },
    get ledgerSize() {
      return ledger.size;
    },
  };
}

/** Run `scenario` (every host under `policy` when given) to its end and return its timeline. */
export function buildTimeline(scenario: Scenario, policy?: PolicyKind, opts?: TimelineOptions): Timeline {
  const t = createTimeline(scenario, policy, opts);
  t.step(t.length);
  return t;
}
