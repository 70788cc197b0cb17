/**
 * A fleet's range maps as the renderer's blocks and rows (map-row.ts): one row per space
 * of the run (each host's G and PASID tables, then every VM's guest space, the worker's
 * order), the hosts that share an axis in one block, the guest spaces in a last one. The
 * rows' IDs are not here: they arrive from the worker for the rows in view.
 */
import type { Policy } from '../../core/model/types.ts';
import { hex } from '../format.ts';
import { planAxis, type AxisPlan } from './bands.ts';
import type { Density, Metrics } from './geometry.ts';
import { makeMetrics } from './geometry.ts';
import { NO_DATA, type MapBlock, type MapRow } from './map-row.ts';

/** The worker's row layout of a run (worker RowLayout and TimelineInfo, as far as the maps read them). */
export interface FleetInput {
  policy: string;
  rows: { names: string[]; kind: ArrayLike<number>; host: ArrayLike<number>; lo: ArrayLike<number>; hi: ArrayLike<number> };
  hostIds: string[];
  hostPolicy: Policy[];
  iommuBits: ArrayLike<number>;
}

export interface FleetRow extends MapRow {
  /** the row's index in the worker's layout */
  index: number;
  /** SPACE_CLASSES index: 0 G, 1 PF table, 2 VF table, 3 guest space */
  kindCode: number;
  space: [number, number];
}

export type FleetBlock = MapBlock<FleetRow>;

const KIND: readonly ('g' | 'rid' | 'guest')[] = ['g', 'rid', 'rid', 'guest'];
const KIND_SHORT: readonly string[] = ['G', 'PF', 'VF', 'guest'];

function policyLine(p: Policy, bits: number): string {
  const parts = [p.kind === 'split' ? `split · localEnd ${hex(p.localEnd)} · sharedEnd ${hex(p.sharedEnd)}` : p.kind];
  parts.push(`IOMMU ${bits}-bit`);
  return parts.join(' · ');
}

function samePlan(a: AxisPlan, b: AxisPlan): boolean {
  return a.max === b.max && a.breaks.length === b.breaks.length && a.breaks.every((v, i) => v === b.breaks[i]);
}

/** The blocks of a fleet's maps. */
export function fleetPanel(t: FleetInput): { blocks: FleetBlock[] } {
  const { rows } = t;
  const n = rows.names.length;
  const blocks: FleetBlock[] = [];
  const plans = t.hostIds.map((_, h) => planAxis(t.hostPolicy[h], t.iommuBits[h]));
  let current: (FleetBlock & { hosts: string[] }) | null = null;
  const guests: FleetRow[] = [];
  for (let r = 0; r < n; r++) {
    const kindCode = rows.kind[r];
    const h = rows.host[r];
    const hostId = t.hostIds[h] ?? '';
    const row: FleetRow = {
      ...NO_DATA,
      key: `${r}`,
      index: r,
      kind: KIND[kindCode] ?? 'rid',
      kindCode,
      title: rows.names[r],
      subtitle: KIND_SHORT[kindCode] ?? '',
      valid: [rows.lo[r], rows.hi[r]],
      space: [rows.lo[r], rows.hi[r]],
      group: kindCode === 3 ? undefined : hostId,
    };
    if (kindCode === 3) {
      guests.push(row);
      continue;
    }
    const plan = plans[h] ?? plans[0];
    if (!current || !samePlan(current.plan, plan)) {
      current = { title: 'Hosts', subtitle: '', plan, rows: [], hosts: [] };
      blocks.push(current);
    }
    if (current.hosts[current.hosts.length - 1] !== hostId) current.hosts.push(hostId);
    current.rows.push(row);
  }
  for (const b of blocks as (FleetBlock & { hosts: string[] })[]) {
    const first = t.hostIds.indexOf(b.hosts[0]);
    const span = b.hosts.length > 1 ? `${b.hosts[0]}–${b.hosts[b.hosts.length - 1]}` : b.hosts[0];
    b.title = b.hosts.length > 1 ? `Hosts ${span}` : `Host ${span}`;
    b.subtitle = `${b.hosts.length} host${b.hosts.length === 1 ? '' : 's'} · ${policyLine(t.hostPolicy[first], t.iommuBits[first])}`;
  }
  if (guests.length)
    blocks.push({
      title: 'VMs',
      subtitle: `${guests.length.toLocaleString('en')} guest spaces, on the axis of host ${t.hostIds[0] ?? ''}`,
      plan: plans[0] ?? planAxis({ kind: 'global', localEnd: 0, sharedEnd: 0 }, 20),
      rows: guests,
    });
  return { blocks };
}

/** A fleet map's sizes: thin rows, a narrower label column than a scenario's. */
export function fleetMetrics(density: 'normal' | 'compact'): Metrics {
  const base = makeMetrics(false, 'dense' satisfies Density);
  return {
    ...base,
    labelW: 200,
    rowH: density === 'compact' ? 3 : 14,
    rowGap: density === 'compact' ? 0 : 2,
    headerH: 30,
    axisH: 40,
    blockGap: 10,
    padR: 10,
  };
}
