/**
 * What an event yields (DOMAIN.md §6) and what a run reports besides: expectation
 * failures, invariant violations, warnings.
 */
import type { Effect } from './effect.ts';
import type { ErrorCode, FaultKind } from './error-code.ts';
import type { Holder } from './holder.ts';
import type { Pasid } from './pasid.ts';
import type { PolicyKind } from './policy.ts';

/**
 * Why a migration conflict arose: the guest ABI (translation, the split's localEnd, the
 * IOMMU width), placement (no fitting function, a taken one, a narrower one), or a PASID.
 * First-alone checks use `alias` (a `map` key), `same-host` and `policy`.
 */
export const CONFLICT_REASONS = [
  'alias',
  'same-host',
  'policy',
  'abi-translation',
  'abi-local-end',
  'abi-width',
  'placement',
  'placement-taken',
  'placement-width',
  'pasid-busy',
  'pasid-width',
  'pasid-space',
] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

export interface Conflict {
  code: ErrorCode;
  reason: ConflictReason;
  message: string;
  /** the device alias concerned */
  device?: string;
  /** the destination RID concerned */
  rid?: string;
  /** the guest process concerned */
  process?: string;
  pasid?: Pasid;
  /** who holds what is in the way */
  holder?: Holder;
  /** guest-ABI conflicts: the source's value and the destination's */
  source?: number | boolean;
  destination?: number | boolean;
}

/** migrate: what moved where, what was kept and what was remapped (on failure too, as far as the plan got). */
export interface MigrationSummary {
  vm: string;
  from: string;
  to: string;
  devices: { alias: string; type: 'passthrough' | 'adi'; fromRid: string; toRid: string | null }[];
  /** PASIDs re-programmed with the very same number (v==p, or g==h under global) */
  kept: { device: string; process: string; pasid: Pasid }[];
  /** translated processes: same gPASID, new hPASID */
  remapped: { process: string; gpasid: Pasid; from: Pasid; to: Pasid }[];
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
  /** enqcmd EFAULT: why */
  fault?: FaultKind;
  /** migrate failures: every conflict found, each once, in code order */
  conflicts?: Conflict[];
  migration?: MigrationSummary;
  effects: Effect[];
}

/** An op's decided result before it becomes an Outcome (which adds index, op and effects). */
export type OpResult = Omit<Outcome, 'index' | 'op' | 'effects'>;

export interface Violation {
  /** I1..I7, I9, I11, or `engine` for an internal error */
  invariant: string;
  index: number;
  message: string;
}

export interface Warning {
  /** I8: translation on with a passthrough SWQ device; I10: an ENQCMD breach */
  invariant: 'I8' | 'I10';
  index: number;
  vm?: string;
  host?: string;
  message: string;
}

export interface ExpectationFailure {
  index: number;
  field: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

/** The checks of a run: expectations, invariant violations, warnings. */
export interface RunChecks {
  /** the policy override the run used (`declared` = each host runs what it declares) */
  policy: PolicyKind | 'declared';
  expectations: { checked: number; failed: ExpectationFailure[] };
  violations: Violation[];
  warnings: Warning[];
}
