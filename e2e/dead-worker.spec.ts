/**
 * A worker that dies mid-run is reported with its reason and the job can run again: an
 * uncaught error inside the worker (its "error" event), and a worker that hangs (no
 * progress for the stall bound, brought on with Playwright's clock).
 */
import { shots, SHOTS, watchConsole } from './page-helpers.ts';
import { expect, test, type Page, type Worker } from '@playwright/test';

const consoleWatch = watchConsole();
async function openWorkloads(page: Page) {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('pasidscope');
  await page.getByRole('button', { name: 'Workloads' }).click();
  await expect(page.getByRole('region', { name: 'Workloads' })).toBeVisible();
}

const field = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
const progress = (page: Page) => page.getByRole('progressbar', { name: 'Workload progress' });

/** Start a run big enough to be caught mid-way; resolves with its worker once it reports progress. */
async function startRun(page: Page): Promise<Worker> {
  await field(page, 'Events').fill('300000');
  await field(page, 'Hosts').fill('4');
  const worker = page.waitForEvent('worker', (w) => w.url().includes('engine-worker'));
  await page.getByRole('button', { name: 'Run workload' }).click();
  await expect
    .poll(async () => Number(await progress(page).getAttribute('aria-valuenow')), { timeout: 30_000 })
    .toBeGreaterThan(0);
  return worker;
}

test('a worker that throws mid-run is reported with its reason, and the run goes again in a new worker', async ({
  page,
}) => {
  // The worker's uncaught error may reach the console: the only problem allowed.
  consoleWatch.allow((p) => p.includes('out of cheese'));
  await openWorkloads(page);
  const w = await startRun(page);
  // An error that no call catches: the worker fires "error" at the page.
  await w.evaluate(() => {
    setTimeout(() => {
      throw new Error('engine bug: out of cheese');
    }, 0);
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The run failed: the engine worker stopped:');
  await expect(alert).toContainText('engine bug: out of cheese');
  await expect(progress(page)).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/dead-worker-error.png` });
  // The same run again, in a fresh worker.
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Done: .*in a Web Worker/ })).toBeVisible({
    timeout: 60_000,
  });
});

test('a worker that hangs mid-run is taken for dead after the stall bound, and the run goes again in the page', async ({
  page,
}) => {
  await page.clock.install();
  await openWorkloads(page);
  const w = await startRun(page);
  // An endless loop: the worker never reports again.
  await w.evaluate(() => {
    setTimeout(() => {
      for (;;) {
        // spin
      }
    }, 0);
  });
  // While it is quiet the status says so instead of an old time left.
  await page.clock.fastForward(6000);
  await expect(page.getByRole('status').filter({ hasText: /no word from the engine for/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/dead-worker-quiet.png` });
  await page.clock.fastForward(60_000);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    'The run failed: the engine worker stopped: it stopped answering: no progress for 60 s',
  );
  await shots(page, 'dead-worker-stalled');
  await page.getByRole('button', { name: 'Run it in the page instead' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Done: .*in the page/ })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByRole('table').getByRole('columnheader')).toHaveCount(5);
});
