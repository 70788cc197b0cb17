/**
 * Plain, serialisable data that leaves the engine: outcomes, effects, holders and
 * snapshots. Nothing here is a class; everything survives structuredClone and JSON.
 */

/** A PASID number (20 bits, 0..2^20-1). Plain number at runtime; named for readers. */
export type Pasid = number;

/** The four policy kinds (DOMAIN.md §3). */
export const POLICY_KINDS = ['global', 'local', 'split', 'linux'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export interface Policy {
  kind: PolicyKind;
  /** split only: guest/local range is [1, localEnd) */
  localEnd: number;
  /** split only: the shared range G is [localEnd, sharedEnd) */
  sharedEnd: number;
}

/** Error codes (DOMAIN.md §6). */
export const ERROR_CODES = [
  'EINVAL',
  'ENODEV',
  'ENOENT',
  'EEXIST',
  'EBUSY',
  'ENOSPC',
  'EOVERFLOW',
  'ERANGE',
  'EOPNOTSUPP',
  'EFAULT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Who holds a PASID: a host process (SVA) or a guest process of a VM. */
export type Holder =
  | { type: 'host'; host: string; process: string }
  | { type: 'guest'; vm: string; process: string };

/** Where a PASID lives. */
export type SpaceRef =
  | { kind: 'g'; host: string } // host-wide allocator G
  | { kind: 'guest'; vm: string } // a VM's guest PASID space
  | { kind: 'rid'; host: string; rid: string }; // a RID's PASID table

export interface Conflict {
  code: ErrorCode;
  message: string;
  /** device alias concerned, if any */
  device?: string;
  pasid?: Pasid;
  holder?: Holder;
}

/** One state change. Applying an effect's inverse undoes it exactly (timeline seek). */
export type Effect =
  | { t: 'alloc'; space: SpaceRef & { kind: 'g' | 'guest' }; pasid: Pasid; holder: Holder }
  | { t: 'free'; space: SpaceRef & { kind: 'g' | 'guest' }; pasid: Pasid; holder: Holder }
  | { t: 'attach'; host: string; rid: string; pasid: Pasid; holder: Holder; device?: string }
  | { t: 'detach'; host: string; rid: string; pasid: Pasid; holder: Holder; device?: string }
  | { t: 'xlate-set'; vm: string; gpasid: Pasid; hpasid: Pasid }
  | { t: 'xlate-unset'; vm: string; gpasid: Pasid; hpasid: Pasid }
  | { t: 'proc'; holder: Holder; before: ProcRecord | null; after: ProcRecord | null }
  | { t: 'assign'; vm: string; device: DeviceRecord }
  | { t: 'unassign'; vm: string; device: DeviceRecord }
  | { t: 'vm-host'; vm: string; from: string; to: string };

/** A process's PASID state. Host processes have no kind and no hpasid. */
export interface ProcRecord {
  pasid: Pasid | null;
  /** guest processes: `local` or `shared` (DOMAIN.md §4 `kind`) */
  kind?: 'local' | 'shared';
  /** guest processes: the host PASID behind the gPASID, when translated or g==h */
  hpasid?: Pasid | null;
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
}

export interface Outcome {
  index: number;
  op: string;
  ok: boolean;
  code?: ErrorCode;
  message: string;
  /** what the actor sees: gPASID for guest ops, the process PASID for host ops */
  pasid?: Pasid;
  /** what the host IOMMU holds for it */
  hpasid?: Pasid;
  /** enqcmd: the PASID on the wire */
  wire?: Pasid;
  /** migrate failures: every conflict found, in code order */
  conflicts?: Conflict[];
  /** migrate: what moved where, what was kept and what was remapped */
  migration?: MigrationSummary;
  effects: Effect[];
}

export interface MigrationSummary {
  vm: string;
  from: string;
  to: string;
  /** device alias → destination (as far as it was found, on failure too) */
  devices: { alias: string; type: 'passthrough' | 'adi'; fromRid: string; toRid: string | null }[];
  /** PASIDs re-programmed with the very same number (v==p, or g==h under global) */
  kept: { device: string; process: string; pasid: Pasid }[];
  /** translated processes: same gPASID, new hPASID */
  remapped: { process: string; gpasid: Pasid; from: Pasid; to: Pasid }[];
}

export interface Violation {
  /** I1..I7 */
  invariant: string;
  index: number;
  message: string;
}

export interface Warning {
  /** I8 */
  invariant: 'I8';
  index: number;
  vm: string;
  message: string;
}

export interface ExpectationFailure {
  index: number;
  field: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

// ---------------------------------------------------------------------------
// Snapshot: the whole state after some event, as plain data for the UI and the CLI.

export interface FunctionSnapshot {
  rid: string;
  kind: 'pf' | 'vf';
  pf?: string;
  label?: string;
  pasidBits: number;
  maxPasids: number;
  swq: boolean;
  siov: boolean;
  /** passed through to a VM */
  assignedTo: { vm: string; alias: string } | null;
  /** ADIs created on this PF */
  adis: { id: string; vm: string; alias: string }[];
  /** the RID's PASID table, ascending by pasid */
  entries: { pasid: Pasid; holder: Holder; device?: string }[];
}

export interface HostSnapshot {
  id: string;
  policy: Policy;
  iommuBits: number;
  cpuPasidTranslation: boolean;
  /** the host-wide allocator G's range [lo, hi); null under `local` */
  g: { lo: number; hi: number; used: { pasid: Pasid; holder: Holder }[] } | null;
  functions: FunctionSnapshot[];
  processes: { name: string; pasid: Pasid | null }[];
}

export interface VmSnapshot {
  id: string;
  host: string;
  pasidAlloc: boolean;
  /** the guest PASID space's range [lo, hi) */
  space: { lo: number; hi: number };
  processes: { name: string; kind: 'local' | 'shared'; pasid: Pasid | null; hpasid: Pasid | null }[];
  devices: DeviceRecord[];
  /** VMCS PASID translation: gPASID → hPASID */
  xlate: { gpasid: Pasid; hpasid: Pasid }[];
}

export interface Snapshot {
  /** number of events applied (0 = initial state) */
  cursor: number;
  hosts: HostSnapshot[];
  vms: VmSnapshot[];
}

export function holderKey(h: Holder): string {
  return h.type === 'host' ? `host:${h.host}:${h.process}` : `vm:${h.vm}:${h.process}`;
}

export function holderName(h: Holder): string {
  return h.type === 'host' ? `host ${h.host} process ${h.process}` : `${h.vm} process ${h.process}`;
}

export function hex(p: number): string {
  return '0x' + p.toString(16);
}

/** The result of running a scenario: one outcome per event plus the checks. */
export interface RunResult {
  /** the policy override the run used (`declared` = each host runs what it declares) */
  policy: PolicyKind | 'declared';
  outcomes: Outcome[];
  expectations: { checked: number; failed: ExpectationFailure[] };
  violations: Violation[];
  warnings: Warning[];
}

/**
 * A run that can give the state after any event (DESIGN.md convention 3): sparse
 * checkpoints plus the recorded effects, applied forward or inverted.
 */
export interface Timeline extends RunResult {
  /** number of events; cursors run 0..length (0 = before the first event) */
  readonly length: number;
  /** the whole state after `cursor` events, as plain data */
  snapshot(cursor: number): Snapshot;
}
