/**
 * The four allocation policies and their ranges (DOMAIN.md §3). One host runs one policy.
 */
import { hex } from './pasid.ts';

export const POLICY_KINDS = ['global', 'local', 'split', 'linux'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export interface Policy {
  kind: PolicyKind;
  /** split only: the guest's own range is [1, localEnd) */
  localEnd: number;
  /** split only: the shared range G is [localEnd, sharedEnd) */
  sharedEnd: number;
}

export const DEFAULT_LOCAL_END = 4096;
export const DEFAULT_SHARED_END = 1 << 19;

/** A policy with its defaults filled in. */
export function policyWithDefaults(p: { kind: PolicyKind; localEnd?: number; sharedEnd?: number }): Policy {
  return { kind: p.kind, localEnd: p.localEnd ?? DEFAULT_LOCAL_END, sharedEnd: p.sharedEnd ?? DEFAULT_SHARED_END };
}

/** `split` reads `localEnd` and `sharedEnd` as `min(value, 2^iommuBits)` everywhere (DOMAIN.md §3). */
export function clampPolicy(p: Policy, iommuBits: number): Policy {
  if (p.kind !== 'split') return p;
  const top = 2 ** iommuBits;
  return { kind: p.kind, localEnd: Math.min(p.localEnd, top), sharedEnd: Math.min(p.sharedEnd, top) };
}

/**
 * The host-wide allocator G's range `[lo, hi)` under a (clamped) policy, or null when there
 * is none (`local`).
 */
export function gRange(policy: Policy, iommuBits: number): [number, number] | null {
  const top = 2 ** iommuBits;
  switch (policy.kind) {
    case 'local':
      return null;
    case 'split': {
      const lo = Math.min(policy.localEnd, top);
      return [lo, Math.max(lo, Math.min(policy.sharedEnd, top))];
    }
    case 'global':
    case 'linux':
      return [1, top];
  }
}

/**
 * The range a guest's own PASIDs come from (DOMAIN.md §3, §5 guest.alloc): `[1, localEnd)`
 * under split, `[1, 2^iommuBits)` otherwise (under global G hands them out, same range).
 */
export function guestRange(policy: Policy, iommuBits: number): [number, number] {
  return policy.kind === 'split' ? [1, Math.min(policy.localEnd, 2 ** iommuBits)] : [1, 2 ** iommuBits];
}

/** `split(localEnd=0x1000, sharedEnd=0x80000)` or the kind. */
export function describePolicy(p: Policy): string {
  return p.kind === 'split' ? `split(localEnd=${hex(p.localEnd)}, sharedEnd=${hex(p.sharedEnd)})` : p.kind;
}
