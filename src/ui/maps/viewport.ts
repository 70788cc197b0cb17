/**
 * Rows are virtualised: a map's canvas is never taller than the part of the panel in
 * view (times the device pixel ratio), whatever the number of rows, and only the rows in
 * that part are painted. Pure arithmetic, unit-tested: where the canvas sits in the
 * panel, how tall it is in device pixels, and which rows of a block it shows.
 */

/** Browsers refuse canvases beyond about 32,767 device px a side (65,535 in Chromium, less in area). */
export const MAX_CANVAS_PX = 16_384;

export interface CanvasView {
  /** the part of the panel on the canvas, [top, top + height) in CSS px */
  top: number;
  height: number;
  /** the canvas's height in device pixels */
  deviceHeight: number;
}

/**
 * The canvas for a panel `panelHeight` tall, `visibleHeight` of which fits its scroller,
 * scrolled so that the canvas would sit `offset` px below the panel's top: as tall as
 * what is visible (never more than the panel, never more than MAX_CANVAS_PX device px),
 * kept inside the panel.
 */
export function canvasView(panelHeight: number, visibleHeight: number, offset: number, dpr: number): CanvasView {
  const ratio = dpr > 0 && Number.isFinite(dpr) ? dpr : 1;
  const height = Math.max(0, Math.min(panelHeight, visibleHeight, Math.floor(MAX_CANVAS_PX / ratio)));
  const top = Math.max(0, Math.min(panelHeight - height, Number.isFinite(offset) ? offset : 0));
  return { top, height, deviceHeight: Math.round(height * ratio) };
}

/** The rows (sorted by y) that meet [top, bottom): [first, end), found by binary search. */
export function rowsInView(rows: readonly { y: number; h: number }[], top: number, bottom: number): [number, number] {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].y + rows[mid].h <= top) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  hi = rows.length;
  while (end < hi) {
    const mid = (end + hi) >>> 1;
    if (rows[mid].y < bottom) end = mid + 1;
    else hi = mid;
  }
  return [lo, end];
}
