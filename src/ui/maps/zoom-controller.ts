/**
 * d3-zoom wrapped in a small controller (xyflow's XYPanZoom): created and destroyed in
 * an effect, it owns the zoom behaviour on one element and reports transforms through a
 * callback, so pan and zoom redraw the canvas without a React render.
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import { constrainX } from './geometry.ts';

export interface ZoomBounds {
  /** the track's pixel range */
  x0: number;
  x1: number;
  height: number;
  maxZoom: number;
}

export interface ZoomController {
  /** new bounds after a resize or a new model; keeps the view as far as it can */
  update(bounds: ZoomBounds): void;
  /** zoom by `factor` about the track's centre, or about pixel x */
  zoomBy(factor: number, x?: number): void;
  /**
   * zoom by `factor` and bring pixel `at` of the unzoomed track to the track's centre (as
   * far as the ends allow): + and − keep what matters in the middle of the view
   */
  zoomAround(factor: number, at: number): void;
  /** move the view by px pixels (positive: the content moves right) */
  panBy(px: number): void;
  reset(): void;
  /** zoom so that the pixel range [a, b] of the unzoomed track fills the track */
  zoomToPixels(a: number, b: number): void;
  transform(): ZoomTransform;
  destroy(): void;
}

export function createZoomController(el: Element, initial: ZoomBounds, onTransform: (t: ZoomTransform) => void): ZoomController {
  let bounds = initial;
  const sel = select(el);
  const behaviour: ZoomBehavior<Element, unknown> = zoom<Element, unknown>()
    .scaleExtent([1, bounds.maxZoom])
    .extent([
      [bounds.x0, 0],
      [bounds.x1, bounds.height],
    ])
    .constrain((t) => constrainX(t, bounds.x0, bounds.x1))
    .clickDistance(4)
    // Wheel zooms, drag pans; a wheel with Shift pans instead, like a timeline.
    .filter((ev: Event) => {
      const e = ev as MouseEvent;
      // Over the row labels the wheel scrolls the page; over the track it zooms.
      if (e.type === 'wheel') return !e.shiftKey && e.offsetX >= bounds.x0;
      return (!e.ctrlKey || e.type === 'wheel') && !e.button;
    })
    .on('zoom', (ev: D3ZoomEvent<Element, unknown>) => onTransform(ev.transform));
  sel.call(behaviour);
  // Shift+wheel (and trackpads' horizontal scroll) pans.
  const onWheel = (ev: Event) => {
    const e = ev as WheelEvent;
    const dx = e.shiftKey ? e.deltaY || e.deltaX : e.deltaX;
    if (!dx || (!e.shiftKey && Math.abs(e.deltaX) < Math.abs(e.deltaY))) return;
    e.preventDefault();
    behaviour.translateBy(sel, -dx / current().k, 0);
  };
  el.addEventListener('wheel', onWheel, { passive: false });
  const current = () => (el as Element & { __zoom?: ZoomTransform }).__zoom ?? zoomIdentity;

  return {
    update(b) {
      const old = bounds;
      bounds = b;
      behaviour.scaleExtent([1, b.maxZoom]).extent([
        [b.x0, 0],
        [b.x1, b.height],
      ]);
      const t = current();
      if (old.x0 !== b.x0 || old.x1 !== b.x1) {
        // Keep the same part of the track in view when the width changes.
        const f = (b.x1 - b.x0) / Math.max(1, old.x1 - old.x0);
        const left = (old.x0 - t.x) / t.k; // unzoomed pixel at the left edge
        const leftNew = b.x0 + (left - old.x0) * f;
        behaviour.transform(sel, zoomIdentity.translate(b.x0 - leftNew * t.k, 0).scale(t.k));
      } else {
        behaviour.transform(sel, t);
      }
    },
    zoomBy(factor, x) {
      behaviour.scaleBy(sel, factor, [x ?? (bounds.x0 + bounds.x1) / 2, 0]);
    },
    zoomAround(factor, at) {
      const k = Math.min(bounds.maxZoom, Math.max(1, current().k * factor));
      behaviour.transform(sel, zoomIdentity.translate((bounds.x0 + bounds.x1) / 2 - at * k, 0).scale(k));
    },
    panBy(px) {
      behaviour.translateBy(sel, px / current().k, 0);
    },
    reset() {
      behaviour.transform(sel, zoomIdentity);
    },
    zoomToPixels(a, b) {
      const k = Math.min(bounds.maxZoom, Math.max(1, (bounds.x1 - bounds.x0) / Math.max(1, b - a)));
      behaviour.transform(sel, zoomIdentity.translate(bounds.x0 - a * k, 0).scale(k));
    },
    transform: current,
    destroy() {
      el.removeEventListener('wheel', onWheel);
      sel.on('.zoom', null);
    },
  };
}
