/**
 * Migration pass 2, placement (DOMAIN.md §5): devices named in `map` first, then the other
 * ADIs, then the other passthrough devices, each in assign order. A passthrough device
 * takes an empty function of its kind, SWQ and model; an ADI a siov PF of its SWQ and
 * model that no passthrough device of the VM takes (I9: no PF is both).
 */
import { holderName } from '../../model/holder.ts';
import type { Conflict } from '../../model/outcome.ts';
import { firstAdi, firstEntry, fnLabel } from '../queries.ts';
import type { FnState } from '../state.ts';
import { addConflict, compatibleModel, type DevicePlan, type MigrationPlan } from './plan.ts';

/** Why `f` cannot take a device (its holder), or null when it can. */
/** Why a function is taken: its holder, and the words for a message (built only when one is written). */
type Taken = Pick<Conflict, 'holder' | 'pasid'> & { what: () => string };

function takenForPassthrough(plan: MigrationPlan, f: FnState): Taken | null {
  const pt = f.assigned;
  if (pt) return { what: () => `passed through to ${pt.vm} as "${pt.alias}"` };
  const first = firstEntry(f);
  if (first) return { what: () => `in use by ${holderName(first[1].holder)}`, holder: first[1].holder, pasid: first[0] };
  const a = firstAdi(f);
  if (a) return { what: () => `carrying ADIs of ${a.vm}` };
  const planned = plan.devices.find((p) => p.dst === f);
  if (planned) return { what: () => `planned for ${plan.v.id}'s ${planned.device.type === 'adi' ? 'ADI' : 'device'} "${planned.device.alias}"` };
  return null;
}

function takenForAdi(plan: MigrationPlan, f: FnState): Taken | null {
  const pt = f.assigned;
  if (pt) return { what: () => `passed through to ${pt.vm} as "${pt.alias}"` };
  const planned = plan.devices.find((p) => p.dst === f && p.device.type === 'passthrough');
  if (planned) return { what: () => `planned for ${plan.v.id}'s passthrough device "${planned.device.alias}"` };
  return null;
}

function place(plan: MigrationPlan, dp: DevicePlan): void {
  const { dst } = plan;
  const d = dp.device;
  const s = dp.src;
  const pt = d.type === 'passthrough';
  const fits = (f: FnState) =>
    compatibleModel(f.spec.model, s.spec.model) &&
    f.spec.swq === s.spec.swq &&
    (pt ? f.spec.kind === s.spec.kind : f.spec.siov);
  const taken = (f: FnState) => (pt ? takenForPassthrough(plan, f) : takenForAdi(plan, f));
  const what = () => pt
    ? `${s.spec.kind.toUpperCase()}${s.spec.swq ? ' with a shared WQ' : ''}${s.spec.model ? ` (${s.spec.model})` : ''}`
    : `Scalable-IOV PF${s.spec.swq ? ' with a shared WQ' : ''}${s.spec.model ? ` (${s.spec.model})` : ''}`;
  const wanted = plan.map.get(d.alias);
  let target: FnState | null = null;
  if (wanted !== undefined) {
    const f = dst.fn.get(wanted)!;
    const t = fits(f) ? taken(f) : null;
    if (!fits(f))
      addConflict(plan, { code: 'ENODEV', reason: 'placement', device: d.alias, rid: f.spec.rid, message: plan.quiet ? '' : `map sends "${d.alias}" to ${fnLabel(f)}, which is not a ${what()}` });
    else if (t)
      addConflict(plan, { code: 'EBUSY', reason: 'placement-taken', device: d.alias, rid: f.spec.rid, ...(t.holder ? { holder: t.holder, pasid: t.pasid } : {}), message: plan.quiet ? '' : `map sends "${d.alias}" to ${fnLabel(f)}, which is ${t.what()}` });
    else target = f;
  } else {
    target = dst.functions.find((f) => fits(f) && !taken(f)) ?? null;
    if (!target) addConflict(plan, { code: 'ENODEV', reason: 'placement', device: d.alias, message: plan.quiet ? '' : `host ${dst.id} has no free ${what()} for "${d.alias}"` });
  }
  // The guest sees the function's own PASID capability: a narrower one on the destination is another device.
  if (target && pt && target.spec.pasidBits < s.spec.pasidBits)
    addConflict(plan, {
      code: 'EOVERFLOW',
      reason: 'placement-width',
      device: d.alias,
      rid: target.spec.rid,
      message: plan.quiet ? '' : `${fnLabel(target)} on host ${dst.id} has a ${target.spec.pasidBits}-bit PASID capability, narrower than the ${s.spec.pasidBits} bits "${d.alias}" has on host ${plan.src.id}`,
      source: s.spec.pasidBits,
      destination: target.spec.pasidBits,
    });
  dp.dst = target;
}

export function placeDevices(plan: MigrationPlan): void {
  const byOrder = [...plan.devices].sort((a, b) => a.device.order - b.device.order);
  const mapped = byOrder.filter((p) => plan.map.has(p.device.alias));
  const adis = byOrder.filter((p) => !plan.map.has(p.device.alias) && p.device.type === 'adi');
  const pts = byOrder.filter((p) => !plan.map.has(p.device.alias) && p.device.type === 'passthrough');
  for (const dp of [...mapped, ...adis, ...pts]) place(plan, dp);
  for (const dp of plan.devices)
    plan.summary.devices.push({ alias: dp.device.alias, type: dp.device.type, fromRid: dp.device.rid, toRid: dp.dst ? dp.dst.spec.rid : null });
}
