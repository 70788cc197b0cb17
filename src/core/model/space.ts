/**
 * The PASID spaces of the model, named once for core, worker and UI: the host-wide
 * allocator G, a RID's PASID table, a VM's guest space.
 */

/** Where a PASID lives. */
export type SpaceRef =
  | { readonly kind: 'g'; readonly host: string }
  | { readonly kind: 'guest'; readonly vm: string }
  | { readonly kind: 'rid'; readonly host: string; readonly rid: string };

/** A string that tells spaces apart (for Map keys and React keys). */
export function spaceKey(s: SpaceRef): string {
  return s.kind === 'g' ? `g\u0000${s.host}` : s.kind === 'guest' ? `v\u0000${s.vm}` : `r\u0000${s.host}\u0000${s.rid}`;
}

/** The classes of space in fleet statistics and workload maps: `G` (none under `local`), PF and VF tables, guest spaces. */
export const SPACE_CLASSES = ['G', 'PF', 'VF', 'guest'] as const;
export type SpaceClass = (typeof SPACE_CLASSES)[number];
