/**
 * The panels on screen, for the frame export and what spans several panels (a migrate
 * step's remap lines): each map panel registers how to draw its current frame, and says
 * when it drew one, so an overlay follows its zoom and scroll without a React render.
 */
import type { ZoomTransform } from 'd3-zoom';
import type { Metrics, PanelGeom } from './geometry.ts';
import type { PanelModel } from './model.ts';

export interface PanelFrame {
  element: HTMLElement;
  model: PanelModel;
  geom: PanelGeom;
  metrics: Metrics;
  transform: ZoomTransform;
  /** a compare panel's policy: the export draws it over the panel, with its outcome */
  heading?: string;
  /** a migrate step's panel: which side it shows */
  side?: 'source' | 'destination';
  /** the rows on screen now, in panel coordinates (under the axis pinned while scrolled, inside the scroller) */
  visible?: { top: number; bottom: number };
}

const panels = new Map<string, () => PanelFrame | null>();

export function registerPanel(id: string, get: () => PanelFrame | null): () => void {
  panels.set(id, get);
  return () => {
    if (panels.get(id) === get) panels.delete(id);
  };
}

export function currentPanels(): PanelFrame[] {
  const out: PanelFrame[] = [];
  for (const get of panels.values()) {
    const f = get();
    if (f) out.push(f);
  }
  return out;
}

const drawn = new Set<() => void>();

/** Call `listener` after any panel draws a frame (zoom, scroll, resize, a new step). */
export function onPanelDrawn(listener: () => void): () => void {
  drawn.add(listener);
  return () => {
    drawn.delete(listener);
  };
}

/** A panel drew a frame. */
export function panelDrawn(): void {
  for (const l of drawn) l();
}
