/**
 * One state change of the engine. Every change goes through an effect, so a recorded list
 * replays a step forward, and its inverse steps it back exactly (DESIGN.md convention 3).
 */
import type { Holder } from './holder.ts';
import type { Pasid } from './pasid.ts';

/** A process's PASID state. Host processes carry only `pasid`. */
export interface ProcRecord {
  pasid: Pasid | null;
  /** guest processes: `local` or `shared` (DOMAIN.md §4 `kind`) */
  kind?: 'local' | 'shared';
  /** guest processes: the host PASID behind the gPASID (translated, or g==h) */
  hpasid?: Pasid | null;
  /** guest processes: index of the guest.alloc event (migration takes processes in this order) */
  order?: number;
}

/** A device given to a VM: a passed-through function (v==p) or an ADI on a siov PF (v!=p). */
export interface DeviceRecord {
  alias: string;
  type: 'passthrough' | 'adi';
  host: string;
  /** passthrough: the function's RID; adi: the parent PF's RID */
  rid: string;
  /** adi only: a stable id, `<pfRid>/adi<n>` */
  adi?: string;
  /** index of the assign event (migration places devices in assign order; kept across hosts) */
  order: number;
}

export type AllocSpace = { kind: 'g'; host: string } | { kind: 'guest'; vm: string };

export type Effect =
  /** a PASID taken in / given back to G or a guest space */
  | { t: 'alloc' | 'free'; space: AllocSpace; pasid: Pasid; holder: Holder }
  /** a RID table entry made / removed, with the references it has then */
  | { t: 'attach' | 'detach'; host: string; rid: string; pasid: Pasid; holder: Holder; refs: number }
  /** more (+n) or fewer (-n) references on an existing entry: shared SVA bonds */
  | { t: 'ref'; host: string; rid: string; pasid: Pasid; holder: Holder; delta: number }
  /** `local`: a number kept for a process on a RID (attached once, or a group member) */
  | { t: 'reserve' | 'unreserve'; host: string; rid: string; pasid: Pasid; holder: Holder }
  /** a guest binding's count (process, device) changes by `delta` */
  | { t: 'bind'; vm: string; process: string; device: string; delta: number }
  /** the VM's PASID translation table (gPASID → hPASID) */
  | { t: 'xlate-set' | 'xlate-unset'; vm: string; gpasid: Pasid; hpasid: Pasid }
  /** the VM's translation state: on since event `after` (null: off) */
  | { t: 'translation'; vm: string; before: number | null; after: number | null }
  | { t: 'proc'; holder: Holder; before: ProcRecord | null; after: ProcRecord | null }
  | { t: 'assign' | 'unassign'; vm: string; device: DeviceRecord }
  | { t: 'vm-host'; vm: string; from: string; to: string };

export type EffectType = Effect['t'];
