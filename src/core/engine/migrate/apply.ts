/**
 * Applying a migration plan without conflicts: the source releases everything the VM
 * held, the VM moves, and the destination takes it all — devices in their old order,
 * every binding with its references, kept PASIDs as they were, new hPASIDs translated
 * from the same gPASIDs (DOMAIN.md §5: the VM's table is rewritten).
 */
import type { DeviceRecord } from '../../model/effect.ts';
import { guestHolder } from '../queries.ts';
import type { Holder } from '../../model/holder.ts';
import type { Pasid } from '../../model/pasid.ts';
import { addRef, bindingsOf, dropBindings, reserve, unreserveAll } from '../bonds.ts';
import type { Tx } from '../tx.ts';
import { nextAdiId } from '../ops/assign.ts';
import type { MigrationPlan } from './plan.ts';

export function applyMigration(tx: Tx, plan: MigrationPlan): void {
  const { v, src, dst, procs, newH, summary } = plan;
  const pk = src.policy.kind;
  const holderOf = (process: string): Holder => guestHolder(v, process);
  const bindings = new Map(procs.map(([name]) => [name, [...bindingsOf(v, name)]]));

  // The source lets go.
  for (const [name, p] of procs) {
    dropBindings(tx, src, v, name);
    if (p.hpasid !== null) unreserveAll(tx, src, holderOf(name), p.hpasid);
    if (newH.has(name) && p.hpasid !== null) tx.do({ t: 'xlate-unset', vm: v.id, gpasid: p.pasid, hpasid: p.hpasid });
    if (pk === 'global') tx.do({ t: 'free', space: { kind: 'g', host: src.id }, pasid: p.pasid, holder: holderOf(name) });
    if (pk === 'split' && p.hpasid !== null) tx.do({ t: 'free', space: { kind: 'g', host: src.id }, pasid: p.hpasid, holder: holderOf(name) });
  }
  for (const dp of plan.devices) tx.do({ t: 'unassign', vm: v.id, device: dp.device });
  tx.do({ t: 'vm-host', vm: v.id, from: src.id, to: dst.id });

  // The destination takes the devices, in their old order, under the same aliases.
  const taken = new Set<string>();
  const moved = new Map<string, DeviceRecord>();
  for (const dp of plan.devices) {
    const f = dp.dst!;
    const base = { alias: dp.device.alias, host: dst.id, rid: f.spec.rid, order: dp.device.order };
    const device: DeviceRecord = dp.device.type === 'passthrough' ? { ...base, type: 'passthrough' } : { ...base, type: 'adi', adi: nextAdiId(f, taken) };
    if (device.adi) taken.add(device.adi);
    tx.do({ t: 'assign', vm: v.id, device });
    moved.set(device.alias, device);
  }

  // The processes' numbers, then every binding again.
  for (const [name, p] of procs) {
    const holder = holderOf(name);
    if (pk === 'global') tx.do({ t: 'alloc', space: { kind: 'g', host: dst.id }, pasid: p.pasid, holder });
    const h = newH.get(name);
    if (h !== undefined) {
      if (pk === 'split') tx.do({ t: 'alloc', space: { kind: 'g', host: dst.id }, pasid: h, holder });
      tx.do({ t: 'proc', holder, before: { ...p }, after: { ...p, hpasid: h } });
      tx.do({ t: 'xlate-set', vm: v.id, gpasid: p.pasid, hpasid: h });
      summary.remapped.push({ process: name, gpasid: p.pasid, from: p.hpasid!, to: h });
    }
    for (const [alias, refs] of bindings.get(name)!) {
      const d = moved.get(alias)!;
      const f = dst.fn.get(d.rid)!;
      const at: Pasid = d.type === 'passthrough' || pk === 'global' ? p.pasid : h!;
      addRef(tx, dst, f, at, holder);
      if (refs > 1) tx.do({ t: 'ref', host: dst.id, rid: f.spec.rid, pasid: at, holder, delta: refs - 1 });
      tx.do({ t: 'bind', vm: v.id, process: name, device: alias, delta: refs });
      if (d.type === 'adi' && pk === 'local') reserve(tx, dst, f, at, holder, false);
      if (d.type === 'passthrough' || pk === 'global') summary.kept.push({ device: alias, process: name, pasid: at });
    }
  }
}
