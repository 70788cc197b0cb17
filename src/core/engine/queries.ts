/**
 * Read-only questions the ops ask of the state: where a device lives, what a process
 * programs on it, whether a number is free for a holder (entries, and under `local`
 * reservations and allocation groups, DOMAIN.md §3), and the lowest such number.
 */
import type { DeviceRecord } from '../model/effect.ts';
import { holderName, sameHolder, type Holder } from '../model/holder.ts';
import { hex, type Pasid } from '../model/pasid.ts';
import type { PolicyKind } from '../model/policy.ts';
import type { EngineState, Entry, FnState, GuestProc, HostState, VmState } from './state.ts';

export function hostOf(st: EngineState, id: string): HostState {
  return st.hosts.get(id)!;
}

export function vmOf(st: EngineState, id: string): VmState {
  return st.vms.get(id)!;
}

/** `0000:6a:01.0 (DSA)` */
export function fnLabel(f: FnState): string {
  return f.spec.label ? `${f.spec.rid} (${f.spec.label})` : f.spec.rid;
}

/** Where a guest device's entries live: the function (passthrough) or the parent PF (ADI). */
export function deviceFn(st: EngineState, d: DeviceRecord): FnState {
  return hostOf(st, d.host).fn.get(d.rid)!;
}

/** The PASID a guest process programs on a device: gPASID on passthrough (v==p), on an ADI g==h under global, else its hPASID. */
export function programmedOn(d: DeviceRecord, p: GuestProc, kind: PolicyKind): Pasid | null {
  if (d.type === 'passthrough' || kind === 'global') return p.pasid;
  return p.hpasid;
}

/** The functions a host-allocated number must be free on when it attaches on `f`: its group's members, or `f` alone. */
export function membersOf(f: FnState): readonly FnState[] {
  return f.group ? f.group.members : [f];
}

/** Who else holds `p` on `f`: an entry of another process, or another's reservation. Null when free for `holder`. */
export function holderOn(f: FnState, p: Pasid, holder: Holder): Holder | null {
  const en = f.entries.get(p);
  if (en && !sameHolder(en.holder, holder)) return en.holder;
  const r = f.reserved.get(p);
  if (r && !sameHolder(r, holder)) return r;
  return null;
}

/**
 * For a host-allocated number attaching on `f` (a host bind, a guest ADI bind): the first
 * function of its group (or `f` itself) where someone else holds `p`, with the holder.
 * A member too narrow to hold `p` can hold nothing there (docs/domain-notes.md).
 */
export function groupBlocker(f: FnState, p: Pasid, holder: Holder): { fn: FnState; holder: Holder } | null {
  for (const m of membersOf(f)) {
    if (p >= m.maxPasids) continue;
    const who = holderOn(m, p, holder);
    if (who) return { fn: m, holder: who };
  }
  return null;
}

/** An entry of another process for `p` on `f` (the rule of every policy), with its holder. */
export function entryBlocker(f: FnState, p: Pasid, holder: Holder): { fn: FnState; holder: Holder } | null {
  const en = f.entries.get(p);
  return en && !sameHolder(en.holder, holder) ? { fn: f, holder: en.holder } : null;
}

/**
 * What keeps a host-allocated `p` from attaching on `f` for `holder`: under `local` anyone
 * else's entry or reservation on `f`'s group (or `f`); otherwise another's entry on `f`.
 */
export function bindBlocker(local: boolean, f: FnState, p: Pasid, holder: Holder): { fn: FnState; holder: Holder } | null {
  return local ? groupBlocker(f, p, holder) : entryBlocker(f, p, holder);
}

/** `PASID 0x3 on 0000:6a:02.0 (in group "accel") is reserved for host A process sva1` */
export function busyMessage(b: { fn: FnState; holder: Holder }, p: Pasid, target: FnState): string {
  const en = b.fn.entries.get(p);
  const reserved = !en || en.holder !== b.holder;
  return `PASID ${hex(p)} on ${fnLabel(b.fn)}${b.fn !== target && target.group ? ` (in group "${target.group.id}")` : ''} is ${reserved ? 'reserved for' : 'taken by'} ${holderName(b.holder)}`;
}

/**
 * The lowest number in `[from, to)` with no entry and no reservation on every function of
 * `fns` (below each one's maxPasids) and not in `exclude`; -1 when there is none.
 */
export function lowestFreeOnAll(fns: readonly FnState[], from: number, to: number, exclude?: ReadonlySet<number>): number {
  let top = to;
  for (const f of fns) top = Math.min(top, f.maxPasids);
  let c = Math.max(1, from);
  for (;;) {
    if (c >= top) return -1;
    let moved = false;
    for (const f of fns) {
      let n = f.table.lowestFree(c, top);
      if (n >= 0 && f.reserved.size) n = n === c ? f.reservedIds.lowestFree(c, top) : n;
      if (n < 0) return -1;
      if (n !== c) {
        c = n;
        moved = true;
      }
    }
    if (exclude?.has(c)) {
      c++;
      moved = true;
    }
    if (!moved) return c;
  }
}

/** Whether the VM has a passed-through device with a shared work queue (the type-7 half of the mix). */
export function passthroughSwq(st: EngineState, v: VmState): DeviceRecord | null {
  let best: DeviceRecord | null = null;
  for (const d of v.devices.values()) if (d.type === 'passthrough' && deviceFn(st, d).spec.swq && (!best || d.order < best.order)) best = d;
  return best;
}

/**
 * The lowest-numbered entry of a table. (Maps iterate in insertion order, which a seek
 * does not reproduce; what an outcome names must not depend on it.)
 */
export function firstEntry(f: FnState): [Pasid, Entry] | null {
  for (const [s] of f.table.usedRuns()) return [s, f.entries.get(s)!];
  return null;
}

/** The ADI of a PF with the smallest id, for messages. */
export function firstAdi(f: FnState): { vm: string; alias: string } | null {
  let id: string | null = null;
  for (const k of f.adis.keys()) if (id === null || k < id) id = k;
  return id === null ? null : f.adis.get(id)!;
}

/** The holder of a guest process of `v`: one object per name, so effects share it. */
export function guestHolder(v: VmState, process: string): Holder {
  let h = v.holders.get(process);
  if (!h) v.holders.set(process, (h = { type: 'guest', vm: v.id, process }));
  return h;
}

/** The holder of a host process of `h`. */
export function hostHolder(h: HostState, process: string): Holder {
  let x = h.holders.get(process);
  if (!x) h.holders.set(process, (x = { type: 'host', host: h.id, process }));
  return x;
}
