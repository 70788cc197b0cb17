/**
 * The panels on screen, for the frame export: each map panel registers how to draw its
 * current frame, and the exporter composes them where they sit on the screen.
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
