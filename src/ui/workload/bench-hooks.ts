/**
 * Hooks for `npm run bench` (bench/browser.bench.ts), installed only when the page is
 * opened with `?bench`: time the map redraw and a seek on the workload timeline with the
 * page's own code. Loaded as a separate chunk, so the app does not carry it otherwise.
 */
import { scaleLinear } from 'd3-scale';
import { fillIds } from '../../core/fleet/fill.ts';
import { ownerRunStarts } from '../../core/view/range-aggregate.ts';
import { useAppStore } from '../../store/store.ts';
import { breakPixels, planAxis } from '../maps/bands.ts';
import { aggregateRow, columnEdges, paintTrack, type PaintItem, type PaintRow } from './map-paint.ts';

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

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
  /** a redraw: aggregates → pixels → putImageData */
  medianMs: number;
  maxMs: number;
  /** aggregating the 1,000 rows (what a zoom step or new data costs), once per redraw above */
  aggregateMs: number;
}

/**
 * 1,000 rows over the whole 2^20 space in a `width`-pixel track, 1 px per row, at several
 * fill levels: the redraw from per-pixel aggregates (what scrolling, resizing the rows or
 * a new mark costs) and, apart, computing those aggregates from the sorted IDs (what a
 * zoom step or a new cursor's data costs).
 */
function redraw(rows = 1000, width = 1200, levels = [0.0001, 0.01, 0.6, 1], reps = 15): RedrawResult[] {
  const plan = planAxis({ kind: 'global', localEnd: 4096, sharedEnd: 1 << 19 }, 20);
  const px = breakPixels(plan, width);
  const scale = scaleLinear().domain(plan.breaks).range(px);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = rows;
  document.body.appendChild(canvas);
  const ctx = canvas.getContext('2d')!;
  const out: RedrawResult[] = [];
  const edges = columnEdges((x) => scale.invert(x), 0, width, plan.max);
  for (const level of levels) {
    // Eight distinct rows, repeated: a row's cost is per column, whatever it holds.
    const distinct: PaintRow[] = Array.from({ length: 8 }, (_, k) => {
      const ids = fillIds(1, 1 << 20, level, 'random', k + 1);
      const owners = new Uint8Array(ids.length);
      for (let i = 0; i < owners.length; i++) owners[i] = 1 + ((i >> 6) % 3);
      return { ids, owners, runStarts: ownerRunStarts(owners), lo: 1, hi: 1 << 20 };
    });
    const all = Array.from({ length: rows }, (_, r) => distinct[r % distinct.length]);
    const ys = Int32Array.from({ length: rows }, (_, r) => r);
    const aggTimes: number[] = [];
    let items: PaintItem[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      items = all.map((row) => ({ row, agg: aggregateRow(row, edges) }));
      aggTimes.push(performance.now() - t0);
    }
    const times: number[] = [];
    for (let i = 0; i < reps + 2; i++) {
      const t0 = performance.now();
      const img = ctx.createImageData(width, rows);
      paintTrack(img, items, ys, 1, edges);
      ctx.putImageData(img, 0, 0);
      const dt = performance.now() - t0;
      if (i >= 2) times.push(dt);
    }
    out.push({
      level,
      live: distinct[0].ids.length,
      medianMs: median(times),
      maxMs: Math.max(...times),
      aggregateMs: median(aggTimes),
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

export function install(): void {
  (window as unknown as { __pasidscopeBench: unknown }).__pasidscopeBench = { redraw, seek };
}
