/**
 * What the page says about one process at a step: its kind, its PASIDs (guest and host),
 * and every place the state holds it — G, RID tables with their devices and shared bonds,
 * reservations, the VM's translation. Read from a snapshot for the one process asked for.
 */
import type { Holder, Snapshot } from '../core/model/types.ts';
import { hex, holderLabel, sameHolder } from './format.ts';

export interface HolderFacts {
  title: string;
  kind?: string;
  gpasid?: number | null;
  hpasid?: number | null;
  where: string[];
}

export function factsFor(snap: Snapshot, h: Holder): HolderFacts {
  const where: string[] = [];
  for (const host of snap.hosts) {
    const g = host.g?.used.find((u) => sameHolder(u.holder, h));
    if (g) where.push(`G of host ${host.id}: ${hex(g.pasid)}`);
    for (const f of host.functions) {
      const name = `${f.rid}${f.label ? ` ${f.label}` : ''} (host ${host.id})`;
      for (const e of f.entries)
        if (sameHolder(e.holder, h))
          where.push(
            `${name}: ${hex(e.pasid)}${e.devices ? ` via ${e.devices.map((d) => `"${d}"`).join(', ')}` : ''}${e.refs > 1 ? ` — a shared bond, ${e.refs} references` : ''}`,
          );
      for (const r of f.reservations)
        if (sameHolder(r.holder, h) && !f.entries.some((e) => e.pasid === r.pasid && sameHolder(e.holder, h)))
          where.push(
            `${name}: ${hex(r.pasid)} reserved${f.group ? ` (group ${f.group})` : ' (attached here before: kept until exit)'}, no entry`,
          );
    }
  }
  if (h.type === 'guest') {
    const vm = snap.vms.find((v) => v.id === h.vm);
    const p = vm?.processes.find((x) => x.name === h.process);
    const x = p?.pasid != null ? vm?.xlate.find((t) => t.gpasid === p.pasid) : undefined;
    if (x) where.unshift(`${h.vm} CPU translation: ${hex(x.gpasid)} → ${hex(x.hpasid)}`);
    if (vm)
      where.unshift(
        vm.translation.on
          ? `${h.vm}: CPU PASID translation on since event ${(vm.translation.since ?? 0) + 1}: every ENQCMD is translated`
          : `${h.vm}: CPU PASID translation off: ENQCMD carries the gPASID`,
      );
    return {
      title: holderLabel(h),
      kind: p ? `${p.kind} guest process on host ${vm?.host}` : 'guest process',
      gpasid: p?.pasid ?? null,
      hpasid: p?.hpasid ?? null,
      where,
    };
  }
  const host = snap.hosts.find((x) => x.id === h.host);
  const p = host?.processes.find((x) => x.name === h.process);
  return { title: holderLabel(h), kind: 'host process (SVA)', gpasid: p?.pasid ?? null, where };
}
