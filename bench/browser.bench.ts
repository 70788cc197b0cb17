/**
 * The page's figures, measured in Chromium through Playwright against the built app
 * (vite build + vite preview), with the page's own code (src/ui/workload/bench-hooks.ts,
 * loaded with `?bench`):
 *
 * - long-task: the longest main-thread task (PerformanceObserver 'longtask') while the
 *   worker runs a 1M-event workload from the Workload panel, from the click on Run until
 *   the result is on screen.
 * - redraw: a frame of the Workloads panel's maps (its own renderer, maps/fleet-render.ts,
 *   on a canvas) with 1,000 rows over the whole 2^20 space whose look all changed: every
 *   row's pixels repainted from its kept aggregate, then put; worst of the fill levels
 *   tried. redraw-cached: the same frame when nothing changed (the kept pixels copied);
 *   redraw-aggregate: after a zoom or new data (every row aggregated, then painted).
 * - seek-page: a seek on that 1M-event timeline in the page, until the map has drawn the
 *   new cursor's rows (worker seek + rows transferred + paint), worst of 20.
 * - transfer: a 2^20-entry Uint32Array from a worker to the page, transferred; the
 *   baseline is 2^20 small objects sent by structured clone.
 *
 * Skipped with a note when there is no Chromium (PASIDSCOPE_CHROMIUM or /usr/bin/chromium).
 */
import { compare, median, register, type BenchResult } from './registry.ts';
import { Mulberry32 } from './prng.ts';
import { withPreview } from './preview.ts';

const PORT = 4191;

interface Hooks {
  redraw(): {
    level: number;
    live: number;
    medianMs: number;
    maxMs: number;
    cachedMs: number;
    coldMs: number;
    painted: number;
  }[];
  seek(cursor: number): Promise<number>;
}
declare const __pasidscopeBench: Hooks;

register('browser', async (ctx) => {
  const out = await withPreview(ctx, 'browser', PORT, async (browser, base) => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${base}/?bench`);
    await page.waitForFunction(() => '__pasidscopeBench' in window);
    const results: BenchResult[] = [];

    // transfer: the cost convention 8 is about.
    ctx.progress('browser: transfer');
    // Sent as source text: tsx would wrap the named inner functions in a helper the page lacks.
    const transfer = (await page.evaluate(`(async () => {
      const src = \`onmessage = (e) => {
        const n = e.data.n;
        let a, list;
        if (e.data.mode === 'typed') { a = new Uint32Array(n); for (let i = 0; i < n; i++) a[i] = i; list = [a.buffer]; }
        else { a = new Array(n); for (let i = 0; i < n; i++) a[i] = { pasid: i, owner: i & 7 }; list = []; }
        postMessage({ t: performance.timeOrigin + performance.now(), a }, list);
      };\`;
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      const once = (mode) => new Promise((resolve) => {
        w.onmessage = (e) => {
          const len = e.data.a.length;
          resolve(performance.timeOrigin + performance.now() - e.data.t + (len < 0 ? 1 : 0));
        };
        w.postMessage({ n: 1 << 20, mode });
      });
      const typed = [];
      const objects = [];
      for (let i = 0; i < 5; i++) typed.push(await once('typed'));
      for (let i = 0; i < 3; i++) objects.push(await once('objects'));
      w.terminate();
      const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      return { typed: med(typed), objects: med(objects) };
    })()`)) as { typed: number; objects: number };
    results.push(compare('transfer', 'ms', transfer.typed, transfer.objects));
    ctx.note(
      `transfer: 2^20 entries worker → page: a transferred Uint32Array ${transfer.typed.toFixed(1)} ms, 2^20 objects by structured clone ${transfer.objects.toFixed(0)} ms (medians).`,
    );

    // redraw: 1,000 rows × 2^20, at fill levels from nearly empty to full, through the real renderer.
    ctx.progress('browser: redraw');
    const redraw = await page.evaluate(() => __pasidscopeBench.redraw());
    const worst = Math.max(...redraw.map((r) => r.medianMs));
    results.push(compare('redraw', 'ms', worst, 8, 'ratio ≤ 1'));
    results.push(compare('redraw-cached', 'ms', Math.max(...redraw.map((r) => r.cachedMs)), null));
    results.push(compare('redraw-aggregate', 'ms', Math.max(...redraw.map((r) => r.coldMs)), null));
    const ms = (f: (r: (typeof redraw)[number]) => number) =>
      redraw.map((r) => `${r.live.toLocaleString('en')} live IDs/row ${f(r).toFixed(1)} ms`).join(', ');
    ctx.progress(`browser: redraw repainted ${redraw.map((r) => r.painted).join(', ')} rows a frame`);
    ctx.note(
      `redraw: a frame of the Workloads panel's maps (maps/fleet-render.ts on a canvas: axis, labels, row painter, row cache, one putImageData) with 1,000 rows × 2^20 in a 1,200-px track, every row's pixels repainted from its kept aggregate, median per fill level: ${ms((r) => r.medianMs)}. ` +
        `redraw-cached (nothing changed: the kept pixels copied): ${ms((r) => r.cachedMs)}. ` +
        `redraw-aggregate (after a zoom or new data: every row aggregated from its sorted IDs, a binary search per column, then painted): ${ms((r) => r.coldMs)} — it grows with log(live IDs); in the panel ~25 rows are in view, not 1,000.`,
    );

    // long-task: a 1M-event workload from the panel, the page observed throughout.
    ctx.progress('browser: long-task (a 1M-event workload in the worker)');
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    await page.getByRole('button', { name: 'Workloads' }).click();
    await page.getByRole('textbox', { name: 'Events', exact: true }).fill('1000000');
    await page.getByRole('textbox', { name: 'Hosts', exact: true }).fill('16');
    await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Run workload' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Done:/ })
      .waitFor({ timeout: 600_000 });
    await page.waitForFunction(
      () => document.querySelector<HTMLCanvasElement>('.wl-map-canvas')?.dataset.drawn?.endsWith(':1000000'),
      null,
      { timeout: 60_000 },
    );
    const runMs = Date.now() - t0;
    const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const longest = tasks.length ? Math.max(...tasks) : 0;
    results.push(compare('long-task', 'ms', longest, 50, 'ratio ≤ 1'));
    ctx.note(
      `long-task: 1,000,000 events × 4 policies over 16 hosts in the worker, ${(runMs / 1000).toFixed(1)} s from Run to the maps drawn; ` +
        `${tasks.length} main-thread task${tasks.length === 1 ? '' : 's'} over 50 ms (${tasks.map((d) => d.toFixed(0)).join(', ') || 'none'}).`,
    );

    // seek-page: scrub that timeline.
    ctx.progress('browser: seek-page');
    const rng = new Mulberry32(7);
    const seeks: number[] = [];
    for (let i = 0; i < 20; i++) {
      const c = rng.below(1_000_001);
      seeks.push(await page.evaluate((cursor) => __pasidscopeBench.seek(cursor), c));
    }
    results.push(compare('seek-page', 'ms (worst)', Math.max(...seeks), 50, 'ratio ≤ 1'));
    ctx.note(
      `seek-page: 20 seeded seeks on the 1M-event split timeline in the page, until the map shows the new cursor: median ${median(seeks).toFixed(1)} ms, worst ${Math.max(...seeks).toFixed(1)} ms (in order: ${seeks.map((x) => x.toFixed(0)).join(', ')}).`,
    );
    return results;
  });
  return out ?? [];
});
