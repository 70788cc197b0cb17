/**
 * The short form of an outcome shown in timeline chips and `compare` tables:
 * `ok 0x1000`, `ok 0x1→0x1000`, `EBUSY`, `EFAULT breach`.
 */
import { hex, type Outcome } from '../model/types.ts';

export function outcomeLabel(o: Pick<Outcome, 'ok' | 'code' | 'op' | 'pasid' | 'hpasid' | 'wire' | 'fault'>): string {
  if (!o.ok) return o.fault ? `${o.code} ${o.fault}` : (o.code ?? 'error');
  if (o.wire !== undefined) return `ok ${hex(o.wire)}`;
  if (o.op === 'guest.alloc' && o.pasid !== undefined)
    return o.hpasid !== undefined && o.hpasid !== o.pasid ? `ok ${hex(o.pasid)}→${hex(o.hpasid)}` : `ok ${hex(o.pasid)}`;
  if (o.hpasid !== undefined) return `ok ${hex(o.hpasid)}`;
  if (o.pasid !== undefined) return `ok ${hex(o.pasid)}`;
  return 'ok';
}

/** Who an event is about, in a few words (`vm1 p1 → nic0`, `B sva1 @ 0000:5e:00.0`). */
export function eventActor(e: Record<string, unknown>): string {
  const s = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : undefined);
  const who = s('vm') ?? (s('host') !== undefined ? `host ${s('host')}` : '');
  const proc = s('process');
  const target = s('device') ?? s('function') ?? s('adiOf');
  switch (e.op) {
    case 'migrate':
      return `${who} → ${s('to')}`;
    case 'assign':
      return `${who} ← ${s('adiOf') !== undefined ? `ADI of ${s('adiOf')}` : s('function')}${s('as') ? ` as ${s('as')}` : ''}`;
    case 'unassign':
      return `${who} ✕ ${s('device')}`;
    default:
      return [who, proc, target !== undefined ? `→ ${target}` : undefined].filter(Boolean).join(' ');
  }
}
