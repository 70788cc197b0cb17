/**
 * The page at scale, in Chromium against the built app (bench/preview.ts), with the
 * page's own hooks (`?bench`, src/ui/workload/bench-hooks.ts):
 *
 * - import-200k: a 200,000-event scenario file (a seeded workload written as a
 *   `pasidscope/1` file) chosen in the import dialog, until the scenario is open with the
 *   frame of its first step fetched and two animation frames painted, ms.
 * - import-longest-task: the longest main-thread task (PerformanceObserver 'longtask')
 *   in that time, ms.
 * - step-200k: single steps (what → does) through the start of that scenario, each until
 *   the frames of the new step are in and painted; worst of 30, ms.
 * - long-task-dpr1, long-task-dpr2: the longest main-thread task of the Workloads panel
 *   flow as a user does it, observed from page load: open the panel, run the default
 *   workload, wait for its maps, scrub the result ten times — at device pixel ratio 1 and 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorkload, scenarioFile } from '../src/core/fleet/workload.ts';
import { compare, median, register, type BenchResult } from './registry.ts';
import { Mulberry32 } from './prng.ts';
import { withPreview } from './preview.ts';

const PORT = 4192;
const EVENTS = 200_000;
const STEPS = 30;

interface Hooks {
  scenarioOpened(title: string, t0: number): Promise<number>;
  scenarioStep(delta: number): Promise<number>;
  seek(cursor: number): Promise<number>;
}
declare const __pasidscopeBench: Hooks;
interface Watch {
  __longTasks: { start: number; duration: number }[];
  __t0?: number;
}

/** Installed before the page's own scripts: every long task from load on, and when a file is chosen. */
function watchLongTasks() {
  const w = window as unknown as Watch;
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('change', () => (w.__t0 = performance.now()), true);
}

register('page-scale', async (ctx) => {
  const out = await withPreview(ctx, 'page-scale', PORT, async (browser, base) => {
    const results: BenchResult[] = [];
    ctx.progress(`page-scale: writing a ${EVENTS.toLocaleString('en')}-event scenario file`);
    const w = generateWorkload({ seed: 20210510, events: EVENTS, hosts: 8 });
    const dir = mkdtempSync(join(tmpdir(), 'pasidscope-bench-'));
    const file = join(dir, 'large-200k.json');
    const text = JSON.stringify(scenarioFile(w.scenario));
    writeFileSync(file, text);

    // import-200k, import-longest-task, step-200k
    {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.addInitScript(watchLongTasks);
      await page.goto(`${base}/?bench`);
      await page.waitForFunction(() => '__pasidscopeBench' in window);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Import…' }).click();
      ctx.progress('page-scale: import-200k');
      await page.getByRole('dialog', { name: 'Import scenario' }).getByLabel('Scenario file').setInputFiles(file);
      const opened = await page.evaluate((title) => {
        const t0 = (window as unknown as Watch).__t0 ?? performance.now();
        return __pasidscopeBench.scenarioOpened(title, t0).then((ms) => ({ ms, t0 }));
      }, w.scenario.title);
      const tasks = await page.evaluate((t0) => (window as unknown as Watch).__longTasks.filter((x) => x.start >= t0), opened.t0);
      const longest = tasks.length ? Math.max(...tasks.map((x) => x.duration)) : 0;
      results.push(compare('import-200k', 'ms', opened.ms, 2000, 'ratio ≤ 1'), compare('import-longest-task', 'ms', longest, 50, 'ratio ≤ 1'));
      ctx.note(
        `import-200k: a ${(text.length / 1048576).toFixed(1)} MiB file of ${EVENTS.toLocaleString('en')} events over 8 hosts opened from the import dialog in ${(opened.ms / 1000).toFixed(2)} s until its first frame was painted; ` +
          `${tasks.length} main-thread task${tasks.length === 1 ? '' : 's'} over 50 ms meanwhile (${tasks.map((x) => x.duration.toFixed(0)).join(', ') || 'none'}).`,
      );
      ctx.progress('page-scale: step-200k');
      const steps: number[] = [];
      for (let i = 0; i < STEPS; i++) steps.push(await page.evaluate(() => __pasidscopeBench.scenarioStep(1)));
      results.push(compare('step-200k', 'ms (worst)', Math.max(...steps), 16, 'ratio ≤ 1'));
      ctx.note(`step-200k: ${STEPS} single steps from the start of that scenario, until the new step's frames were in and painted: median ${median(steps).toFixed(1)} ms, worst ${Math.max(...steps).toFixed(1)} ms.`);
      await page.close();
    }

    // long-task at device pixel ratio 1 and 2, the Workloads flow from load.
    for (const dpr of [1, 2]) {
      ctx.progress(`page-scale: long-task at device pixel ratio ${dpr}`);
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: dpr });
      const page = await context.newPage();
      await page.addInitScript(watchLongTasks);
      const t0 = Date.now();
      await page.goto(`${base}/?bench`);
      await page.waitForFunction(() => '__pasidscopeBench' in window);
      await page.getByRole('button', { name: 'Workloads' }).click();
      await page.getByRole('button', { name: 'Run workload' }).click();
      await page.getByRole('status').filter({ hasText: /^Done:/ }).waitFor({ timeout: 600_000 });
      // The result's maps drawn: the canvas names the policy and cursor it shows.
      const drawn = await page.waitForFunction(() => document.querySelector<HTMLCanvasElement>('.wl-map-canvas')?.dataset.drawn || null, null, { timeout: 60_000 });
      const length = Number(String(await drawn.jsonValue()).split(':')[1] ?? 0);
      const rng = new Mulberry32(dpr);
      const seeks: number[] = [];
      for (let i = 0; i < 10; i++) {
        const c = rng.below(length + 1);
        seeks.push(await page.evaluate((cursor) => __pasidscopeBench.seek(cursor), c));
      }
      const flowMs = Date.now() - t0;
      const tasks = await page.evaluate(() => (window as unknown as Watch).__longTasks.map((x) => x.duration));
      const longest = tasks.length ? Math.max(...tasks) : 0;
      results.push(compare(`long-task-dpr${dpr}`, 'ms', longest, 50, 'ratio ≤ 1'));
      ctx.note(
        `long-task-dpr${dpr}: page load, the Workloads panel, Run with its defaults (${length.toLocaleString('en')} events), the result drawn, 10 seeded seeks (worst ${Math.max(...seeks).toFixed(0)} ms) at device pixel ratio ${dpr}, ${(flowMs / 1000).toFixed(1)} s in all; ` +
          `${tasks.length} main-thread task${tasks.length === 1 ? '' : 's'} over 50 ms (${tasks.map((d) => d.toFixed(0)).join(', ') || 'none'}).`,
      );
      await context.close();
    }
    return results;
  });
  return out ?? [];
});
