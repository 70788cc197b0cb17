/**
 * Applying an effect to the state, and the effect that undoes it (DESIGN.md convention 3).
 * Every state change of the engine passes through {@link applyEffect}; an effect that does
 * not fit the state is an engine bug and throws.
 */
import type { Effect } from '../model/effect.ts';
import { holderKey, type Holder } from '../model/holder.ts';
import type { IdSet } from '../id-set/id-set.ts';
import { EngineBug, type EngineState, type FnState, type HostState, type VmState } from './state.ts';

function host(st: EngineState, id: string): HostState {
  const h = st.hosts.get(id);
  if (!h) throw new EngineBug(`no host ${id}`);
  return h;
}
function vm(st: EngineState, id: string): VmState {
  const v = st.vms.get(id);
  if (!v) throw new EngineBug(`no VM ${id}`);
  return v;
}
function fn(h: HostState, rid: string): FnState {
  const f = h.fn.get(rid);
  if (!f) throw new EngineBug(`no function ${rid} on ${h.id}`);
  return f;
}

function indexAdd(index: Map<string, Set<FnState>>, key: string, f: FnState): void {
  let s = index.get(key);
  if (!s) index.set(key, (s = new Set()));
  s.add(f);
}
function indexDelete(index: Map<string, Set<FnState>>, key: string, f: FnState): void {
  const s = index.get(key);
  if (!s) return;
  s.delete(f);
  if (s.size === 0) index.delete(key);
}

function allocSpace(st: EngineState, e: Extract<Effect, { t: 'alloc' | 'free' }>): IdSet {
  if (e.space.kind === 'guest') return vm(st, e.space.vm).space;
  const g = host(st, e.space.host).g;
  if (!g) throw new EngineBug(`host ${e.space.host} has no host-wide allocator`);
  return g;
}

const isHost = (h: Holder) => h.type === 'host';

/** Apply one effect to the state (mutates). */
export function applyEffect(st: EngineState, e: Effect): void {
  switch (e.t) {
    case 'alloc':
      if (!allocSpace(st, e).add(e.pasid)) throw new EngineBug(`alloc of used ${e.pasid}`);
      if (e.space.kind === 'g') host(st, e.space.host).gHolder.set(e.pasid, e.holder);
      return;
    case 'free':
      if (!allocSpace(st, e).delete(e.pasid)) throw new EngineBug(`free of unused ${e.pasid}`);
      if (e.space.kind === 'g') host(st, e.space.host).gHolder.delete(e.pasid);
      return;
    case 'attach': {
      const h = host(st, e.host);
      const f = fn(h, e.rid);
      if (!f.table.add(e.pasid)) throw new EngineBug(`attach of present ${e.pasid} on ${e.rid}`);
      f.entries.set(e.pasid, { holder: e.holder, refs: e.refs });
      if (isHost(e.holder)) indexAdd(h.attachedBy, e.holder.process, f);
      return;
    }
    case 'detach': {
      const h = host(st, e.host);
      const f = fn(h, e.rid);
      const en = f.entries.get(e.pasid);
      if (!en || en.refs !== e.refs || !f.table.delete(e.pasid)) throw new EngineBug(`detach of absent ${e.pasid} on ${e.rid}`);
      f.entries.delete(e.pasid);
      if (isHost(e.holder)) indexDelete(h.attachedBy, e.holder.process, f);
      return;
    }
    case 'ref': {
      const en = fn(host(st, e.host), e.rid).entries.get(e.pasid);
      if (!en || en.refs + e.delta < 1) throw new EngineBug(`reference change on ${e.pasid} of ${e.rid}`);
      en.refs += e.delta;
      return;
    }
    case 'reserve': {
      const h = host(st, e.host);
      const f = fn(h, e.rid);
      if (!f.reservedIds.add(e.pasid)) throw new EngineBug(`reserve of reserved ${e.pasid} on ${e.rid}`);
      f.reserved.set(e.pasid, e.holder);
      indexAdd(h.reservedBy, holderKey(e.holder), f);
      return;
    }
    case 'unreserve': {
      const h = host(st, e.host);
      const f = fn(h, e.rid);
      if (!f.reservedIds.delete(e.pasid)) throw new EngineBug(`unreserve of free ${e.pasid} on ${e.rid}`);
      f.reserved.delete(e.pasid);
      indexDelete(h.reservedBy, holderKey(e.holder), f);
      return;
    }
    case 'bind': {
      const v = vm(st, e.vm);
      let per = v.bindings.get(e.process);
      if (!per) v.bindings.set(e.process, (per = new Map()));
      const n = (per.get(e.device) ?? 0) + e.delta;
      if (n < 0) throw new EngineBug(`unbind of unbound ${e.process} on ${e.device}`);
      if (n === 0) per.delete(e.device);
      else per.set(e.device, n);
      if (per.size === 0) v.bindings.delete(e.process);
      return;
    }
    case 'xlate-set':
      vm(st, e.vm).xlate.set(e.gpasid, e.hpasid);
      return;
    case 'xlate-unset':
      vm(st, e.vm).xlate.delete(e.gpasid);
      return;
    case 'translation':
      vm(st, e.vm).translationSince = e.after;
      return;
    case 'proc': {
      const h = e.holder;
      if (h.type === 'host') {
        const procs = host(st, h.host).procs;
        if (e.after === null) procs.delete(h.process);
        else procs.set(h.process, { pasid: e.after.pasid });
      } else {
        const procs = vm(st, h.vm).procs;
        if (e.after === null) procs.delete(h.process);
        else
          procs.set(h.process, {
            pasid: e.after.pasid,
            kind: e.after.kind ?? 'local',
            hpasid: e.after.hpasid ?? null,
            order: e.after.order ?? 0,
          });
      }
      return;
    }
    case 'assign': {
      const d = e.device;
      vm(st, e.vm).devices.set(d.alias, d);
      const f = fn(host(st, d.host), d.rid);
      if (d.type === 'passthrough') f.assigned = { vm: e.vm, alias: d.alias };
      else f.adis.set(d.adi!, { vm: e.vm, alias: d.alias });
      return;
    }
    case 'unassign': {
      const d = e.device;
      vm(st, e.vm).devices.delete(d.alias);
      const f = fn(host(st, d.host), d.rid);
      if (d.type === 'passthrough') f.assigned = null;
      else f.adis.delete(d.adi!);
      return;
    }
    case 'vm-host':
      vm(st, e.vm).host = e.to;
      return;
  }
}

/** The effect that undoes `e`. */
export function invertEffect(e: Effect): Effect {
  switch (e.t) {
    case 'alloc':
      return { ...e, t: 'free' };
    case 'free':
      return { ...e, t: 'alloc' };
    case 'attach':
      return { ...e, t: 'detach' };
    case 'detach':
      return { ...e, t: 'attach' };
    case 'ref':
      return { ...e, delta: -e.delta };
    case 'reserve':
      return { ...e, t: 'unreserve' };
    case 'unreserve':
      return { ...e, t: 'reserve' };
    case 'bind':
      return { ...e, delta: -e.delta };
    case 'xlate-set':
      return { ...e, t: 'xlate-unset' };
    case 'xlate-unset':
      return { ...e, t: 'xlate-set' };
    case 'translation':
      return { ...e, before: e.after, after: e.before };
    case 'proc':
      return { ...e, before: e.after, after: e.before };
    case 'assign':
      return { ...e, t: 'unassign' };
    case 'unassign':
      return { ...e, t: 'assign' };
    case 'vm-host':
      return { ...e, from: e.to, to: e.from };
  }
}

/** Undo a list of effects (applied in order) by applying their inverses in reverse. */
export function revertEffects(st: EngineState, effects: readonly Effect[]): void {
  for (let i = effects.length - 1; i >= 0; i--) applyEffect(st, invertEffect(effects[i]));
}
