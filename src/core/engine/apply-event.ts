/**
 * One event applied to the state: dispatched to its op (DOMAIN.md §5), turned into an
 * Outcome (§6). On success the state has changed by exactly `outcome.effects`; on failure
 * not at all.
 */
import type { ScenarioEvent } from '../scenario/index.ts';
import type { OpResult, Outcome } from '../model/outcome.ts';
import { EngineBug, type EngineState } from './state.ts';
import { Tx } from './tx.ts';
import { failureNumbers } from './failure-numbers.ts';
import { opAssign, opUnassign } from './ops/assign.ts';
import { opGuestAlloc, opGuestFree } from './ops/guest-alloc.ts';
import { opGuestBind, opGuestUnbind } from './ops/guest-bind.ts';
import { opHostBind, opHostExit, opHostUnbind } from './ops/host-ops.ts';
import { opEnqcmd } from './ops/enqcmd.ts';
import { opMigrate } from './migrate/migrate.ts';

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
 * Apply event `e` (number `index`) to `st`. Throws EngineBug only on an internal
 * inconsistency, after rolling the state back. `quiet` (record mode) leaves every message
 * empty: the rest of the outcome is the same.
 */
export function applyEvent(st: EngineState, e: ScenarioEvent, index: number, quiet = false): Outcome {
  const tx = new Tx(st, index, quiet);
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
  const numbers = r.ok ? r : failureNumbers(st, e, r);
  if (numbers.pasid !== undefined) out.pasid = numbers.pasid;
  if (numbers.hpasid !== undefined) out.hpasid = numbers.hpasid;
  if (r.wire !== undefined) out.wire = r.wire;
  if (r.fault !== undefined) out.fault = r.fault;
  if (r.conflicts !== undefined) out.conflicts = r.conflicts;
  if (r.migration !== undefined) out.migration = r.migration;
  return out;
}

/** The host whose policy an event is judged under (for `expect` keyed by policy kind). */
export function eventHost(st: EngineState, e: ScenarioEvent): string {
  if ('host' in e && e.host !== undefined) return e.host;
  if ('vm' in e && e.vm !== undefined) return st.vms.get(e.vm)!.host;
  throw new EngineBug(`event ${e.op} names no host or VM`);
}
