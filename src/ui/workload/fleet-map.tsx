/**
 * The workload's range maps: one row per space of the fleet (each host's G and PASID
 * tables, then every VM's guest space), drawn by the scenario maps' renderer
 * (maps/fleet-render.ts: the same axis, bands, row labels and row painter) with the same
 * d3-zoom controller. Rows are virtualised (maps/use-map-canvas.ts): only the ones in view
 * are fetched from the engine (their used IDs, as transferred typed arrays) and painted,
 * their pixels kept between frames; pan, zoom and scroll redraw without a React render
 * (DESIGN.md convention 5), and the tooltip goes through the hover store.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { ownerRunStarts } from '../../core/view/range-aggregate.ts';
import { SPACE_CLASSES } from '../../core/model/space.ts';
import { workloadEngine } from '../../store/jobs-slice.ts';
import type { TimelineInfo } from '../../worker/worker-engine.ts';
import { CHANGE } from '../../worker/engine.ts';
import { hoverAt, useHover } from '../hover-store.ts';
import { fleetMetrics, fleetPanel, type FleetRow } from '../maps/fleet-model.ts';
import { renderFleet } from '../maps/fleet-render.ts';
import { layoutPanel, rowAt, zoomedScale } from '../maps/geometry.ts';
import { useTheme } from '../theme.ts';
import { NO_DATA, type MapRow, type RowData } from '../maps/map-row.ts';
import type { MarkModel } from '../maps/model.ts';
import { CanvasPainter } from '../maps/painter.ts';
import { describeFleetCell } from '../maps/tooltip-text.ts';
import { useMapCanvas } from '../maps/use-map-canvas.ts';
import { rowsInView } from '../maps/viewport.ts';
import { createZoomController, type ZoomController } from '../maps/zoom-controller.ts';
import { CELL_COLOUR } from './colours.ts';

const VIEW_H = 420;
const rgb = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`;
const MARK_KIND = { [CHANGE.added]: 'added', [CHANGE.removed]: 'removed', [CHANGE.conflict]: 'conflict' } as const;

export function FleetMap({ t, cursor, changes }: { t: TimelineInfo; cursor: number; changes: Int32Array | null }) {
  const [width, setWidth] = useState(800);
  const [density, setDensity] = useState<'normal' | 'compact'>('normal');
  const [pending, setPending] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const transformRef = useRef<ZoomTransform>(zoomIdentity);
  const zoomRef = useRef<ZoomController | null>(null);
  const hoverRef = useRef<{ row: string; pasid: number } | null>(null);
  const frameRef = useRef(0);
  const drawRef = useRef<() => void>(() => {});
  const pointerRef = useRef<{ x: number; y: number } | null>(null);
  const describeRef = useRef<() => void>(() => {});
  const id = useId();
  const n = t.rows.names.length;

  const panel = useMemo(() => fleetPanel(t), [t]);
  const metrics = useMemo(() => fleetMetrics(density), [density]);
  const geom = useMemo(() => layoutPanel(panel, width, metrics), [panel, width, metrics]);
  const schedule = useCallback(() => {
    if (!frameRef.current) frameRef.current = requestAnimationFrame(() => drawRef.current());
  }, []);
  const surface = useMapCanvas(geom.height, schedule);
  const { wrapRef, canvasRef, canvasHeight, begin, view } = surface;

  // Row data for the current (policy, cursor); the previous cursor's is shown until it arrives.
  const key = `${t.policy}:${cursor}`;
  const cacheRef = useRef<{ key: string; rows: Map<number, RowData> }>({ key: '', rows: new Map() });
  const staleRef = useRef<Map<number, RowData>>(new Map());
  const inflight = useRef(false);
  const dataOf = useCallback((row: MapRow) => {
    const r = (row as FleetRow).index;
    return cacheRef.current.rows.get(r) ?? staleRef.current.get(r) ?? NO_DATA;
  }, []);

  const marks = useMemo<MarkModel[]>(() => {
    const out: MarkModel[] = [];
    if (changes) for (let i = 0; i + 2 < changes.length; i += 3) out.push({ row: `${changes[i]}`, pasid: changes[i + 1], kind: MARK_KIND[changes[i + 2] as 0 | 1 | 2] ?? 'added' });
    return out;
  }, [changes]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => ro.disconnect();
  }, []);

  /** The worker's indexes of the rows in view. */
  const visibleRows = useCallback((): number[] => {
    const v = view();
    const out: number[] = [];
    for (const b of geom.blocks) {
      const [i0, i1] = rowsInView(b.rows, v.top, v.bottom);
      for (let i = i0; i < i1; i++) out.push(b.rows[i].row.index);
    }
    return out;
  }, [geom, view]);

  // The palette's colours change in place with the theme: a new theme is a new frame.
  const theme = useTheme();
  const draw = useCallback(() => {
    frameRef.current = 0;
    const f = begin(geom.width);
    if (!f) return;
    const canvas = canvasRef.current!;
    // Which cursor the canvas shows in full (tests and the seek benchmark wait on it).
    const complete = cacheRef.current.key === key && visibleRows().every((r) => cacheRef.current.rows.has(r));
    canvas.dataset.drawn = complete ? key : '';
    renderFleet(new CanvasPainter(f.ctx), geom, transformRef.current, metrics, { view: f.view, raster: f.raster, data: dataOf, marks, hover: hoverRef.current });
  }, [begin, geom, metrics, key, visibleRows, dataOf, marks, canvasRef]);
  useEffect(() => {
    schedule();
  }, [theme, schedule]);
  useEffect(() => {
    drawRef.current = draw;
  }, [draw]);

  /** Fetch the visible rows the cache lacks; one request at a time, the latest cursor wins. */
  const fetchVisible = useCallback(() => {
    const engine = workloadEngine();
    if (!engine || inflight.current) return;
    if (cacheRef.current.key !== key) {
      // Keep what is on screen until the new cursor's rows arrive.
      for (const [r, v] of cacheRef.current.rows) staleRef.current.set(r, v);
      cacheRef.current = { key, rows: new Map() };
    }
    const missing = visibleRows().filter((r) => !cacheRef.current.rows.has(r));
    if (missing.length === 0) {
      setPending(false);
      return;
    }
    inflight.current = true;
    setPending(true);
    const asked = key;
    engine
      .rows(t.policy, cursor, Int32Array.from(missing))
      .then((d) => {
        if (cacheRef.current.key !== asked) return;
        for (let k = 0; k < d.rows.length; k++) {
          const r = d.rows[k];
          const ids = d.ids.subarray(d.offsets[k], d.offsets[k + 1]);
          const owners = d.owners.subarray(d.offsets[k], d.offsets[k + 1]);
          cacheRef.current.rows.set(r, { ids, owners, runStarts: ownerRunStarts(owners) });
          staleRef.current.delete(r);
        }
        // Draw now rather than at the next frame: a seek shows as soon as its rows are here.
        if (frameRef.current) cancelAnimationFrame(frameRef.current);
        drawRef.current();
        describeRef.current();
      })
      .catch(() => {
        // The engine went away (a new run replaced it); the next render asks the new one.
      })
      .finally(() => {
        inflight.current = false;
        // The cursor or the scroll may have moved on meanwhile.
        requestAnimationFrame(() => fetchRef.current());
      });
  }, [key, visibleRows, t, cursor]);
  const fetchRef = useRef(fetchVisible);
  // Before paint: the request for a new cursor leaves in the same task as the seek.
  useLayoutEffect(() => {
    fetchRef.current = fetchVisible;
    fetchVisible();
  }, [fetchVisible]);

  // A new run or policy: nothing stale to show.
  useEffect(() => {
    staleRef.current = new Map();
    cacheRef.current = { key: '', rows: new Map() };
    transformRef.current = zoomIdentity;
    zoomRef.current?.reset();
  }, [t]);

  useEffect(() => {
    schedule();
  }, [draw, schedule]);
  useEffect(
    () => () => {
      if (frameRef.current) cancelAnimationFrame(frameRef.current);
    },
    [],
  );

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const c = createZoomController(canvas, { x0: 200, x1: 300, height: VIEW_H, maxZoom: 2 }, (tr) => {
      transformRef.current = tr;
      schedule();
    });
    zoomRef.current = c;
    return () => {
      c.destroy();
      zoomRef.current = null;
    };
  }, [schedule, canvasRef]);
  useEffect(() => {
    zoomRef.current?.update({ x0: geom.trackX0, x1: geom.trackX1, height: canvasHeight, maxZoom: geom.maxZoom });
  }, [geom, canvasHeight]);

  const at = surface.at;
  // Describe the cell at a client point; again when a new cursor's rows arrive under a still
  // pointer, so the tooltip says what the cell holds now, not at the previous event.
  const describeAt = (clientX: number, clientY: number) => {
    const pt = at(clientX, clientY);
    const hit = pt && pt.x >= geom.trackX0 && pt.x <= geom.trackX1 ? rowAt(geom, pt.y) : null;
    if (!pt || !hit) {
      unhover();
      return;
    }
    const row = hit.row.row;
    const zs = zoomedScale(hit.block, transformRef.current);
    const pasid = Math.max(0, Math.min(hit.block.block.plan.max - 1, Math.floor(zs.invert(pt.x))));
    const prev = hoverRef.current;
    if (!prev || prev.row !== row.key || prev.pasid !== pasid) {
      hoverRef.current = { row: row.key, pasid };
      schedule();
    }
    const data = cacheRef.current.rows.get(row.index) ?? staleRef.current.get(row.index) ?? null;
    hoverAt(clientX, clientY, describeFleetCell(row.title, row.kindCode, row.space, pasid, data));
  };
  useEffect(() => {
    describeRef.current = () => pointerRef.current && describeAt(pointerRef.current.x, pointerRef.current.y);
  });
  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    pointerRef.current = { x: e.clientX, y: e.clientY };
    describeAt(e.clientX, e.clientY);
  };
  const onLeave = () => {
    pointerRef.current = null;
    unhover();
  };
  const unhover = () => {
    if (hoverRef.current) {
      hoverRef.current = null;
      schedule();
    }
    if (useHover.getState().info) useHover.getState().set(null);
  };

  const kinds = useMemo(() => SPACE_CLASSES.map((k, i) => `${Array.prototype.filter.call(t.rows.kind, (x: number) => x === i).length} ${k}`).join(', '), [t]);
  return (
    <section className="wl-card wl-map" aria-labelledby={`${id}-title`}>
      <div className="wl-card-head">
        <h3 id={`${id}-title`}>Range maps</h3>
        <span className="muted">
          {t.hostIds.length} hosts, {n.toLocaleString('en')} spaces ({kinds}) · after event {cursor.toLocaleString('en')} · {t.policy}
        </span>
        <div className="spacer" />
        <span className="wl-legend" aria-label="Legend">
          <span>
            <i style={{ background: rgb(CELL_COLOUR.host) }} />
            host process
          </span>
          <span>
            <i style={{ background: rgb(CELL_COLOUR.guest) }} />
            guest
          </span>
          <span>
            <i style={{ background: rgb(CELL_COLOUR.fill) }} />
            fill
          </span>
          <span>
            <i className="wl-mixed-key" />
            several
          </span>
          <span title="cells the current event took (white ring), released (dashed), or a refused migration collides on (red)">
            <i className="wl-tick-key" />
            this event
          </span>
        </span>
        <button
          type="button"
          className={`btn small toggle ${density === 'compact' ? 'on' : ''}`}
          aria-pressed={density === 'compact'}
          onClick={() => setDensity(density === 'compact' ? 'normal' : 'compact')}
        >
          Compact rows
        </button>
        <button type="button" className="btn small" onClick={() => zoomRef.current?.reset()}>
          Reset zoom
        </button>
      </div>
      <div
        className="wl-map-scroll"
        ref={scrollRef}
        style={{ height: VIEW_H }}
        onScroll={() => fetchRef.current()}
        tabIndex={0}
        role="region"
        aria-label={`Range maps of ${n} spaces after event ${cursor}, policy ${t.policy}: scroll for more rows, wheel over the track zooms`}
        aria-busy={pending}
      >
        <div ref={wrapRef} style={{ position: 'relative', height: geom.height }}>
          <canvas
            ref={canvasRef}
            className="wl-map-canvas"
            style={{ width: '100%', height: canvasHeight, position: 'sticky', top: 0 }}
            onPointerMove={onMove}
            onPointerLeave={onLeave}
          />
        </div>
      </div>
    </section>
  );
}
