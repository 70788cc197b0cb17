/**
 * Applying one event to the state: dispatch to its op, turn the decision into an
 * Outcome (DOMAIN.md §6), and check an outcome against its `expect` (DOMAIN.md §4).
 */
import { patternFor, type Pattern, type ScenarioEvent } from '../scenario/scenario.ts';
import { EngineBug, type EngineState } from './state.ts';
import {
  Tx,
  opAssign,
  opEnqcmd,
  opGuestAlloc,
  opGuestBind,
  opGuestFree,
  opGuestUnbind,
  opHostBind,
  opHostExit,
  opHostUnbind,
  opUnassign,
  type OpResult,
} from './ops.ts';
import { opMigrate } from './migrate.ts';
import type { ExpectationFailure, Outcome, PolicyKind } from '../model/types.ts';

function decide(tx: Tx, e: ScenarioEvent): OpResult {
  switch (e.op) {
    case 'assign':
      return opAssign(tx, e);
    case 'unassign':
      return opUnassign(tx, e);
    case 'guest.alloc':
      return opGuestAlloc(tx, e);
    case 'guest.bind':
      return opGuestBind(tx, e);
    case 'guest.unbind':
      return opGuestUnbind(tx, e);
    case 'guest.free':
      return opGuestFree(tx, e);
    case 'host.bind':
      return opHostBind(tx, e);
    case 'host.unbind':
      return opHostUnbind(tx, e);
    case 'host.exit':
      return opHostExit(tx, e);
    case 'enqcmd':
      return opEnqcmd(tx, e);
    case 'migrate':
      return opMigrate(tx, e);
  }
}

/**
 * Apply event `e` (number `index`) to `st`. On success the state has changed by exactly
 * `outcome.effects`; on failure it has not changed at all. Throws EngineBug only on an
 * internal inconsistency (the state is rolled back first).
 */
export function applyEvent(st: EngineState, e: ScenarioEvent, index: number): Outcome {
  const tx = new Tx(st);
  let r: OpResult;
  try {
    r = decide(tx, e);
  } catch (err) {
    tx.rollback();
    throw err instanceof EngineBug ? err : new EngineBug(`event ${index} (${e.op}): ${(err as Error).message}`);
  }
  if (!r.ok) tx.rollback();
  const out: Outcome = { index, op: e.op, ok: r.ok, message: r.message, effects: r.ok ? tx.effects : [] };
  if (r.code !== undefined) out.code = r.code;
  if (r.pasid !== undefined) out.pasid = r.pasid;
  if (r.hpasid !== undefined) out.hpasid = r.hpasid;
  if (r.wire !== undefined) out.wire = r.wire;
  if (r.conflicts !== undefined) out.conflicts = r.conflicts;
  if (r.migration !== undefined) out.migration = r.migration;
  return out;
}

const PATTERN_FIELDS = ['ok', 'code', 'pasid', 'hpasid', 'wire'] as const;

/** Compare an outcome to the event's expectation for the policy its host ran. */
export function checkExpectation(
  e: ScenarioEvent,
  kind: PolicyKind,
  o: Outcome,
): { checked: boolean; failures: ExpectationFailure[] } {
  const pattern: Pattern | undefined = patternFor(e.expect, kind);
  if (!pattern) return { checked: false, failures: [] };
  const failures: ExpectationFailure[] = [];
  for (const field of PATTERN_FIELDS) {
    if (pattern[field] === undefined) continue;
    const actual = o[field];
    if (actual !== pattern[field])
      failures.push({
        index: o.index,
        field,
        expected: pattern[field],
        actual: actual ?? null,
        message: `events[${o.index}] (${e.op}) under ${kind}: expected ${field} ${JSON.stringify(pattern[field])}, got ${JSON.stringify(actual ?? null)}`,
      });
  }
  return { checked: true, failures };
}

/** The host whose policy an event is judged under (for `expect` keyed by policy kind). */
export function eventHost(st: EngineState, e: ScenarioEvent): string {
  if ('host' in e && e.host !== undefined) return e.host;
  if ('vm' in e && e.vm !== undefined) return st.vms.get(e.vm)!.host;
  throw new EngineBug(`event ${e.op} names no host or VM`);
}
