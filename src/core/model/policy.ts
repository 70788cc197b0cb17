/**
 * The four allocation policies' ranges (DOMAIN.md §3). One host runs one policy.
 */
import type { Policy } from './types.ts';

/** PASIDs are 20 bits wide (PCIe). */
export const PASID_BITS = 20;
export const PASID_SPACE = 1 << PASID_BITS;

/** The host-wide allocator G's range `[lo, hi)` under a policy, or null when there is none (`local`). */
export function gRange(policy: Policy, iommuBits: number): [number, number] | null {
  const top = 2 ** iommuBits;
  switch (policy.kind) {
    case 'local':
      return null;
    case 'split': {
      // A narrow IOMMU may end below localEnd: G is then empty, not negative.
      const hi = Math.min(policy.sharedEnd, top);
      return [policy.localEnd, Math.max(policy.localEnd, hi)];
    }
    case 'global':
    case 'linux':
      return [1, top];
  }
}

/**
 * The range a guest's own PASIDs come from on a host running `policy` (DOMAIN.md §3, §5
 * guest.alloc): `[1, localEnd)` under split, `[1, 2^iommuBits)` otherwise (under global the
 * numbers are handed out by G, which has the same range).
 */
export function guestRange(policy: Policy, iommuBits: number): [number, number] {
  return policy.kind === 'split' ? [1, policy.localEnd] : [1, 2 ** iommuBits];
}

/** Human description of a policy for messages and tables. */
export function describePolicy(p: Policy): string {
  return p.kind === 'split' ? `split(localEnd=${p.localEnd}, sharedEnd=${p.sharedEnd})` : p.kind;
}
