/**
 * The error codes of DOMAIN.md §6, the kinds of ENQCMD fault, and the order that picks a
 * failed migration's code (§5).
 */

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

/**
 * Why an ENQCMD failed with EFAULT (DOMAIN.md §5 enqcmd): `vmexit` — the guest's gPASID has
 * no translation entry, the CPU exits to the hypervisor; `unmapped` — the target RID has no
 * entry for the wire PASID; `breach` — the entry belongs to another process, so the work
 * runs in that address space (I10).
 */
export const FAULT_KINDS = ['vmexit', 'unmapped', 'breach'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A failed migration's `code` is the first of its conflicts in this order (DOMAIN.md §5). */
export const CONFLICT_ORDER: readonly ErrorCode[] = ['EOPNOTSUPP', 'ENODEV', 'ERANGE', 'EOVERFLOW', 'EBUSY', 'ENOSPC'];
