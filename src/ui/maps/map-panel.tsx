/**
 * One range-map panel: a canvas drawn from a PanelModel, with d3-zoom pan/zoom (through
 * a controller and refs, no React render per frame), hover tooltip (the hover store) and
 * click-to-select. Rows are virtualised (use-map-canvas.ts): the canvas is as tall as the
 * part of the panel in view, so a scenario with any number of rows draws.
 * Without a mouse: the canvas takes the focus, arrow keys move a cursor between the used
 * cells (cursor.ts), Enter or Space selects, + and − zoom about the cursor.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { useAppStore, type RunKey } from '../../store/store.ts';
import { sameHolder } from '../format.ts';
import { hoverAt, useHover } from '../hover-store.ts';
import { useTheme } from '../theme.ts';
import { layoutPanel, makeMetrics, rowAt, zoomedScale, type Density, type PanelGeom } from './geometry.ts';
import type { PanelModel, RowModel } from './model.ts';
import { CanvasPainter } from './painter.ts';
import { panelDrawn, registerPanel } from './panel-registry.ts';
import { cellEntry, CURSOR_KEYS, keepCell, moveCell, startCell, type Cell, type CursorKey } from './cursor.ts';
import { hitCell } from './hit-test.ts';
import { useHighlights } from './use-highlights.ts';
import { useWheelUnframe } from './wheel-unframe.ts';
import { renderPanel } from './render.ts';
import { describeCell, summarise } from './tooltip-text.ts';
import { useMapCanvas } from './use-map-canvas.ts';
import { usePanelSize } from './use-panel-size.ts';
import { cellSpan, cellX } from './cell-span.ts';
import { MapZoomBar } from './map-zoom-bar.tsx';
import { createZoomController, type ZoomController } from './zoom-controller.ts';

export interface MapPanelProps {
  model: PanelModel;
  /**
   * The same panel framed on its used PASIDs (model.ts `framePanel`): shown first, until
   * the user asks for the whole range (reset, or zooming out from the framed view).
   */
  framedModel?: PanelModel;
  /** accessible name of the map, e.g. `Range maps, policy split` */
  label: string;
  /** short suffix for the zoom buttons' names when several panels are on screen */
  nameSuffix?: string;
  density?: Density;
  /** let rows grow to fill the visible height of the scrolling container */
  fit?: boolean;
  /** a compare panel's policy, for the export's header over the panel */
  heading?: string;
  /** a migrate step's panel: which side (the remap lines span both) */
  side?: 'source' | 'destination';
  /** the run the panel shows: the cells the hovered event touched under it are marked */
  runKey?: RunKey;
}

export function MapPanel({ model: whole, framedModel, label, nameSuffix, density = 'normal', fit = false, heading, side, runKey }: MapPanelProps) {
  const presenter = useAppStore((s) => s.presenter);
  // The palette's colours change in place with the theme: a new theme is a new frame.
  const theme = useTheme();
  const select = useAppStore((s) => s.select);
  const setHover = useHover((s) => s.set);
  const transformRef = useRef<ZoomTransform>(zoomIdentity);
  const hoverRef = useRef<{ row: string; pasid: number } | null>(null);
  const zoomRef = useRef<ZoomController | null>(null);
  const frameRef = useRef(0);
  // The frame callback reads the latest draw: a frame requested before the layout
  // changed must draw the new layout, not the one it was requested under.
  const drawRef = useRef<() => void>(() => {});
  // Describes again what the pointer or the keyboard cursor is on (the latest closure).
  const refreshRef = useRef<() => void>(() => {});
  const id = useId();
  // The keyboard cursor, and whether to show it (the map has the focus from the keyboard).
  const cursorRef = useRef<Cell | null>(null);
  const keyboardRef = useRef(false);
  const [announce, setAnnounce] = useState('');
  // The whole range, once asked for, stays until the next scenario (a new palette).
  const [wholeFor, setWholeFor] = useState<object | null>(null);
  const framed = framedModel !== undefined && wholeFor !== whole.palette;
  const model = framed ? framedModel : whole;

  const { found, touched } = useHighlights(model, runKey);

  const panelRef = useRef<HTMLDivElement>(null);
  const { width, avail } = usePanelSize(panelRef);
  const metrics = useMemo(() => makeMetrics(presenter, density), [presenter, density]);
  const geom = useMemo<PanelGeom | null>(
    () => (width > 0 ? layoutPanel(model, width, metrics, fit && avail > 0 ? avail : undefined) : null),
    [model, width, metrics, fit, avail],
  );
  const schedule = useCallback(() => {
    if (!frameRef.current) frameRef.current = requestAnimationFrame(() => drawRef.current());
  }, []);
  const surface = useMapCanvas(geom?.height ?? 0, schedule, panelRef);
  const { wrapRef, canvasRef } = surface;

  const begin = surface.begin;
  const draw = useCallback(() => {
    frameRef.current = 0;
    const f = geom ? begin(geom.width) : null;
    if (!f || !geom) return;
    let focus: Cell | null = null;
    if (keyboardRef.current) {
      focus = keepCell(model, cursorRef.current, (row, pasid) => cellX(geom, transformRef.current, row, pasid));
      cursorRef.current = focus;
    }
    renderPanel(new CanvasPainter(f.ctx), model, geom, transformRef.current, metrics, { hover: hoverRef.current, focus, view: f.view, raster: f.raster, found, touched });
    panelDrawn();
  }, [geom, model, metrics, begin, found, touched]);
  useEffect(() => {
    drawRef.current = draw;
  }, [draw]);

  // A new draw (layout, model) or a new theme: a new frame.
  useEffect(() => {
    schedule();
  }, [draw, theme, schedule]);

  useEffect(() => () => cancelAnimationFrame(frameRef.current), []);

  // The zoom controller lives as long as the canvas; bounds follow the layout.
  const hasGeom = geom !== null;
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !hasGeom) return;
    const c = createZoomController(canvas, { x0: 0, x1: 1, height: 1, maxZoom: 1 }, (t) => {
      transformRef.current = t;
      schedule();
      refreshRef.current();
    });
    zoomRef.current = c;
    return () => {
      c.destroy();
      zoomRef.current = null;
    };
  }, [hasGeom, schedule, canvasRef]);
  const canvasHeight = surface.canvasHeight;
  useEffect(() => {
    if (geom) zoomRef.current?.update({ x0: geom.trackX0, x1: geom.trackX1, height: canvasHeight, maxZoom: geom.maxZoom });
  }, [geom, canvasHeight]);
  // A new scenario starts from the whole range (the palette is one per scenario).
  const palette = model.palette;
  useEffect(() => {
    zoomRef.current?.reset();
  }, [palette]);

  const surfaceOnScreen = surface.onScreen;
  useEffect(
    () =>
      registerPanel(id, () =>
        geom && wrapRef.current
          ? { element: wrapRef.current, model, geom, metrics, transform: transformRef.current, heading, side, visible: surfaceOnScreen(geom, metrics.axisH) }
          : null,
      ),
    [id, geom, model, metrics, wrapRef, heading, side, surfaceOnScreen],
  );

  const toPanel = surface.at;
  const locate = useCallback(
    (clientX: number, clientY: number) => {
      const pt = toPanel(clientX, clientY);
      if (!pt || !geom) return null;
      const { x, y } = pt;
      if (x < geom.trackX0 || x > geom.trackX1) return null;
      const at = rowAt(geom, y);
      if (!at) return null;
      const zs = zoomedScale(at.block, transformRef.current);
      const hit = hitCell(zs, at.row.row, x, 4, at.block.block.plan.max);
      if (!hit) return null;
      return { at, hit, x, y };
    },
    [geom, toPanel],
  );

  // Where the pointer is over this canvas (client coordinates), so that a new step, or a
  // zoom, describes the cell now under it rather than the one it was over before.
  const pointerRef = useRef<{ x: number; y: number } | null>(null);
  const pointAt = (clientX: number, clientY: number) => {
    const found = locate(clientX, clientY);
    const prev = hoverRef.current;
    if (!found) {
      if (prev) {
        hoverRef.current = null;
        schedule();
      }
      if (useHover.getState().info) setHover(null);
      return;
    }
    const { at, hit } = found;
    const key = { row: at.row.row.key, pasid: hit.pasid };
    if (!prev || prev.row !== key.row || prev.pasid !== key.pasid) {
      hoverRef.current = key;
      schedule();
    }
    hoverAt(clientX, clientY, describeCell(model, at.row.row, hit.pasid, hit.index, at.block.block.plan.bands));
  };

  const onPointerMove = (e: React.PointerEvent) => {
    pointerRef.current = { x: e.clientX, y: e.clientY };
    pointAt(e.clientX, e.clientY);
  };

  const onPointerLeave = () => {
    pointerRef.current = null;
    hoverRef.current = null;
    setHover(null);
    schedule();
  };

  /** Select the holder of a row's entry, or clear the selection when it is already selected. */
  const toggle = (row: RowModel, index: number) => {
    const entry = row.entries[index];
    const current = useAppStore.getState().selection;
    if (current && sameHolder(current.holder, entry.holder)) select(null);
    else select({ holder: entry.holder, at: { space: row.space, pasid: entry.pasid } });
  };

  const onClick = (e: React.MouseEvent) => {
    const found = locate(e.clientX, e.clientY);
    if (!found || found.hit.index < 0) {
      select(null);
      return;
    }
    toggle(found.at.row.row, found.hit.index);
  };

  // Keyboard: the cursor's cell is described in the tooltip (beside it) and to screen readers.
  const showCursor = (cur: Cell) => {
    const hit = cellEntry(model, cur);
    const at = geom?.rowByKey.get(cur.row);
    if (!geom || !hit || !at) return;
    // Off screen (many rows): scroll the row into view first, then point at it.
    surface.reveal(at.row.y - metrics.axisH, at.row.y + at.row.h);
    const pt = toPanel(0, 0);
    if (!pt) return;
    const info = describeCell(model, hit.row, cur.pasid, hit.index, at.block.block.plan.bands);
    setHover({ x: pt.left + cellX(geom, transformRef.current, cur.row, cur.pasid), y: pt.top + at.row.y + at.row.h, ...info });
    setAnnounce(`${info.title}. ${info.lines.join('. ')}.`);
  };

  const onFocus = () => {
    const canvas = canvasRef.current;
    if (!canvas || !geom) return;
    // A click gives the focus back to the page, so the presenter's arrows step the
    // timeline after selecting with the mouse (as pointer-focus.ts does for controls);
    // from the keyboard (Tab) the map keeps it and shows its cursor.
    if (!canvas.matches(':focus-visible')) {
      canvas.blur();
      return;
    }
    keyboardRef.current = true;
    const cur = keepCell(model, cursorRef.current, (row, pasid) => cellX(geom, transformRef.current, row, pasid)) ?? startCell(model, useAppStore.getState().selection);
    cursorRef.current = cur;
    if (cur) showCursor(cur);
    else setAnnounce('No PASID is in use on this map at this step.');
    schedule();
  };

  const onBlur = () => {
    if (!keyboardRef.current) return;
    keyboardRef.current = false;
    setHover(null);
    schedule();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey || !geom) return;
    const xOf = (row: string, pasid: number) => cellX(geom, transformRef.current, row, pasid);
    let cur = keepCell(model, cursorRef.current, xOf) ?? startCell(model, useAppStore.getState().selection);
    // An empty map leaves the keys to the page (the arrows step the timeline).
    if (!cur) return;
    if (CURSOR_KEYS.includes(e.key)) cur = moveCell(model, cur, e.key as CursorKey, xOf);
    else if (e.key === 'Enter' || e.key === ' ') {
      const hit = cellEntry(model, cur);
      if (hit) toggle(hit.row, hit.index);
    } else if (e.key === '+' || e.key === '=') zoomRef.current?.zoomBy(2, xOf(cur.row, cur.pasid));
    else if (e.key === '-') zoomOut();
    else return;
    e.preventDefault();
    keyboardRef.current = true;
    cursorRef.current = cur;
    // Keep the cursor's cell on screen when zoomed in.
    const x = xOf(cur.row, cur.pasid);
    if (x < geom.trackX0 + 12 || x > geom.trackX1 - 12) zoomRef.current?.panBy((geom.trackX0 + geom.trackX1) / 2 - x);
    showCursor(cur);
    schedule();
  };

  // A new step (or layout) puts other cells under a still pointer: the tooltip must say
  // what is there now, or go when nothing is, not keep the previous step's words.
  const refreshHover = () => {
    if (!geom) return;
    if (keyboardRef.current && document.activeElement === canvasRef.current) {
      const cur = keepCell(model, cursorRef.current, (row, pasid) => cellX(geom, transformRef.current, row, pasid));
      cursorRef.current = cur;
      if (cur) showCursor(cur);
      else setHover(null);
      return;
    }
    const p = pointerRef.current;
    if (p) pointAt(p.x, p.y);
  };
  useEffect(() => {
    refreshRef.current = refreshHover;
  });
  useEffect(() => {
    refreshRef.current();
  }, [model, geom]);
  // A panel that goes (a migrate step swaps them) takes its tooltip with it.
  useEffect(() => () => void ((pointerRef.current || keyboardRef.current) && useHover.getState().set(null)), []);

  // Framed or whole: either way from k = 1, the two axes have nothing in common.
  const paletteRef = useRef(whole.palette);
  useEffect(() => {
    paletteRef.current = whole.palette;
  }, [whole.palette]);
  const frameUsed = useCallback((on: boolean) => {
    setWholeFor(on ? null : paletteRef.current);
    zoomRef.current?.reset();
  }, []);
  // Zooming out of the framed view at its widest shows the whole range.
  const zoomOut = () => {
    if (framed && (zoomRef.current?.transform().k ?? 1) <= 1.001) frameUsed(false);
    else zoomRef.current?.zoomBy(0.25);
  };
  useWheelUnframe(canvasRef, zoomRef, framed, geom?.trackX0 ?? 0, frameUsed);

  // + and − zoom about the selection's cells on this map, or else its used PASIDs.
  const selection = useAppStore((s) => s.selection);
  const selSpan = useMemo(() => (geom && selection ? cellSpan(geom, (e) => sameHolder(e.holder, selection.holder)) : null), [geom, selection]);
  const usedSpan = useMemo(() => (geom ? cellSpan(geom, () => true) : null), [geom]);
  const zoomIn = () => {
    const span = selSpan ?? usedSpan;
    if (span) zoomRef.current?.zoomAround(4, (span[0] + span[1]) / 2);
    else zoomRef.current?.zoomBy(4);
  };
  const zoomToSelection = () => {
    if (!selSpan || !geom) return;
    // Some room either side, so the cells do not touch the track's ends.
    const pad = Math.max(4, (selSpan[1] - selSpan[0]) * 0.15);
    zoomRef.current?.zoomToPixels(Math.max(geom.trackX0, selSpan[0] - pad), Math.min(geom.trackX1, selSpan[1] + pad));
  };

  const summary = useMemo(() => summarise(model), [model]);
  const suffix = nameSuffix ? ` (${nameSuffix})` : '';

  return (
    // data-found / data-touched: how many cells are ringed (tests read them).
    <div className="map-panel" ref={wrapRef} style={{ height: geom ? geom.height : 0 }} data-found={found.length} data-touched={touched.length}>
      <MapZoomBar
        suffix={suffix}
        top={geom?.blocks.length ? geom.blocks[0].axisY + Math.max(0, Math.round((metrics.axisH - 26) / 2)) : undefined}
        canZoomToSelection={!!selSpan}
        framed={framedModel ? framed : null}
        onZoomIn={zoomIn}
        onZoomOut={zoomOut}
        onZoomToSelection={zoomToSelection}
        onFrame={() => frameUsed(true)}
        onWhole={() => frameUsed(false)}
      />
      <canvas
        ref={canvasRef}
        className="map-canvas"
        role="application"
        aria-roledescription="range map"
        aria-label={label}
        aria-describedby={`${id}-desc`}
        tabIndex={0}
        style={{ height: geom ? canvasHeight : 0, position: 'sticky', top: 0 }}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
        onPointerDown={() => (keyboardRef.current = false)}
        onClick={onClick}
        onFocus={onFocus}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
      />
      <div id={`${id}-desc`} className="sr-only">
        {summary}. Arrow keys move between the used PASIDs, Enter selects the process, + and − zoom.
      </div>
      <div className="sr-only" aria-live="polite">
        {announce}
      </div>
    </div>
  );
}
