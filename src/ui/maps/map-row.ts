/**
 * What the row painter, the axis and the labels need of a map, whoever built it: the
 * scenario view (model.ts, from a Snapshot) and the Workloads panel (fleet-model.ts, from
 * the worker's row layout and per-row IDs) both hand the renderer these shapes.
 */
import type { AxisPlan } from './bands.ts';

export type RowKind = 'g' | 'rid' | 'guest';

/** A row's used IDs: ascending, an owner index per ID, and the owner runs (range-aggregate). */
export interface RowData {
  ids: Int32Array;
  owners: ArrayLike<number>;
  runStarts: Int32Array;
}

export interface MapRow extends RowData {
  key: string;
  kind: RowKind;
  title: string;
  subtitle: string;
  /** the IDs this row can hold, [lo, hi); null when the row has no space (G under `local`) */
  valid: [number, number] | null;
  /**
   * rows of one group (a host's spaces) share a label when rows are too thin for one each;
   * the first row of a group carries it
   */
  group?: string;
}

export interface MapBlock<R extends MapRow = MapRow> {
  title: string;
  subtitle: string;
  /** e.g. `before` / `after` in the migration view */
  tag?: string;
  plan: AxisPlan;
  rows: R[];
}

/** No IDs: a row whose data has not arrived, or an empty space. */
export const NO_DATA: RowData = { ids: new Int32Array(0), owners: new Int32Array(0), runStarts: new Int32Array(0) };
