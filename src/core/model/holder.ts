/**
 * Who holds a PASID: a host process (SVA) or a guest process of a VM. Names are user data:
 * they are compared and used as Map keys, never as plain-object keys.
 */

export type Holder =
  | { readonly type: 'host'; readonly host: string; readonly process: string }
  | { readonly type: 'guest'; readonly vm: string; readonly process: string };

/** A key that tells holders apart (NUL cannot occur in a parsed name's meaning here: it only separates). */
export function holderKey(h: Holder): string {
  return h.type === 'host' ? `h\u0000${h.host}\u0000${h.process}` : `v\u0000${h.vm}\u0000${h.process}`;
}

export function sameHolder(a: Holder, b: Holder): boolean {
  if (a.type !== b.type || a.process !== b.process) return false;
  return a.type === 'host' ? a.host === (b as typeof a).host : a.vm === (b as typeof a).vm;
}

/** `host B process sva1`, `vm1 process app`. */
export function holderName(h: Holder): string {
  return h.type === 'host' ? `host ${h.host} process ${h.process}` : `${h.vm} process ${h.process}`;
}
