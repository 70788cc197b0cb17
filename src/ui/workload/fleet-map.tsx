/**
 * The workload's range maps: one row per space of the fleet (each host's G and PASID
 * tables, then every VM's guest space), on the same banded axis as the scenario maps
 * (maps/bands.ts) with the same d3-zoom controller. Rows are virtualised: only the ones
 * in view are fetched from the engine (their used IDs, as transferred typed arrays) and
 * painted from per-pixel aggregates (map-paint.ts); pan, zoom and scroll redraw the
 * canvas without a React render (DESIGN.md convention 5).
 */
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { scaleLinear } from 'd3-scale';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { ownerRunStarts, lowerBound } from '../../core/view/range-aggregate.ts';
import { SPACE_KINDS } from '../../core/fleet/fleet-stats.ts';
import { workloadEngine } from '../../store/jobs-slice.ts';
import type { TimelineInfo } from '../../worker/worker-engine.ts';
import { CHANGE } from '../../worker/workload-backend.ts';
import { THEME } from '../palette.ts';
import { breakPixels, planAxis } from '../maps/bands.ts';
import { createZoomController, type ZoomController } from '../maps/zoom-controller.ts';
import { aggregateRow, columnEdges, paintTrack, type PaintItem, type PaintRow } from './map-paint.ts';
import type { ColumnAggregate } from '../../core/view/range-aggregate.ts';
import { CELL_COLOUR } from './colours.ts';

const LABEL_W = 200;
const AXIS_H = 34;
const PAD_R = 10;
const VIEW_H = 420;
const ROW_H = { normal: 16, compact: 3 } as const;
const OWNER_NAME = ['host process', 'host process', 'guest process', 'fill tenant'];
const KIND_NAME = ['G', 'PF', 'VF', 'guest'];

const hex = (p: number) => '0x' + p.toString(16);
const rgb = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`;

interface Hover {
  x: number;
  y: number;
  row: number;
  pasid: number;
}

export function FleetMap({
  t,
  cursor,
  changes,
}: {
  t: TimelineInfo;
  cursor: number;
  changes: Int32Array | null;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(800);
  const [density, setDensity] = useState<keyof typeof ROW_H>('normal');
  const [hover, setHover] = useState<Hover | null>(null);
  const [pending, setPending] = useState(false);
  const transformRef = useRef<ZoomTransform>(zoomIdentity);
  const zoomRef = useRef<ZoomController | null>(null);
  const frameRef = useRef(0);
  const id = useId();
  const rowH = ROW_H[density];
  const n = t.rows.names.length;

  // Row data for the current (policy, cursor); the previous cursor's is shown until it arrives.
  const cacheRef = useRef<{ key: string; rows: Map<number, PaintRow> }>({ key: '', rows: new Map() });
  const staleRef = useRef<Map<number, PaintRow>>(new Map());
  const aggRef = useRef<{ edges: string; aggs: WeakMap<PaintRow, ColumnAggregate> }>({
    edges: '',
    aggs: new WeakMap(),
  });
  const inflight = useRef(false);
  const key = `${t.policy}:${cursor}`;

  const plan = useMemo(() => planAxis(t.hostPolicy[0], t.iommuBits[0]), [t]);
  const trackW = Math.max(50, width - LABEL_W - PAD_R);
  const base = useMemo(() => {
    const px = breakPixels(plan, trackW).map((v) => v + LABEL_W);
    return scaleLinear().domain(plan.breaks).range(px);
  }, [plan, trackW]);
  const maxZoom = useMemo(() => {
    let m = 1;
    const px = breakPixels(plan, trackW);
    for (let i = 0; i + 1 < px.length; i++)
      m = Math.max(m, (48 * (plan.breaks[i + 1] - plan.breaks[i])) / Math.max(1e-6, px[i + 1] - px[i]));
    return m;
  }, [plan, trackW]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => ro.disconnect();
  }, []);

  const visible = useCallback((): [number, number] => {
    const top = scrollRef.current?.scrollTop ?? 0;
    const first = Math.max(0, Math.floor(top / rowH));
    const last = Math.min(n, Math.ceil((top + VIEW_H - AXIS_H) / rowH) + 1);
    return [first, last];
  }, [rowH, n]);

  const draw = useCallback(() => {
    frameRef.current = 0;
    const canvas = canvasRef.current;
    const el = scrollRef.current;
    if (!canvas || !el) return;
    const dpr = window.devicePixelRatio || 1;
    const W = Math.round(width * dpr);
    const Hh = Math.round(VIEW_H * dpr);
    if (canvas.width !== W || canvas.height !== Hh) {
      canvas.width = W;
      canvas.height = Hh;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const zs =
      transformRef.current.k === 1 && transformRef.current.x === 0
        ? base
        : transformRef.current.rescaleX(base);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = THEME.panel;
    ctx.fillRect(0, 0, W, Hh);

    // Track cells, in device pixels.
    const [first, last] = visible();
    const top = el.scrollTop;
    const x0 = Math.round(LABEL_W * dpr);
    const cols = Math.max(1, Math.round(trackW * dpr));
    const edges = columnEdges((px) => zs.invert(px / dpr), x0, cols, plan.max);
    // Aggregates are kept per row data object until the columns' edges change (zoom, width).
    const edgesKey = `${cols}|${dpr}|${transformRef.current.k}|${transformRef.current.x}|${plan.max}`;
    if (aggRef.current.edges !== edgesKey) aggRef.current = { edges: edgesKey, aggs: new WeakMap() };
    const aggs = aggRef.current.aggs;
    const items: PaintItem[] = [];
    const ys: number[] = [];
    const cache = cacheRef.current.rows;
    let complete = cacheRef.current.key === key;
    for (let r = first; r < last; r++) {
      const cur = cache.get(r);
      if (!cur) complete = false;
      const row = cur ?? staleRef.current.get(r) ?? null;
      let agg = row ? aggs.get(row) : undefined;
      if (row && !agg) aggs.set(row, (agg = aggregateRow(row, edges)));
      items.push({ row, agg: agg ?? null });
      ys.push(Math.round((AXIS_H + r * rowH - top) * dpr));
    }
    // Which cursor the canvas shows in full (tests and the seek benchmark wait on it).
    canvas.dataset.drawn = complete ? key : '';
    const img = ctx.createImageData(cols, Hh);
    const gap = rowH >= 10 ? 2 : rowH >= 4 ? 1 : 0;
    paintTrack(img, items, ys, Math.max(1, Math.round((rowH - gap) * dpr)), edges);
    ctx.putImageData(img, x0, 0);

    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // Changed cells of the current event: a white tick above and below.
    if (changes)
      for (let i = 0; i + 2 < changes.length; i += 3) {
        const r = changes[i];
        if (r < first || r >= last) continue;
        const x = zs(changes[i + 1] + 0.5);
        if (x < LABEL_W || x > width - PAD_R) continue;
        const y = AXIS_H + r * rowH - top;
        const how = changes[i + 2];
        ctx.fillStyle =
          how === CHANGE.added ? THEME.changed : how === CHANGE.conflict ? THEME.conflict : THEME.muted;
        ctx.fillRect(Math.round(x) - 1, y - 1, 3, Math.max(3, rowH - gap + 2));
      }
    // Row labels.
    ctx.fillStyle = THEME.panel;
    ctx.fillRect(0, AXIS_H, LABEL_W, VIEW_H - AXIS_H);
    if (rowH >= 10) {
      ctx.font = `11px ${getComputedStyle(canvas).fontFamily || 'sans-serif'}`;
      ctx.textBaseline = 'middle';
      for (let r = first; r < last; r++) {
        const y = AXIS_H + r * rowH - top + (rowH - gap) / 2;
        if (y < AXIS_H) continue;
        const name = t.rows.names[r];
        const kind = t.rows.kind[r];
        ctx.fillStyle = kind === 0 ? THEME.text : kind === 3 ? '#8fd0f5' : THEME.muted;
        ctx.fillText(`${name}${kind === 1 ? ' PF' : kind === 2 ? ' VF' : kind === 3 ? ' guest' : ''}`, 8, y);
      }
    } else {
      // Compact: a host marker per block, so the fleet's structure stays readable.
      ctx.font = `10px ${getComputedStyle(canvas).fontFamily || 'sans-serif'}`;
      ctx.textBaseline = 'top';
      let lastHost = -1;
      for (let r = first; r < last; r++) {
        const h = t.rows.kind[r] === 3 ? -2 : t.rows.host[r];
        if (h === lastHost) continue;
        lastHost = h;
        const y = AXIS_H + r * rowH - top;
        if (y < AXIS_H) continue;
        ctx.fillStyle = THEME.muted;
        ctx.fillText(h === -2 ? 'VMs (guest spaces)' : t.hostIds[h], 8, y);
        ctx.fillStyle = THEME.grid;
        ctx.fillRect(LABEL_W, y, trackW, 1);
      }
    }
    // Axis: the policy's bands and hex ticks.
    ctx.fillStyle = THEME.panel;
    ctx.fillRect(0, 0, width, AXIS_H);
    for (const b of plan.bands) {
      const a = Math.max(LABEL_W, zs(b.lo));
      const z = Math.min(width - PAD_R, zs(b.hi));
      if (z <= a) continue;
      ctx.fillStyle = THEME.bands[b.kind];
      ctx.fillRect(a, 2, z - a, 14);
      ctx.fillStyle = THEME.bandText[b.kind];
      ctx.fillRect(a, 14, z - a, 2);
      ctx.font = `600 10.5px ${getComputedStyle(canvas).fontFamily || 'sans-serif'}`;
      ctx.textBaseline = 'middle';
      const label =
        ctx.measureText(b.label).width < z - a - 8
          ? b.label
          : ctx.measureText(b.short).width < z - a - 8
            ? b.short
            : '';
      if (label)
        ctx.fillText(
          label,
          Math.max(
            a + 4,
            Math.min((a + z) / 2 - ctx.measureText(label).width / 2, z - 4 - ctx.measureText(label).width),
          ),
          9,
        );
    }
    ctx.font = `10px ${getComputedStyle(canvas).fontFamily || 'monospace'}`;
    ctx.textBaseline = 'top';
    ctx.fillStyle = THEME.muted;
    // Ticks: the plan's breaks (hex digits, band edges) first, then finer ones where the
    // zoom leaves room, down to one label per ID, centred on its cell.
    const taken: [number, number][] = [];
    const tick = (v: number, x: number, centred: boolean) => {
      if (x < LABEL_W - 0.5 || x > width - PAD_R + 0.5) return;
      const label = hex(v);
      const w = ctx.measureText(label).width;
      const a = Math.max(LABEL_W, Math.min(width - PAD_R - w, x - w / 2));
      if (taken.some(([u, z]) => a < z + 6 && a + w > u - 6)) return;
      if (!centred) ctx.fillRect(Math.round(x), 17, 1, 4);
      ctx.fillText(label, a, 21);
      taken.push([a, a + w]);
    };
    for (const v of plan.breaks) tick(v, zs(v), false);
    const visLo = Math.max(0, zs.invert(LABEL_W));
    const visHi = Math.min(plan.max, zs.invert(width - PAD_R));
    const pxPerId = (width - PAD_R - LABEL_W) / Math.max(1e-9, visHi - visLo);
    if (pxPerId >= 36) {
      for (let v = Math.floor(visLo); v < visHi; v++) tick(v, zs(v + 0.5), true);
    } else {
      const fine = scaleLinear().domain([visLo, visHi]).ticks(Math.max(2, Math.floor(trackW / 110)));
      for (const v of fine) if (Number.isInteger(v)) tick(v, zs(v), false);
    }
    // Cell edges where an ID is several pixels wide.
    if (pxPerId >= 6) {
      ctx.fillStyle = 'rgba(13,17,23,0.55)';
      const y0 = AXIS_H;
      for (let v = Math.ceil(visLo); v <= visHi; v++) {
        const x = Math.round(zs(v));
        if (x > LABEL_W && x < width - PAD_R) ctx.fillRect(x, y0, 1, VIEW_H - y0);
      }
    }
    ctx.fillStyle = THEME.muted;
    ctx.font = `600 10.5px ${getComputedStyle(canvas).fontFamily || 'sans-serif'}`;
    ctx.fillText(`${n.toLocaleString('en')} spaces`, 8, 4);
    ctx.fillStyle = THEME.faint;
    ctx.fillText(`after event ${cursor.toLocaleString('en')} · ${t.policy}`, 8, 19);
  }, [width, base, visible, trackW, plan, rowH, changes, t, n, cursor, key]);

  const drawRef = useRef(draw);
  useEffect(() => {
    drawRef.current = draw;
  }, [draw]);
  const schedule = useCallback(() => {
    if (!frameRef.current) frameRef.current = requestAnimationFrame(() => drawRef.current());
  }, []);

  /** Fetch the visible rows the cache lacks; one request at a time, the latest cursor wins. */
  const fetchVisible = useCallback(() => {
    const engine = workloadEngine();
    if (!engine || inflight.current) return;
    if (cacheRef.current.key !== key) {
      // Keep what is on screen until the new cursor's rows arrive.
      for (const [r, v] of cacheRef.current.rows) staleRef.current.set(r, v);
      cacheRef.current = { key, rows: new Map() };
    }
    const [first, last] = visible();
    const missing: number[] = [];
    for (let r = first; r < last; r++) if (!cacheRef.current.rows.has(r)) missing.push(r);
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
          cacheRef.current.rows.set(r, {
            ids,
            owners,
            runStarts: ownerRunStarts(owners),
            lo: t.rows.lo[r],
            hi: t.rows.hi[r],
          });
          staleRef.current.delete(r);
        }
        // Draw now rather than at the next frame: a seek shows as soon as its rows are here.
        if (frameRef.current) cancelAnimationFrame(frameRef.current);
        drawRef.current();
      })
      .catch(() => {
        // The engine went away (a new run replaced it); the next render asks the new one.
      })
      .finally(() => {
        inflight.current = false;
        // The cursor or the scroll may have moved on meanwhile.
        requestAnimationFrame(() => fetchRef.current());
      });
  }, [key, visible, t, cursor]);
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
    const c = createZoomController(
      canvas,
      { x0: LABEL_W, x1: LABEL_W + 100, height: VIEW_H, maxZoom: 2 },
      (tr) => {
        transformRef.current = tr;
        schedule();
      },
    );
    zoomRef.current = c;
    return () => {
      c.destroy();
      zoomRef.current = null;
    };
  }, [schedule]);
  useEffect(() => {
    zoomRef.current?.update({ x0: LABEL_W, x1: LABEL_W + trackW, height: VIEW_H, maxZoom });
  }, [trackW, maxZoom]);

  const onScroll = () => {
    schedule();
    fetchRef.current();
  };

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    const top = scrollRef.current?.scrollTop ?? 0;
    const row = Math.floor((y - AXIS_H + top) / rowH);
    if (x < LABEL_W || y < AXIS_H || row < 0 || row >= n) {
      setHover(null);
      return;
    }
    const zs = transformRef.current.rescaleX(base);
    setHover({ x, y, row, pasid: Math.max(0, Math.min(plan.max - 1, Math.floor(zs.invert(x)))) });
  };

  const hoverText = (() => {
    if (!hover) return null;
    const r = hover.row;
    const data = cacheRef.current.rows.get(r) ?? staleRef.current.get(r);
    const lo = t.rows.lo[r];
    const hi = t.rows.hi[r];
    const used = data ? data.ids.length : null;
    let who = 'free';
    if (hover.pasid < lo || hover.pasid >= hi) who = 'outside this space';
    else if (data) {
      const i = lowerBound(data.ids, hover.pasid);
      if (i < data.ids.length && data.ids[i] === hover.pasid) who = `used by a ${OWNER_NAME[data.owners[i]]}`;
    }
    return (
      <>
        <strong>{t.rows.names[r]}</strong> <span className="muted">({KIND_NAME[t.rows.kind[r]]})</span>
        <div>
          PASID <span className="mono">{hex(hover.pasid)}</span> ({hover.pasid}): {who}
        </div>
        {used !== null && (
          <div className="muted">
            {used.toLocaleString('en')} of {(hi - lo).toLocaleString('en')} used (
            {((100 * used) / Math.max(1, hi - lo)).toFixed(used && used < (hi - lo) / 1000 ? 3 : 1)}%)
          </div>
        )}
      </>
    );
  })();

  return (
    <section className="wl-card wl-map" aria-labelledby={`${id}-title`}>
      <div className="wl-card-head">
        <h3 id={`${id}-title`}>Range maps</h3>
        <span className="muted">
          {t.hostIds.length} hosts, {n.toLocaleString('en')} spaces (
          {SPACE_KINDS.map((k, i) => `${t.rows.kind.filter((x) => x === i).length} ${k}`).join(', ')})
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
            <i style={{ background: rgb(CELL_COLOUR.mixed) }} />
            several
          </span>
          <span title="cells the current event took (white), released (grey), or a refused migration collides on (red)">
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
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label={`Range maps of ${n} spaces after event ${cursor}, policy ${t.policy}: scroll for more rows, wheel over the track zooms`}
        aria-busy={pending}
      >
        <canvas
          ref={canvasRef}
          className="wl-map-canvas"
          style={{ width: '100%', height: VIEW_H }}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        />
        <div style={{ height: Math.max(0, AXIS_H + n * rowH - VIEW_H + 8) }} aria-hidden="true" />
        {hover && hoverText && (
          <div
            className="wl-tip"
            role="tooltip"
            style={{
              left: Math.min(hover.x + 14, width - 260),
              top: hover.y + 14 + (scrollRef.current?.scrollTop ?? 0),
            }}
          >
            {hoverText}
          </div>
        )}
      </div>
    </section>
  );
}
