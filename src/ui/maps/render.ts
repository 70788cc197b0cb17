/**
 * Draw a scenario panel: per host block a header, the banded axis, and the rows, each row
 * from per-pixel-column aggregates (DESIGN.md convention 7), then the links and the marks.
 * The cost is pixels × rows in view, not live PASIDs; on a canvas the rows' pixels are
 * kept between frames (row-cache.ts). Cells, grid lines and labels are only drawn where
 * an ID is several pixels wide, so they are bounded by the width too.
 */
import type { ZoomTransform } from 'd3-zoom';
import { ownerColour, ownerColourIndex, OWNER_COLOURS } from '../palette.ts';
import { drawBlocks, drawPinnedAxes, prepareFrame, type FrameOptions } from './frame.ts';
import type { Metrics, PanelGeom } from './geometry.ts';
import type { MapBlock, MapRow } from './map-row.ts';
import type { PanelModel, RowModel } from './model.ts';
import type { HighlightCell } from './highlights.ts';
import { drawAxisMarks, drawFocus, drawHighlights, drawHover, drawLinks, drawMarks, drawReservations, drawSelection, drawWires, type ScenarioCtx } from './overlays.ts';
import type { Painter } from './painter.ts';
import type { MapStyle } from './render-context.ts';
import { planAxisMarkLabels, planConflictCodes, planLinkLabels, planMigrationLabels, planWireLabels } from './step-labels.ts';

export interface RenderOptions extends FrameOptions {
  hover?: { row: string; pasid: number } | null;
  /** the keyboard cursor, drawn as a focus ring while the map has the focus */
  focus?: { row: string; pasid: number } | null;
  /** cells the search found (highlights.ts) */
  found?: readonly HighlightCell[];
  /** cells the hovered or focused event of the strip touched */
  touched?: readonly HighlightCell[];
}

/** A scenario's cells: coloured by holder (the palette's index is each ID's owner), labelled with the process. */
export const SCENARIO_STYLE: MapStyle = {
  colour: (owner) => OWNER_COLOURS[((owner % OWNER_COLOURS.length) + OWNER_COLOURS.length) % OWNER_COLOURS.length],
  ownerName: (row, index) => (row as RowModel).entries[index]?.holder.process,
  density: false,
  alternate: false,
  cellInset: 2,
};

export function renderPanel(p: Painter, model: PanelModel, geom: PanelGeom, t: ZoomTransform, m: Metrics, opts: RenderOptions = {}) {
  const selectedOwner = model.selected ? ownerColourIndex(model.palette, model.selected) : null;
  const frame = prepareFrame(
    p,
    { geom: geom as unknown as PanelGeom<MapBlock>, m, style: SCENARIO_STYLE, selectedOwner, data: (row: MapRow) => row },
    t,
    opts,
  );
  const c: ScenarioCtx = { ...frame, model };
  // The labels that say what the step did come first; the rest find room around them.
  const top = [...planWireLabels(c), ...planConflictCodes(c), ...planMigrationLabels(c), ...planAxisMarkLabels(c), ...planLinkLabels(c)];
  drawBlocks(c);
  drawReservations(c);
  drawLinks(c);
  drawSelection(c);
  drawMarks(c, model.marks, (h) => ownerColour(model.palette, h));
  drawWires(c);
  drawAxisMarks(c);
  if (opts.found?.length) drawHighlights(c, opts.found, 'found');
  if (opts.touched?.length) drawHighlights(c, opts.touched, 'touched');
  for (const l of top) p.text(l.text, l.x, l.y, l.style);
  if (opts.hover) drawHover(c, opts.hover);
  if (opts.focus) drawFocus(c, opts.focus);
  drawPinnedAxes(c);
}

