/**
 * Live migration (DOMAIN.md §5 migrate). Atomic: the first-alone checks, then the three
 * passes (guest ABI, placement, PASIDs) list every conflict once; only a plan without
 * conflicts is applied, and then the source releases everything the VM held.
 */
import type { ScenarioEvent } from '../../scenario/index.ts';
import { hex, type Pasid } from '../../model/pasid.ts';
import type { Conflict, OpResult } from '../../model/outcome.ts';
import { fail, type Tx } from '../tx.ts';
import { hostOf, vmOf } from '../queries.ts';
import type { GuestProc } from '../state.ts';
import { addConflict, orderedConflicts, type DevicePlan, type MigrationPlan } from './plan.ts';
import { checkGuestAbi } from './abi.ts';
import { placeDevices } from './placement.ts';
import { planPasids } from './pasids.ts';
import { applyMigration } from './apply.ts';

export function opMigrate(tx: Tx, e: Extract<ScenarioEvent, { op: 'migrate' }>): OpResult {
  const st = tx.st;
  const v = vmOf(st, e.vm);
  const src = hostOf(st, v.host);
  const dst = hostOf(st, e.to);
  const alone = (c: Conflict) => fail(c.code, tx.quiet ? '' : `${v.id} cannot migrate ${src.id} → ${dst.id}: ${c.message}`, { conflicts: [c] });
  const map = new Map<string, string>();
  for (const [alias, rid] of e.map ?? []) {
    if (!v.devices.has(alias))
      return alone({ code: 'ENODEV', reason: 'alias', device: alias, message: tx.quiet ? '' : `${v.id} has no device "${alias}" (named in map)` });
    map.set(alias, rid);
  }
  if (src === dst) return fail('EINVAL', tx.quiet ? '' : `${v.id} already runs on host ${dst.id}`, { conflicts: [{ code: 'EINVAL', reason: 'same-host', message: tx.quiet ? '' : `${v.id} already runs on host ${dst.id}` }] });
  if (src.policy.kind !== dst.policy.kind)
    return alone({ code: 'EOPNOTSUPP', reason: 'policy', message: tx.quiet ? '' : `host ${src.id} runs ${src.policy.kind} and host ${dst.id} runs ${dst.policy.kind}: both must run the same policy` });

  const devices: DevicePlan[] = [...v.devices.values()]
    .sort((a, b) => a.order - b.order)
    .map((device) => ({ device, src: src.fn.get(device.rid)!, dst: null }));
  const procs = [...v.procs]
    .filter((x): x is [string, GuestProc & { pasid: Pasid }] => x[1].pasid !== null)
    .sort((a, b) => a[1].order - b[1].order);
  const plan: MigrationPlan = {
    st,
    v,
    src,
    dst,
    map,
    procs,
    devices,
    deviceOf: new Map(devices.map((d) => [d.device.alias, d])),
    newH: new Map(),
    conflicts: [],
    summary: { vm: v.id, from: src.id, to: dst.id, devices: [], kept: [], remapped: [] },
    quiet: tx.quiet,
  };
  checkGuestAbi(plan);
  placeDevices(plan);
  planPasids(plan);
  if (plan.conflicts.length) {
    const conflicts = orderedConflicts(plan.conflicts);
    const more = conflicts.length > 1 ? ` (+${conflicts.length - 1} more)` : '';
    return fail(conflicts[0].code, tx.quiet ? '' : `${v.id} cannot migrate ${src.id} → ${dst.id}: ${conflicts[0].message}${more}`, {
      conflicts,
      migration: plan.summary,
    });
  }
  applyMigration(tx, plan);
  const s = plan.summary;
  const parts = [
    `${s.kept.length} PASID${s.kept.length === 1 ? '' : 's'} kept`,
    ...(s.remapped.length ? [`${s.remapped.length} remapped (${s.remapped.map((r) => `${hex(r.from)}→${hex(r.to)}`).join(', ')})`] : []),
  ];
  return { ok: true, message: tx.quiet ? '' : `${v.id} migrated ${src.id} → ${dst.id}: ${parts.join(', ')}`, migration: s };
}

export { addConflict };
