/**
 * The recorded effects of a run, packed into one growing Int32Array with interned strings
 * and holders, so a 1M-event timeline costs tens of megabytes instead of millions of
 * objects for the garbage collector to walk. Decoding gives back effects equal to the ones
 * recorded (DESIGN.md convention 3: seek by effects plus checkpoints).
 */
import type { DeviceRecord, Effect, EffectType, ProcRecord } from '../model/effect.ts';
import { holderKey, type Holder } from '../model/holder.ts';

const TYPES: readonly EffectType[] = [
  'alloc',
  'free',
  'attach',
  'detach',
  'ref',
  'reserve',
  'unreserve',
  'bind',
  'xlate-set',
  'xlate-unset',
  'translation',
  'proc',
  'assign',
  'unassign',
  'vm-host',
];
const CODE = new Map(TYPES.map((t, i) => [t, i]));

/** Intern table: key ↔ small integer. */
class Interner<V> {
  readonly values: V[] = [];
  private readonly ids = new Map<string, number>();
  id(key: string, value: V): number {
    let i = this.ids.get(key);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.ids.set(key, i);
    }
    return i;
  }
}

/** An absent optional value; a null record. */
const NONE = -1;
const NULL_RECORD = -2;

export class EffectLog {
  private data = new Int32Array(1 << 12);
  private len = 0;
  /** start offset in `data` of each event's effects; starts[i+1] ends event i */
  private starts = new Int32Array(1 << 10);
  private events = 0;
  private readonly strings = new Interner<string>();
  private readonly holders = new Interner<Holder>();

  /** Number of events recorded. */
  get length(): number {
    return this.events;
  }

  /** Bytes held by the packed arrays (for the memory figures). */
  byteSize(): number {
    return this.data.byteLength + this.starts.byteLength;
  }

  /** Number of effects event `i` recorded, without decoding them (0 for a failed event). */
  isEmpty(i: number): boolean {
    return this.starts[i] === this.starts[i + 1];
  }

  private s(x: string): number {
    return this.strings.id(x, x);
  }
  /** Holders are mostly the engine's shared objects: identity finds them without building a key. */
  private readonly holderIds = new WeakMap<Holder, number>();
  private h(x: Holder): number {
    let i = this.holderIds.get(x);
    if (i === undefined) {
      i = this.holders.id(holderKey(x), x);
      this.holderIds.set(x, i);
    }
    return i;
  }
  private room(n: number): void {
    if (this.len + n <= this.data.length) return;
    const grown = new Int32Array(Math.max(this.data.length * 2, this.len + n));
    grown.set(this.data.subarray(0, this.len));
    this.data = grown;
  }
  private w(x: number): void {
    this.data[this.len++] = x;
  }

  /** Append one event's effects. */
  pushEvent(effects: readonly Effect[]): void {
    for (const e of effects) this.encode(e);
    if (this.events + 2 > this.starts.length) {
      const s = new Int32Array(this.starts.length * 2);
      s.set(this.starts);
      this.starts = s;
    }
    this.starts[++this.events] = this.len;
  }

  private rec(r: ProcRecord | null): void {
    if (r === null) {
      this.w(NULL_RECORD);
      this.w(NONE);
      this.w(NULL_RECORD);
      this.w(NONE);
      return;
    }
    this.w(r.pasid === null ? NONE : r.pasid);
    this.w(r.kind === undefined ? NONE : r.kind === 'shared' ? 1 : 0);
    this.w(r.hpasid === undefined ? NULL_RECORD : r.hpasid === null ? NONE : r.hpasid);
    this.w(r.order === undefined ? NONE : r.order);
  }

  private encode(e: Effect): void {
    this.room(12);
    this.w(CODE.get(e.t)!);
    switch (e.t) {
      case 'alloc':
      case 'free':
        this.w(e.space.kind === 'g' ? 0 : 1);
        this.w(this.s(e.space.kind === 'g' ? e.space.host : e.space.vm));
        this.w(e.pasid);
        this.w(this.h(e.holder));
        return;
      case 'attach':
      case 'detach':
      case 'ref':
        this.w(this.s(e.host));
        this.w(this.s(e.rid));
        this.w(e.pasid);
        this.w(this.h(e.holder));
        this.w(e.t === 'ref' ? e.delta : e.refs);
        return;
      case 'reserve':
      case 'unreserve':
        this.w(this.s(e.host));
        this.w(this.s(e.rid));
        this.w(e.pasid);
        this.w(this.h(e.holder));
        return;
      case 'bind':
        this.w(this.s(e.vm));
        this.w(this.s(e.process));
        this.w(this.s(e.device));
        this.w(e.delta);
        return;
      case 'xlate-set':
      case 'xlate-unset':
        this.w(this.s(e.vm));
        this.w(e.gpasid);
        this.w(e.hpasid);
        return;
      case 'translation':
        this.w(this.s(e.vm));
        this.w(e.before === null ? NONE : e.before);
        this.w(e.after === null ? NONE : e.after);
        return;
      case 'proc':
        this.w(this.h(e.holder));
        this.rec(e.before);
        this.rec(e.after);
        return;
      case 'assign':
      case 'unassign': {
        const d = e.device;
        this.w(this.s(e.vm));
        this.w(this.s(d.alias));
        this.w(d.type === 'adi' ? 1 : 0);
        this.w(this.s(d.host));
        this.w(this.s(d.rid));
        this.w(d.adi === undefined ? NONE : this.s(d.adi));
        this.w(d.order);
        return;
      }
      case 'vm-host':
        this.w(this.s(e.vm));
        this.w(this.s(e.from));
        this.w(this.s(e.to));
        return;
    }
  }

  private unrec(d: Int32Array, k: number): ProcRecord | null {
    if (d[k] === NULL_RECORD) return null;
    const r: ProcRecord = { pasid: d[k] === NONE ? null : d[k] };
    if (d[k + 1] !== NONE) r.kind = d[k + 1] === 1 ? 'shared' : 'local';
    if (d[k + 2] !== NULL_RECORD) r.hpasid = d[k + 2] === NONE ? null : d[k + 2];
    if (d[k + 3] !== NONE) r.order = d[k + 3];
    return r;
  }

  /** The effects of event `i`, decoded, in the order they were applied. */
  effectsOf(i: number): Effect[] {
    const out: Effect[] = [];
    const d = this.data;
    const str = this.strings.values;
    const hol = this.holders.values;
    let k = this.starts[i];
    const end = this.starts[i + 1];
    while (k < end) {
      const t = TYPES[d[k]];
      switch (t) {
        case 'alloc':
        case 'free': {
          const space = d[k + 1] === 0 ? { kind: 'g' as const, host: str[d[k + 2]] } : { kind: 'guest' as const, vm: str[d[k + 2]] };
          out.push({ t, space, pasid: d[k + 3], holder: hol[d[k + 4]] });
          k += 5;
          break;
        }
        case 'attach':
        case 'detach':
          out.push({ t, host: str[d[k + 1]], rid: str[d[k + 2]], pasid: d[k + 3], holder: hol[d[k + 4]], refs: d[k + 5] });
          k += 6;
          break;
        case 'ref':
          out.push({ t, host: str[d[k + 1]], rid: str[d[k + 2]], pasid: d[k + 3], holder: hol[d[k + 4]], delta: d[k + 5] });
          k += 6;
          break;
        case 'reserve':
        case 'unreserve':
          out.push({ t, host: str[d[k + 1]], rid: str[d[k + 2]], pasid: d[k + 3], holder: hol[d[k + 4]] });
          k += 5;
          break;
        case 'bind':
          out.push({ t, vm: str[d[k + 1]], process: str[d[k + 2]], device: str[d[k + 3]], delta: d[k + 4] });
          k += 5;
          break;
        case 'xlate-set':
        case 'xlate-unset':
          out.push({ t, vm: str[d[k + 1]], gpasid: d[k + 2], hpasid: d[k + 3] });
          k += 4;
          break;
        case 'translation':
          out.push({ t, vm: str[d[k + 1]], before: d[k + 2] === NONE ? null : d[k + 2], after: d[k + 3] === NONE ? null : d[k + 3] });
          k += 4;
          break;
        case 'proc':
          out.push({ t, holder: hol[d[k + 1]], before: this.unrec(d, k + 2), after: this.unrec(d, k + 6) });
          k += 10;
          break;
        case 'assign':
        case 'unassign': {
          const device: DeviceRecord = {
            alias: str[d[k + 2]],
            type: d[k + 3] === 1 ? 'adi' : 'passthrough',
            host: str[d[k + 4]],
            rid: str[d[k + 5]],
            order: d[k + 7],
          };
          if (d[k + 6] !== NONE) device.adi = str[d[k + 6]];
          out.push({ t, vm: str[d[k + 1]], device });
          k += 8;
          break;
        }
        case 'vm-host':
          out.push({ t, vm: str[d[k + 1]], from: str[d[k + 2]], to: str[d[k + 3]] });
          k += 4;
          break;
      }
    }
    return out;
  }
}
