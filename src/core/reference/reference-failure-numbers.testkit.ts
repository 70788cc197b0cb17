/**
 * The numbers a failed outcome carries, read from the state before the event (which a
 * failure leaves as it was): the actor's PASID when it has one (guest.alloc refused a requested
 * number that is taken: that number); a host actor's hPASID equal to it; a guest bind refused
 * for its number (EOVERFLOW, EBUSY) the number it would have programmed on the target RID.
 * `wire` and `fault` are enqcmd's own. Test code, independent of the engine.
 */
import type { Ev } from './reference-host-ops.testkit.ts';
import type { RefOutcome } from './reference-outcome.testkit.ts';
import { adiPasid, hostById, type RefState, type World } from './reference-world.testkit.ts';

export function withFailureNumbers(w: World, s: RefState, ev: Ev, o: RefOutcome): RefOutcome {
  const { pasid: _p, hpasid: _h, ...rest } = o;
  const e = ev as Record<string, unknown>;
  if (ev.op === 'migrate' || ev.op === 'assign' || ev.op === 'unassign') return rest;
  if (typeof e.host === 'string') {
    const hp = s.hostProcesses.find((p) => p.host === e.host && p.name === e.process);
    return hp ? { ...rest, pasid: hp.pasid, hpasid: hp.pasid } : rest;
  }
  const vm = s.vms.find((v) => v.id === e.vm);
  if (!vm) return rest;
  if (ev.op === 'guest.alloc' && typeof e.pasid === 'number' && o.code === 'EBUSY') return { ...rest, pasid: e.pasid };
  const gp = vm.processes.find((p) => p.name === e.process);
  if (!gp) return rest;
  if (ev.op === 'guest.bind' && (o.code === 'EOVERFLOW' || o.code === 'EBUSY')) {
    const dev = vm.devices.find((d) => d.alias === e.device);
    const target = !dev ? undefined : dev.adi ? adiPasid(hostById(w, vm.host), gp) : gp.gpasid;
    return target === undefined ? { ...rest, pasid: gp.gpasid } : { ...rest, pasid: gp.gpasid, hpasid: target };
  }
  return { ...rest, pasid: gp.gpasid };
}
