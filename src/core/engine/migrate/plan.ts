/**
 * The plan of a migration while its passes run (DOMAIN.md §5 migrate): where each device
 * goes, the new hPASIDs, and every conflict found, each listed once.
 */
import type { DeviceRecord } from '../../model/effect.ts';
import { CONFLICT_ORDER } from '../../model/error-code.ts';
import { holderKey } from '../../model/holder.ts';
import type { Conflict, MigrationSummary } from '../../model/outcome.ts';
import type { Pasid } from '../../model/pasid.ts';
import type { EngineState, FnState, GuestProc, HostState, VmState } from '../state.ts';

export interface DevicePlan {
  device: DeviceRecord;
  src: FnState;
  dst: FnState | null;
}

export interface MigrationPlan {
  st: EngineState;
  v: VmState;
  src: HostState;
  dst: HostState;
  /** `map`: alias → destination RID */
  map: ReadonlyMap<string, string>;
  /** the VM's processes that have a gPASID, in guest.alloc order */
  procs: [string, GuestProc & { pasid: Pasid }][];
  devices: DevicePlan[];
  /** by alias */
  deviceOf: Map<string, DevicePlan>;
  /** process → its new hPASID on the destination */
  newH: Map<string, Pasid>;
  conflicts: Conflict[];
  summary: MigrationSummary;
  /** record mode: conflicts without messages */
  quiet: boolean;
}

const conflictKey = (c: Conflict) =>
  [c.code, c.reason, c.device ?? '', c.rid ?? '', c.process ?? '', c.pasid ?? '', c.holder ? holderKey(c.holder) : ''].join('\u0000');

/** Add a conflict unless the same clash is listed already. */
export function addConflict(plan: MigrationPlan, c: Conflict): void {
  const k = conflictKey(c);
  if (plan.conflicts.some((x) => conflictKey(x) === k)) return;
  plan.conflicts.push(c);
}

/** The conflicts in code order (stable within a code): the first gives the outcome its code. */
export function orderedConflicts(cs: readonly Conflict[]): Conflict[] {
  const rank = (c: Conflict) => CONFLICT_ORDER.indexOf(c.code);
  return cs.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map((x) => x.c);
}

/** Models are compatible when equal or one is absent (DOMAIN.md §4). */
export function compatibleModel(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}
