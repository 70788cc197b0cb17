/**
 * assign and unassign (DOMAIN.md §5): a function passed through (v==p) or an ADI created
 * on a siov PF (v!=p); and hot-unplug.
 */
import type { ScenarioEvent } from '../../scenario/index.ts';
import type { DeviceRecord } from '../../model/effect.ts';
import { hex } from '../../model/pasid.ts';
import { holderName } from '../../model/holder.ts';
import type { OpResult } from '../../model/outcome.ts';
import { fail, type Tx } from '../tx.ts';
import { deviceFn, firstAdi, firstEntry, fnLabel, hostOf, passthroughSwq, vmOf } from '../queries.ts';
import { bindingsOf, dropBindings, releaseLocalHpasid } from '../bonds.ts';
import type { FnState } from '../state.ts';

/** The lowest free ADI number on a PF: ids are reused after unplug, deterministically. */
export function nextAdiId(f: FnState, taken: ReadonlySet<string> = new Set()): string {
  for (let n = 1; ; n++) {
    const id = `${f.spec.rid}/adi${n}`;
    if (!f.adis.has(id) && !taken.has(id)) return id;
  }
}

export function opAssign(tx: Tx, e: Extract<ScenarioEvent, { op: 'assign' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const h = hostOf(tx.st, v.host);
  const rid = (e.function ?? e.adiOf)!;
  const alias = e.as ?? rid;
  const f = h.fn.get(rid);
  if (!f) return fail('ENODEV', tx.quiet ? '' : `no function ${rid} on host ${h.id}, where ${v.id} runs`);
  if (v.devices.has(alias)) return fail('EEXIST', tx.quiet ? '' : `${v.id} already has a device named "${alias}"`);
  const pk = h.policy.kind;
  const on = v.translationSince !== null;

  if (e.function !== undefined) {
    if (f.assigned) return fail('EBUSY', tx.quiet ? '' : `${fnLabel(f)} is already passed through to ${f.assigned.vm} as "${f.assigned.alias}"`);
    const first = firstEntry(f);
    if (first) {
      const [pasid, en] = first;
      return fail('EBUSY', tx.quiet ? '' : `${fnLabel(f)} has PASID ${hex(pasid)} attached by ${holderName(en.holder)}`);
    }
    const a = firstAdi(f);
    if (a) {
      return fail('EBUSY', tx.quiet ? '' : `${fnLabel(f)} carries ADIs (${a.vm} "${a.alias}"): it cannot also be passed through`);
    }
    if ((pk === 'local' || pk === 'linux') && f.spec.swq && on)
      return fail(
        'EOPNOTSUPP',
        `${v.id} translates its ENQCMD PASIDs (on since event ${v.translationSince}), and a passthrough shared WQ would receive host PASIDs for guest ones: the type-7/8 mix is not supported under ${pk}`,
      );
    const device: DeviceRecord = { alias, type: 'passthrough', host: h.id, rid, order: tx.index };
    tx.do({ t: 'assign', vm: v.id, device });
    return { ok: true, message: tx.quiet ? '' : `${fnLabel(f)} passed through to ${v.id} as "${alias}" (v==p)` };
  }

  if (pk === 'linux') return fail('EOPNOTSUPP', tx.quiet ? '' : `Linux has no Scalable-IOV (mdev) PASID support upstream: no ADI of ${fnLabel(f)}`);
  if (!f.spec.siov) return fail('EINVAL', tx.quiet ? '' : `${fnLabel(f)} is not a Scalable-IOV device: it has no ADIs`);
  if (f.assigned) return fail('EBUSY', tx.quiet ? '' : `${fnLabel(f)} is passed through to ${f.assigned.vm}: the host cannot create ADIs on it`);
  const translates = f.spec.swq && (pk === 'local' || pk === 'split');
  if (translates) {
    if (!h.cpuPasidTranslation)
      return fail('EOPNOTSUPP', tx.quiet ? '' : `an ADI of shared-WQ ${fnLabel(f)} needs CPU PASID translation, and host ${h.id}'s CPU has none`);
    const pt = pk === 'local' ? passthroughSwq(tx.st, v) : null;
    if (pt)
      return fail(
        'EOPNOTSUPP',
        `${v.id} has passthrough shared-WQ device "${pt.alias}" programmed with guest PASIDs: an SWQ ADI would turn translation on for every ENQCMD (the type-7/8 mix is not supported under local)`,
      );
  }
  const device: DeviceRecord = { alias, type: 'adi', host: h.id, rid, adi: nextAdiId(f), order: tx.index };
  tx.do({ t: 'assign', vm: v.id, device });
  let how = '';
  if (translates && !on) {
    tx.do({ t: 'translation', vm: v.id, before: null, after: tx.index });
    how = '; CPU PASID translation is on for the VM from now on';
  }
  return { ok: true, message: tx.quiet ? '' : `ADI ${device.adi} of ${fnLabel(f)} given to ${v.id} as "${alias}" (v!=p)${how}` };
}

export function opUnassign(tx: Tx, e: Extract<ScenarioEvent, { op: 'unassign' }>): OpResult {
  const v = vmOf(tx.st, e.vm);
  const d = v.devices.get(e.device);
  if (!d) return fail('ENODEV', tx.quiet ? '' : `${v.id} has no device "${e.device}"`);
  const h = hostOf(tx.st, v.host);
  const only = new Set([d.alias]);
  const touched: string[] = [];
  for (const process of [...v.bindings.keys()]) if (bindingsOf(v, process).has(d.alias)) touched.push(process);
  for (const process of touched) dropBindings(tx, h, v, process, only);
  tx.do({ t: 'unassign', vm: v.id, device: d });
  for (const process of touched) releaseLocalHpasid(tx, h, v, process);
  const n = touched.length;
  const f = deviceFn(tx.st, d);
  return {
    ok: true,
    message: tx.quiet ? '' : `"${d.alias}" unplugged from ${v.id}${d.type === 'passthrough' ? `; ${fnLabel(f)} returns to host ${h.id}` : ''}; ${n} process${n === 1 ? '' : 'es'} unbound`,
  };
}
