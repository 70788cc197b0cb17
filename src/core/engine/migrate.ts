/**
 * Live migration (DOMAIN.md §5 `migrate`). Atomic: the whole plan is checked first and
 * every conflict is listed with its holder; only a conflict-free plan is applied.
 */
import type { ScenarioEvent } from '../scenario/scenario.ts';
import type { FnState, HostState } from './state.ts';
import { gRange } from '../model/policy.ts';
import {
  fail,
  fnLabel,
  guestAttachments,
  hostOf,
  lowestFreeExcept,
  nextAdiId,
  vmOf,
  type OpResult,
  type Tx,
} from './ops.ts';
import {
  hex,
  holderName,
  type Conflict,
  type DeviceRecord,
  type ErrorCode,
  type Holder,
  type MigrationSummary,
  type Pasid,
} from '../model/types.ts';

/** The order in which a failed migration's first conflict is chosen (DOMAIN.md §5). */
export const CONFLICT_ORDER: readonly ErrorCode[] = ['EOPNOTSUPP', 'ENODEV', 'ERANGE', 'EOVERFLOW', 'EBUSY', 'ENOSPC'];

interface DevicePlan {
  device: DeviceRecord;
  src: FnState;
  dst: FnState | null;
}

/** Is this function free to be passed through: unassigned, no attachments, no ADIs? */
function freeForPassthrough(f: FnState): boolean {
  return !f.assigned && f.entries.size === 0 && f.adis.size === 0;
}

export function opMigrate(tx: Tx, e: Extract<ScenarioEvent, { op: 'migrate' }>): OpResult {
  const st = tx.st;
  const v = vmOf(st, e.vm);
  const src = hostOf(st, v.host);
  const dst = hostOf(st, e.to);
  const map = e.map ?? {};
  for (const alias of Object.keys(map))
    if (!v.devices.has(alias)) return fail('ENODEV', `${v.id} has no device "${alias}" (named in map)`);
  if (src === dst) return fail('EINVAL', `${v.id} already runs on host ${dst.id}`);

  const summary: MigrationSummary = { vm: v.id, from: src.id, to: dst.id, devices: [], kept: [], remapped: [] };
  const conflicts: Conflict[] = [];
  const conflict = (c: Conflict) => conflicts.push(c);
  const finish = (): OpResult => {
    const order = (c: Conflict) => CONFLICT_ORDER.indexOf(c.code);
    conflicts.sort((a, b) => order(a) - order(b));
    const first = conflicts[0];
    const more = conflicts.length > 1 ? ` (+${conflicts.length - 1} more)` : '';
    return fail(first.code, `${v.id} cannot migrate ${src.id} → ${dst.id}: ${first.message}${more}`, {
      conflicts,
      migration: summary,
    });
  };

  if (src.policy.kind !== dst.policy.kind) {
    conflict({
      code: 'EOPNOTSUPP',
      message: `host ${src.id} runs ${src.policy.kind} and host ${dst.id} runs ${dst.policy.kind}: both must run the same policy`,
    });
    return finish();
  }
  const pk = src.policy.kind;
  if (v.xlate.size > 0 && !dst.cpuPasidTranslation)
    conflict({
      code: 'EOPNOTSUPP',
      message: `${v.id} translates PASIDs and host ${dst.id}'s CPU has no PASID translation`,
    });

  // 1. Destination functions, device by device.
  const chosen = new Set<FnState>();
  const plans: DevicePlan[] = [];
  for (const d of v.devices.values()) {
    const s = src.fn.get(d.rid)!;
    let target: FnState | null = null;
    const wanted = map[d.alias];
    if (d.type === 'passthrough') {
      const fits = (f: FnState) => f.spec.kind === s.spec.kind && f.spec.swq === s.spec.swq;
      if (wanted !== undefined) {
        const f = dst.fn.get(wanted)!;
        if (!fits(f))
          conflict({
            code: 'ENODEV',
            device: d.alias,
            message: `map sends "${d.alias}" to ${fnLabel(f)}, which is not a ${s.spec.kind}${s.spec.swq ? ' with' : ' without'} a shared WQ`,
          });
        else if (!freeForPassthrough(f) || chosen.has(f)) {
          const en = f.entries.entries().next();
          conflict({
            code: 'EBUSY',
            device: d.alias,
            message: `map sends "${d.alias}" to ${fnLabel(f)}, which is ${f.assigned ? `assigned to ${f.assigned.vm}` : !en.done ? `in use by ${holderName(en.value[1].holder)}` : 'taken'}`,
            ...(!en.done ? { pasid: en.value[0], holder: en.value[1].holder } : {}),
          });
        } else target = f;
      } else {
        target = dst.functions.find((f) => fits(f) && freeForPassthrough(f) && !chosen.has(f)) ?? null;
        if (!target)
          conflict({
            code: 'ENODEV',
            device: d.alias,
            message: `host ${dst.id} has no free ${s.spec.kind.toUpperCase()}${s.spec.swq ? ' with a shared WQ' : ''} for "${d.alias}"`,
          });
      }
      if (target) chosen.add(target);
    } else {
      const fits = (f: FnState) => f.spec.siov && f.spec.swq === s.spec.swq && !f.assigned && !chosen.has(f);
      if (wanted !== undefined) {
        const f = dst.fn.get(wanted)!;
        if (!fits(f))
          conflict({
            code: 'ENODEV',
            device: d.alias,
            message: `map sends ADI "${d.alias}" to ${fnLabel(f)}, which is not a Scalable-IOV PF${s.spec.swq ? ' with a shared WQ' : ''} held by the host`,
          });
        else target = f;
      } else {
        target = dst.functions.find(fits) ?? null;
        if (!target)
          conflict({
            code: 'ENODEV',
            device: d.alias,
            message: `host ${dst.id} has no Scalable-IOV PF${s.spec.swq ? ' with a shared WQ' : ''} for ADI "${d.alias}"`,
          });
      }
    }
    plans.push({ device: d, src: s, dst: target });
    summary.devices.push({ alias: d.alias, type: d.type, fromRid: d.rid, toRid: target ? target.spec.rid : null });
  }

  // 2. Guest PASIDs under the policy.
  const newH = new Map<string, Pasid>(); // process → new hPASID on the destination
  const procs = [...v.procs].filter(([, p]) => p.pasid !== null) as [string, { pasid: Pasid; kind: 'local' | 'shared'; hpasid: Pasid | null }][];
  const attachments = new Map(procs.map(([name]) => [name, guestAttachments(st, v, name)]));
  const planOf = (alias: string) => plans.find((p) => p.device.alias === alias)!;
  const gHolderName = (h: HostState, p: Pasid) => {
    const who = h.gHolder.get(p);
    return who ? holderName(who) : 'another holder';
  };
  switch (pk) {
    case 'global': {
      const [glo, ghi] = gRange(dst.policy, dst.iommuBits)!;
      for (const [name, p] of procs) {
        if (p.pasid < glo || p.pasid >= ghi)
          conflict({ code: 'ERANGE', pasid: p.pasid, message: `PASID ${hex(p.pasid)} of ${name} is outside host ${dst.id}'s global space` });
        else if (dst.g!.has(p.pasid))
          conflict({
            code: 'EBUSY',
            pasid: p.pasid,
            holder: dst.gHolder.get(p.pasid),
            message: `PASID ${hex(p.pasid)} of ${v.id} process ${name} is taken on host ${dst.id} by ${gHolderName(dst, p.pasid)}`,
          });
      }
      break;
    }
    case 'split': {
      const [glo, ghi] = gRange(dst.policy, dst.iommuBits)!;
      for (const [name, p] of procs)
        if (p.pasid >= dst.policy.localEnd)
          conflict({
            code: 'ERANGE',
            pasid: p.pasid,
            message: `gPASID ${hex(p.pasid)} of ${name} is outside host ${dst.id}'s guest range [0x1, ${hex(dst.policy.localEnd)})`,
          });
      const taken = new Set<number>();
      for (const [name, p] of procs) {
        if (p.hpasid === null) continue;
        const h = lowestFreeExcept(dst.g!, glo, ghi, taken);
        if (h < 0) conflict({ code: 'ENOSPC', message: `host ${dst.id}'s shared range is full: no hPASID for ${v.id} process ${name}` });
        else {
          taken.add(h);
          newH.set(name, h);
        }
      }
      break;
    }
    case 'local': {
      const taken = new Set<number>();
      for (const [name, p] of procs) {
        if (p.hpasid === null) continue;
        const pfs = [
          ...new Set(
            attachments
              .get(name)!
              .filter((a) => a.device.type === 'adi')
              .map((a) => planOf(a.device.alias).dst)
              .filter((f): f is FnState => f !== null),
          ),
        ];
        if (pfs.length === 0) continue; // its ADIs have no destination: reported above
        const h = lowestFreeOnAll(pfs, taken);
        if (h < 0)
          conflict({
            code: 'ENOSPC',
            message: `no PASID is free on all of ${pfs.map(fnLabel).join(', ')} for ${v.id} process ${name}`,
          });
        else {
          taken.add(h);
          newH.set(name, h);
        }
      }
      break;
    }
    case 'linux':
      break;
  }

  // 3. Every programmed PASID must fit its destination function and be free there.
  interface Programmed {
    plan: DevicePlan;
    process: string;
    old: Pasid;
    pasid: Pasid;
  }
  const programmed: Programmed[] = [];
  const planned = new Map<FnState, Set<number>>();
  for (const [name] of procs) {
    for (const a of attachments.get(name)!) {
      const plan = planOf(a.device.alias);
      if (!plan.dst) continue;
      const pasid = a.device.type === 'passthrough' || pk === 'global' ? a.pasid : newH.get(name);
      if (pasid === undefined) continue; // no new hPASID: reported as ENOSPC
      const f = plan.dst;
      const holder: Holder = { type: 'guest', vm: v.id, process: name };
      if (pasid >= f.maxPasids)
        conflict({
          code: 'EOVERFLOW',
          device: a.device.alias,
          pasid,
          holder,
          message: `PASID ${hex(pasid)} of ${name} does not fit ${fnLabel(f)} on host ${dst.id} (${hex(f.maxPasids)} PASIDs)`,
        });
      else if (f.entries.has(pasid) || planned.get(f)?.has(pasid)) {
        const en = f.entries.get(pasid);
        conflict({
          code: 'EBUSY',
          device: a.device.alias,
          pasid,
          ...(en ? { holder: en.holder } : {}),
          message: `PASID ${hex(pasid)} on ${fnLabel(f)} of host ${dst.id} is taken by ${en ? holderName(en.holder) : `another device of ${v.id}`}`,
        });
      } else {
        if (!planned.has(f)) planned.set(f, new Set());
        planned.get(f)!.add(pasid);
        programmed.push({ plan, process: name, old: a.pasid, pasid });
      }
    }
  }
  if (conflicts.length) return finish();

  // 4. Apply: release everything on the source, then take it all on the destination.
  for (const pr of programmed) {
    const d = pr.plan.device;
    tx.do({ t: 'detach', host: src.id, rid: d.rid, pasid: pr.old, holder: { type: 'guest', vm: v.id, process: pr.process }, device: d.alias });
  }
  for (const plan of plans) tx.do({ t: 'unassign', vm: v.id, device: plan.device });
  for (const [name, p] of procs) {
    const holder: Holder = { type: 'guest', vm: v.id, process: name };
    if (newH.has(name) && p.hpasid !== null) tx.do({ t: 'xlate-unset', vm: v.id, gpasid: p.pasid, hpasid: p.hpasid });
    if (pk === 'global') tx.do({ t: 'free', space: { kind: 'g', host: src.id }, pasid: p.pasid, holder });
    if (pk === 'split' && p.hpasid !== null) tx.do({ t: 'free', space: { kind: 'g', host: src.id }, pasid: p.hpasid, holder });
  }
  tx.do({ t: 'vm-host', vm: v.id, from: src.id, to: dst.id });
  for (const [name, p] of procs) {
    const holder: Holder = { type: 'guest', vm: v.id, process: name };
    if (pk === 'global') tx.do({ t: 'alloc', space: { kind: 'g', host: dst.id }, pasid: p.pasid, holder });
    const h = newH.get(name);
    if (h === undefined) continue;
    if (pk === 'split') tx.do({ t: 'alloc', space: { kind: 'g', host: dst.id }, pasid: h, holder });
    tx.do({ t: 'proc', holder, before: { ...p }, after: { ...p, hpasid: h } });
    tx.do({ t: 'xlate-set', vm: v.id, gpasid: p.pasid, hpasid: h });
    summary.remapped.push({ process: name, gpasid: p.pasid, from: p.hpasid!, to: h });
  }
  const newDevice = new Map<string, DeviceRecord>();
  for (const plan of plans) {
    const f = plan.dst!;
    const device: DeviceRecord =
      plan.device.type === 'passthrough'
        ? { alias: plan.device.alias, type: 'passthrough', host: dst.id, rid: f.spec.rid }
        : { alias: plan.device.alias, type: 'adi', host: dst.id, rid: f.spec.rid, adi: nextAdiId(f) };
    tx.do({ t: 'assign', vm: v.id, device });
    newDevice.set(device.alias, device);
  }
  for (const pr of programmed) {
    const d = newDevice.get(pr.plan.device.alias)!;
    tx.do({ t: 'attach', host: dst.id, rid: d.rid, pasid: pr.pasid, holder: { type: 'guest', vm: v.id, process: pr.process }, device: d.alias });
    if (pr.pasid === pr.old && !newH.has(pr.process)) summary.kept.push({ device: d.alias, process: pr.process, pasid: pr.pasid });
  }
  const parts = [
    `${summary.kept.length} PASID${summary.kept.length === 1 ? '' : 's'} kept`,
    ...(summary.remapped.length ? [`${summary.remapped.length} remapped (${summary.remapped.map((r) => `${hex(r.from)}→${hex(r.to)}`).join(', ')})`] : []),
  ];
  return { ok: true, message: `${v.id} migrated ${src.id} → ${dst.id}: ${parts.join(', ')}`, migration: summary };
}

/** The lowest PASID free in every table of `pfs` (and not in `exclude`), or -1. */
function lowestFreeOnAll(pfs: FnState[], exclude: ReadonlySet<number>): number {
  const top = Math.min(...pfs.map((f) => f.maxPasids));
  let c = 1;
  for (;;) {
    let moved = false;
    for (const f of pfs) {
      const n = lowestFreeExcept(f.table, c, top, exclude);
      if (n < 0) return -1;
      if (n !== c) {
        c = n;
        moved = true;
      }
    }
    if (!moved) return c;
  }
}
