/**
 * Draw a fleet's maps (fleet-model.ts) with the scenario maps' painters (frame.ts): the
 * same headers, banded axes, row labels and row painter, the rows' IDs from the worker,
 * and the current event's changes as the same marks a scenario step shows.
 */
import type { ZoomTransform } from 'd3-zoom';
import { CELL_COLOUR } from '../workload/colours.ts';
import type { FleetBlock } from './fleet-model.ts';
import { drawBlocks, drawPinnedAxes, prepareFrame, type FrameOptions } from './frame.ts';
import type { Metrics, PanelGeom } from './geometry.ts';
import type { MapBlock, MapRow, RowData } from './map-row.ts';
import type { MarkModel } from './model.ts';
import { drawHover, drawMarks } from './overlays.ts';
import type { Painter } from './painter.ts';
import type { MapStyle } from './render-context.ts';

const rgb = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`;
/** By owner class (workload-backend OWNER: 1 host, 2 guest, 3 fill). */
const CLASS_COLOUR = [rgb(CELL_COLOUR.host), rgb(CELL_COLOUR.host), rgb(CELL_COLOUR.guest), rgb(CELL_COLOUR.fill)];

/** A fleet's cells: coloured by owner class, shaded by how full each column is, rows in alternating shades. */
export const FLEET_STYLE: MapStyle = {
  colour: (owner) => CLASS_COLOUR[owner] ?? CLASS_COLOUR[1],
  density: true,
  alternate: true,
  cellInset: 0,
};

export interface FleetRenderOptions extends FrameOptions {
  /** the IDs of a row, as far as they have arrived */
  data(row: MapRow): RowData;
  marks: readonly MarkModel[];
  hover?: { row: string; pasid: number } | null;
}

export function renderFleet(p: Painter, geom: PanelGeom<FleetBlock>, t: ZoomTransform, m: Metrics, opts: FleetRenderOptions): void {
  const c = prepareFrame(p, { geom: geom as unknown as PanelGeom<MapBlock>, m, style: FLEET_STYLE, selectedOwner: null, data: opts.data }, t, opts);
  drawBlocks(c);
  drawMarks(c, opts.marks);
  if (opts.hover) drawHover(c, opts.hover);
  drawPinnedAxes(c);
}
