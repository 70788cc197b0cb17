/**
 * The whole engine state after some event, as plain, canonical data (sorted, so equal
 * states give equal snapshots however they were reached) for the UI and the CLI.
 */
import type { DeviceRecord } from './effect.ts';
import type { Holder } from './holder.ts';
import type { Pasid } from './pasid.ts';
import type { Policy } from './policy.ts';

export interface EntrySnapshot {
  pasid: Pasid;
  holder: Holder;
  /** references on the entry (shared SVA bonds: a bind of what is bound counts one more) */
  refs: number;
  /** guest entries: the device aliases bound through it */
  devices?: string[];
}

export interface FunctionSnapshot {
  rid: string;
  kind: 'pf' | 'vf';
  pf?: string;
  label?: string;
  /** the device model (`dsa`, `iax`; a VF's is its PF's) */
  model?: string;
  /** the allocation group it belongs to (`local`) */
  group?: string;
  pasidBits: number;
  maxPasids: number;
  swq: boolean;
  siov: boolean;
  /** passed through to a VM */
  assignedTo: { vm: string; alias: string } | null;
  /** ADIs created on this PF */
  adis: { id: string; vm: string; alias: string }[];
  /** the RID's PASID table, ascending by pasid */
  entries: EntrySnapshot[];
  /** `local`: numbers kept for a process here without (or besides) an entry, ascending */
  reservations: { pasid: Pasid; holder: Holder }[];
}

export interface HostSnapshot {
  id: string;
  /** the policy as the host reads it (split ranges clamped to the IOMMU) */
  policy: Policy;
  iommuBits: number;
  cpuPasidTranslation: boolean;
  /** the host-wide allocator G's range [lo, hi); null under `local` */
  g: { lo: number; hi: number; used: { pasid: Pasid; holder: Holder }[] } | null;
  functions: FunctionSnapshot[];
  /** allocation groups (`pasidGroups`) */
  groups: { id: string; rids: string[] }[];
  processes: { name: string; pasid: Pasid | null }[];
}

export interface VmSnapshot {
  id: string;
  host: string;
  pasidAlloc: boolean;
  /** the guest PASID space's range [lo, hi) */
  space: { lo: number; hi: number };
  /** CPU PASID translation: on since event `since` (DOMAIN.md §3) */
  translation: { on: boolean; since: number | null };
  processes: { name: string; kind: 'local' | 'shared'; pasid: Pasid | null; hpasid: Pasid | null }[];
  devices: DeviceRecord[];
  /** guest bindings: (process, device) with their reference counts */
  bindings: { process: string; device: string; refs: number }[];
  /** the VM's PASID translation table: gPASID → hPASID */
  xlate: { gpasid: Pasid; hpasid: Pasid }[];
}

export interface Snapshot {
  /** number of events applied (0 = initial state) */
  cursor: number;
  hosts: HostSnapshot[];
  vms: VmSnapshot[];
}
