/**
 * The cells an event changed, read from its effects: a PASID that appeared in or left a
 * space (G, a guest space, a RID's table), and a guest process whose gPASID became a new
 * number. The scenario maps and the workload maps mark the same cells from this one list.
 */
import type { Effect, Holder, SpaceRef } from '../model/types.ts';

export interface CellChange {
  space: SpaceRef;
  pasid: number;
  kind: 'added' | 'removed';
  holder: Holder;
}

/** The cells `effects` changed, in effect order (a cell may appear twice: callers dedupe if they need to). */
export function effectChanges(effects: readonly Effect[]): CellChange[] {
  const out: CellChange[] = [];
  for (const fx of effects) {
    if (fx.t === 'alloc' || fx.t === 'free')
      out.push({ space: fx.space, pasid: fx.pasid, kind: fx.t === 'alloc' ? 'added' : 'removed', holder: fx.holder });
    else if (fx.t === 'attach' || fx.t === 'detach')
      out.push({ space: { kind: 'rid', host: fx.host, rid: fx.rid }, pasid: fx.pasid, kind: fx.t === 'attach' ? 'added' : 'removed', holder: fx.holder });
    else if (fx.t === 'proc' && fx.holder.type === 'guest' && fx.after && fx.after.pasid !== null && fx.before?.pasid !== fx.after.pasid)
      out.push({ space: { kind: 'guest', vm: fx.holder.vm }, pasid: fx.after.pasid, kind: 'added', holder: fx.holder });
  }
  return out;
}
