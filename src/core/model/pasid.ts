/**
 * PASIDs: 20-bit numbers (PCIe), 0 reserved (IOMMU_NO_PASID, DOMAIN.md §2).
 */

/** A PASID number (0..2^20-1). A plain number at run time; named for readers. */
export type Pasid = number;

/** PASIDs are 20 bits wide (PCIe). */
export const PASID_BITS = 20;
export const PASID_SPACE = 1 << PASID_BITS;

/** `0x1000`: every PASID the tool prints carries its `0x`. */
export function hex(p: number): string {
  return '0x' + p.toString(16);
}
