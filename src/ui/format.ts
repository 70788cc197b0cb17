/** Words and numbers as the screen shows them. */
import type { ScenarioEvent } from '../core/scenario/index.ts';
import { hex, type Holder, type Outcome } from '../core/model/types.ts';
import { eventActor, outcomeLabel } from '../core/view/outcome-label.ts';

export { hex };

/** `ok 0x1000`, `ok 0x1→0x1000`, `EBUSY`. */
export function chipText(o: Pick<Outcome, 'ok' | 'code' | 'op' | 'pasid' | 'hpasid' | 'wire' | 'fault'> | undefined): string {
  return o ? outcomeLabel(o) : '';
}

/**
 * The chip's colour class: `ok`, `fail`, or `breach` — an ENQCMD that ran in another
 * process's address space is a security event, not just a failed op.
 */
export function chipTone(o: Pick<Outcome, 'ok' | 'fault'> | undefined): 'ok' | 'fail' | 'breach' {
  return !o ? 'fail' : o.ok ? 'ok' : o.fault === 'breach' ? 'breach' : 'fail';
}

export function eventLabel(e: ScenarioEvent): string {
  return eventActor(e as unknown as Record<string, unknown>);
}

/** One sentence describing the event, before its outcome. */
export function eventSentence(e: ScenarioEvent): string {
  switch (e.op) {
    case 'assign':
      return e.adiOf !== undefined
        ? `${e.vm} gets an ADI of ${e.adiOf}${e.as ? ` as "${e.as}"` : ''} (translated, v≠p)`
        : `${e.function} is passed through to ${e.vm}${e.as ? ` as "${e.as}"` : ''} (v==p)`;
    case 'unassign':
      return `${e.device} is hot-unplugged from ${e.vm}`;
    case 'guest.alloc':
      return `${e.vm}: process ${e.process} allocates a ${e.kind ?? 'local'} guest PASID${e.pasid !== undefined ? ` (asks for ${hex(e.pasid)})` : ''}`;
    case 'guest.bind':
      return `${e.vm}: process ${e.process} binds to ${e.device}`;
    case 'guest.unbind':
      return `${e.vm}: process ${e.process} unbinds from ${e.device}`;
    case 'guest.free':
      return `${e.vm}: process ${e.process} frees its PASID`;
    case 'host.bind':
      return `host ${e.host}: process ${e.process} binds to ${e.function} (SVA)`;
    case 'host.unbind':
      return `host ${e.host}: process ${e.process} unbinds from ${e.function}`;
    case 'host.exit':
      return `host ${e.host}: process ${e.process} exits`;
    case 'enqcmd':
      return `${e.vm ?? `host ${e.host}`}: process ${e.process} submits ENQCMD to ${e.device ?? e.function}`;
    case 'migrate':
      return `${e.vm} live-migrates to host ${e.to}`;
  }
}

export function holderLabel(h: Holder): string {
  return h.type === 'host' ? `host ${h.host} · ${h.process}` : `${h.vm} · ${h.process}`;
}

export function sameHolder(a: Holder | undefined | null, b: Holder | undefined | null): boolean {
  if (!a || !b) return false;
  if (a.type !== b.type || a.process !== b.process) return false;
  return a.type === 'host' ? a.host === (b as typeof a).host : a.vm === (b as typeof a).vm;
}

export function hexDec(p: number): string {
  return p < 10 ? hex(p) : `${hex(p)} (${p})`;
}

/** 3.2 s, 1 min 05 s, 1 h 02 min */
export function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
