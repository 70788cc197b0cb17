/**
 * The workload maps' rows: one per space of the fleet (core/fleet/fleet-spaces.ts order),
 * and the used IDs of some rows at a state, each with the owner class the map colours it
 * by. Rows name their space by reference, so the same layout reads any state of the run.
 */
import type { EngineState } from '../core/engine/state.ts';
import { fleetSpaces } from '../core/fleet/fleet-spaces.ts';
import type { Holder, SpaceRef } from '../core/model/types.ts';
import { OWNER } from './engine.ts';
import type { RowLayout } from './workload-types.ts';

/** The layout the page draws, and the spaces the backend reads each row from. */
export interface Rows {
  layout: RowLayout;
  spaces: SpaceRef[];
}

export function rowsOf(st: EngineState): Rows {
  const s = fleetSpaces(st);
  return {
    layout: {
      names: s.map((x) => x.name),
      kind: Uint8Array.from(s, (x) => x.cls),
      host: Uint16Array.from(s, (x) => x.host),
      lo: Uint32Array.from(s, (x) => x.lo),
      hi: Uint32Array.from(s, (x) => x.hi),
    },
    spaces: s.map((x) => x.ref),
  };
}

/** A copy the caller may take (transfer) while the backend keeps its own. */
export function copyLayout(r: RowLayout): RowLayout {
  return { names: r.names.slice(), kind: r.kind.slice(), host: r.host.slice(), lo: r.lo.slice(), hi: r.hi.slice() };
}

// Fill tenants are host processes the fill names `~f…` (core/fleet/fill.ts): no event can.
const isFill = (process: string) => process.startsWith('~f');

/** The owner class a map colours an ID by: a guest, a fill tenant, or the host. */
const ownerClass = (who: Holder | undefined): number =>
  !who ? OWNER.host : who.type === 'guest' ? OWNER.guest : isFill(who.process) ? OWNER.fill : OWNER.host;

/** Append the used IDs of `space` in `st` and their owner classes. */
export function rowIds(st: EngineState, space: SpaceRef, ids: number[], owners: number[]): void {
  switch (space.kind) {
    case 'g': {
      const h = st.hosts.get(space.host)!;
      for (const [s, e] of h.g!.usedRuns())
        for (let p = s; p < e; p++) {
          ids.push(p);
          owners.push(ownerClass(h.gHolder.get(p)));
        }
      return;
    }
    case 'rid': {
      const f = st.hosts.get(space.host)!.fn.get(space.rid)!;
      for (const [s, e] of f.table.usedRuns())
        for (let p = s; p < e; p++) {
          ids.push(p);
          owners.push(ownerClass(f.entries.get(p)?.holder));
        }
      return;
    }
    case 'guest': {
      const v = st.vms.get(space.vm)!;
      for (const [s, e] of v.space.usedRuns())
        for (let p = s; p < e; p++) {
          ids.push(p);
          owners.push(OWNER.guest);
        }
      return;
    }
  }
}
