/**
 * The recorded effects of a run, packed into one growing Int32Array with interned strings
 * and holders, so a 1M-event timeline costs tens of megabytes instead of millions of
 * objects for the garbage collector to walk. Decoding gives back Effect objects equal to
 * the ones recorded (DESIGN.md convention 3: seek by effects plus checkpoints).
 */
import type { DeviceRecord, Effect, Holder, ProcRecord } from '../model/types.ts';

const T = {
  alloc: 0,
  free: 1,
  attach: 2,
  detach: 3,
  'xlate-set': 4,
  'xlate-unset': 5,
  proc: 6,
  assign: 7,
  unassign: 8,
  'vm-host': 9,
} as const;
const NAMES = Object.keys(T) as Effect['t'][];

/** Intern table: string ↔ small integer. */
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

  constructor() {
    this.starts[0] = 0;
  }

  /** Number of events recorded. */
  get length(): number {
    return this.events;
  }

  /** Bytes held by the packed arrays (for the memory figures). */
  byteSize(): number {
    return this.data.byteLength + this.starts.byteLength;
  }

  private s(x: string): number {
    return this.strings.id(x, x);
  }
  private h(x: Holder): number {
    const key = x.type === 'host' ? `h\u0000${x.host}\u0000${x.process}` : `v\u0000${x.vm}\u0000${x.process}`;
    return this.holders.id(key, x);
  }
  /** Append up to eight values (unused trailing arguments are not written). */
  private put(n: number, a: number, b: number, c: number, d = 0, e = 0, f = 0, g = 0, h = 0): void {
    if (this.len + n > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data.subarray(0, this.len));
      this.data = grown;
    }
    const x = this.data;
    const k = this.len;
    x[k] = a;
    x[k + 1] = b;
    x[k + 2] = c;
    if (n > 3) x[k + 3] = d;
    if (n > 4) x[k + 4] = e;
    if (n > 5) x[k + 5] = f;
    if (n > 6) x[k + 6] = g;
    if (n > 7) x[k + 7] = h;
    this.len = k + n;
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

  private static pasidOf(r: ProcRecord | null): number {
    return r === null ? NULL_RECORD : r.pasid === null ? NONE : r.pasid;
  }
  private static kindOf(r: ProcRecord | null): number {
    return r === null || r.kind === undefined ? NONE : r.kind === 'shared' ? 1 : 0;
  }
  private static hpasidOf(r: ProcRecord | null): number {
    return r === null || r.hpasid === undefined ? NULL_RECORD : r.hpasid === null ? NONE : r.hpasid;
  }

  private encode(e: Effect): void {
    const t = T[e.t];
    switch (e.t) {
      case 'alloc':
      case 'free':
        this.put(5, t, e.space.kind === 'g' ? 0 : 1, this.s(e.space.kind === 'g' ? e.space.host : e.space.vm), e.pasid, this.h(e.holder));
        return;
      case 'attach':
      case 'detach':
        this.put(6, t, this.s(e.host), this.s(e.rid), e.pasid, this.h(e.holder), e.device === undefined ? NONE : this.s(e.device));
        return;
      case 'xlate-set':
      case 'xlate-unset':
        this.put(4, t, this.s(e.vm), e.gpasid, e.hpasid);
        return;
      case 'proc':
        this.put(
          8,
          t,
          this.h(e.holder),
          EffectLog.pasidOf(e.before),
          EffectLog.kindOf(e.before),
          EffectLog.hpasidOf(e.before),
          EffectLog.pasidOf(e.after),
          EffectLog.kindOf(e.after),
          EffectLog.hpasidOf(e.after),
        );
        return;
      case 'assign':
      case 'unassign': {
        const d = e.device;
        this.put(7, t, this.s(e.vm), this.s(d.alias), d.type === 'adi' ? 1 : 0, this.s(d.host), this.s(d.rid), d.adi === undefined ? NONE : this.s(d.adi));
        return;
      }
      case 'vm-host':
        this.put(4, t, this.s(e.vm), this.s(e.from), this.s(e.to));
        return;
    }
  }

  private unrec(pasid: number, kind: number, hp: number): ProcRecord | null {
    if (pasid === NULL_RECORD) return null;
    const r: ProcRecord = { pasid: pasid === NONE ? null : pasid };
    if (kind !== NONE) r.kind = kind === 1 ? 'shared' : 'local';
    if (hp !== NULL_RECORD) r.hpasid = hp === NONE ? null : hp;
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
      const name = NAMES[d[k]];
      switch (name) {
        case 'alloc':
        case 'free': {
          const space = d[k + 1] === 0 ? { kind: 'g' as const, host: str[d[k + 2]] } : { kind: 'guest' as const, vm: str[d[k + 2]] };
          out.push({ t: name, space, pasid: d[k + 3], holder: hol[d[k + 4]] });
          k += 5;
          break;
        }
        case 'attach':
        case 'detach': {
          const e: Extract<Effect, { t: 'attach' | 'detach' }> = {
            t: name,
            host: str[d[k + 1]],
            rid: str[d[k + 2]],
            pasid: d[k + 3],
            holder: hol[d[k + 4]],
          };
          if (d[k + 5] !== NONE) e.device = str[d[k + 5]];
          out.push(e);
          k += 6;
          break;
        }
        case 'xlate-set':
        case 'xlate-unset':
          out.push({ t: name, vm: str[d[k + 1]], gpasid: d[k + 2], hpasid: d[k + 3] });
          k += 4;
          break;
        case 'proc':
          out.push({
            t: 'proc',
            holder: hol[d[k + 1]],
            before: this.unrec(d[k + 2], d[k + 3], d[k + 4]),
            after: this.unrec(d[k + 5], d[k + 6], d[k + 7]),
          });
          k += 8;
          break;
        case 'assign':
        case 'unassign': {
          const device: DeviceRecord = {
            alias: str[d[k + 2]],
            type: d[k + 3] === 1 ? 'adi' : 'passthrough',
            host: str[d[k + 4]],
            rid: str[d[k + 5]],
          };
          if (d[k + 6] !== NONE) device.adi = str[d[k + 6]];
          out.push({ t: name, vm: str[d[k + 1]], device });
          k += 7;
          break;
        }
        case 'vm-host':
          out.push({ t: 'vm-host', vm: str[d[k + 1]], from: str[d[k + 2]], to: str[d[k + 3]] });
          k += 4;
          break;
      }
    }
    return out;
  }
}
