/**
 * Hooks for `npm run bench` (bench/browser.bench.ts), installed only when the page is
 * opened with `?bench`: time the map redraw (the Workloads panel's own renderer), a seek
 * on the workload timeline, a scenario opening and its steps, with the page's own code. Loaded as a separate chunk, so the app does not carry it otherwise.
 */
import { zoomIdentity } from 'd3-zoom';
import { fillIds } from '../../core/fleet/fill.ts';
import { ownerRunStarts } from '../../core/view/range-aggregate.ts';
import { activeKeys, useAppStore } from '../../store/store.ts';
import { fleetMetrics, fleetPanel, type FleetRow } from '../maps/fleet-model.ts';
import { renderFleet } from '../maps/fleet-render.ts';
import { FrameBuffer } from '../maps/frame-buffer.ts';
import { layoutPanel } from '../maps/geometry.ts';
import type { RowData } from '../maps/map-row.ts';
import { CanvasPainter } from '../maps/painter.ts';
import { RowCache } from '../maps/row-cache.ts';

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
/** After the next paint: the frame's callbacks run, then it paints, then a posted task runs. */
const painted = () =>
  new Promise<void>((r) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => r();
      ch.port2.postMessage(0);
    }),
  );

async function until(test: () => boolean, timeoutMs = 30_000): Promise<void> {
  const t0 = performance.now();
  while (!test()) {
    if (performance.now() - t0 > timeoutMs) throw new Error('timed out');
    await frame();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export interface RedrawResult {
  level: number;
  live: number;
  /** a frame after every row's look changed: pixels repainted from the kept aggregates, then put */
  medianMs: number;
  maxMs: number;
  /** a frame at an unchanged zoom and data: the rows' kept pixels copied, then put */
  cachedMs: number;
  /** a frame after the zoom or the data changed: every row aggregated and painted */
  coldMs: number;
  /** rows painted per frame in the first measure (proves every row was repainted) */
  painted: number;
}

/**
 * 1,000 rows over the whole 2^20 space in a `width`-pixel track, 1 px per row, at several
 * fill levels, drawn by the Workloads panel's own renderer (maps/fleet-render.ts: axis,
 * labels, row painter, row cache, frame buffer) on a real canvas: a frame whose rows all
 * changed their look (pixels from kept aggregates), one where nothing changed (kept
 * pixels), and one after a zoom or new data (aggregates too).
 */
function redraw(rows = 1000, width = 1200, levels = [0.0001, 0.01, 0.6, 1], reps = 15): RedrawResult[] {
  const m = { ...fleetMetrics('compact'), rowH: 1, rowGap: 0 };
  const fleet = {
    policy: 'global',
    rows: {
      names: Array.from({ length: rows }, (_, r) => `h0/${r}`),
      kind: new Uint8Array(rows).fill(1),
      host: new Uint16Array(rows),
      lo: new Uint32Array(rows).fill(1),
      hi: new Uint32Array(rows).fill(1 << 20),
    },
    hostIds: ['h0'],
    hostPolicy: [{ kind: 'global' as const, localEnd: 4096, sharedEnd: 1 << 19 }],
    iommuBits: Uint8Array.of(20),
  };
  const geom = layoutPanel(fleetPanel(fleet), m.labelW + width + m.padR, m);
  const canvas = document.createElement('canvas');
  canvas.width = geom.width;
  canvas.height = geom.height;
  document.body.appendChild(canvas);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const out: RedrawResult[] = [];
  for (const level of levels) {
    // Eight distinct rows, repeated: a row's cost is per column, whatever it holds.
    const distinct: RowData[] = Array.from({ length: 8 }, (_, k) => {
      const ids = fillIds(1, 1 << 20, level, 'random', k + 1);
      const owners = new Uint8Array(ids.length);
      for (let i = 0; i < owners.length; i++) owners[i] = 1 + ((i >> 6) % 3);
      return { ids, owners, runStarts: ownerRunStarts(owners) };
    });
    const cache = new RowCache(256 << 20);
    const raster = { ctx, dpr: 1, cache, frame: new FrameBuffer() };
    const frame = () =>
      renderFleet(new CanvasPainter(ctx), geom, zoomIdentity, m, {
        view: { top: 0, bottom: geom.height },
        raster,
        data: (row) => distinct[(row as FleetRow).index % distinct.length],
        marks: [],
      });
    const time = (before: () => void) => {
      const times: number[] = [];
      for (let i = 0; i < reps + 2; i++) {
        before();
        const t0 = performance.now();
        frame();
        const dt = performance.now() - t0;
        if (i >= 2) times.push(dt);
      }
      return times;
    };
    const cold = time(() => cache.clear());
    const painted0 = cache.painted;
    const times = time(() => cache.dropPixels());
    const painted = (cache.painted - painted0) / (reps + 2);
    const cached = time(() => {});
    out.push({
      level,
      live: distinct[0].ids.length,
      medianMs: median(times),
      maxMs: Math.max(...times),
      cachedMs: median(cached),
      coldMs: median(cold),
      painted,
    });
  }
  canvas.remove();
  return out;
}

/** Seek the workload timeline to `cursor` and wait until the map has drawn that cursor's rows. */
async function seek(cursor: number): Promise<number> {
  const s = useAppStore.getState();
  const policy = s.wlTimeline?.policy;
  if (!policy) throw new Error('no workload result');
  const t0 = performance.now();
  s.seekWorkload(cursor);
  const want = `${policy}:${Math.max(0, Math.min(s.wlTimeline!.length, cursor))}`;
  await until(() => document.querySelector<HTMLCanvasElement>('.wl-map-canvas')?.dataset.drawn === want);
  return performance.now() - t0;
}

/** Whether the scenario view shows `cursor`: the store's cursor there and every shown run's frame fetched for it. */
function scenarioAt(cursor: number): boolean {
  const s = useAppStore.getState();
  const keys = activeKeys(s);
  return s.cursor === cursor && keys.every((k) => s.frames[k]?.cursor === cursor);
}

/** Resolve as soon as the store makes `test` true (checked on every change, not once a frame). */
function whenStore(test: () => boolean, timeoutMs: number): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('timed out'));
    }, timeoutMs);
    const stop = useAppStore.subscribe(() => {
      if (!test()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/** Wait until the scenario titled `title` is open with its first frame and the maps have painted it: ms since `t0` (performance.now()). */
async function scenarioOpened(title: string, t0: number): Promise<number> {
  await whenStore(() => useAppStore.getState().scenario?.title === title && scenarioAt(useAppStore.getState().cursor), 600_000);
  // The maps draw in the next animation frame; the posted task runs once it has painted.
  await painted();
  return performance.now() - t0;
}

/** Step the scenario view by `delta` and wait until its frames are in and painted: ms. */
async function scenarioStep(delta: number): Promise<number> {
  const s = useAppStore.getState();
  const want = Math.max(0, Math.min(s.scenario?.events ?? 0, s.cursor + delta));
  const t0 = performance.now();
  s.step(delta);
  await whenStore(() => scenarioAt(want), 30_000);
  await painted();
  return performance.now() - t0;
}

export function install(): void {
  (window as unknown as { __pasidscopeBench: unknown }).__pasidscopeBench = { redraw, seek, scenarioOpened, scenarioStep };
}
