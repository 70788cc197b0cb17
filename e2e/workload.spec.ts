/**
 * The Workload panel against the built bundle: runs in the Web Worker with a moving
 * progress bar, cancel, a completed run with the four policies' statistics, maps and
 * timeline, exports, the in-page fallback and a worker that fails. Screenshots go to
 * test-results/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { shots } from './page-helpers.ts';

const SHOTS = 'test-results/screenshots';

let problems: string[] = [];
let expectConsoleErrors = false;

test.beforeEach(async ({ page }) => {
  problems = [];
  expectConsoleErrors = false;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});

test.afterEach(() => {
  if (!expectConsoleErrors) expect(problems).toEqual([]);
});

async function openWorkloads(page: Page, query = '') {
  await page.goto(`/${query}`);
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('pasidscope');
  await page.getByRole('button', { name: 'Workloads' }).click();
  await expect(page.getByRole('region', { name: 'Workloads' })).toBeVisible();
}

const field = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
const progress = (page: Page) => page.getByRole('progressbar', { name: 'Workload progress' });

async function setKnobs(page: Page, knobs: Record<string, string>) {
  for (const [name, value] of Object.entries(knobs)) await field(page, name).fill(value);
}

test('a workload runs in the worker with progress; one is cancelled, the next completes with the four policies side by side', async ({ page }) => {
  test.setTimeout(180_000);
  await openWorkloads(page);
  await setKnobs(page, { Events: '1000000', Hosts: '16' });
  await page.getByRole('button', { name: 'Run workload' }).click();

  // The progress bar moves, with a time estimate, and says where it runs.
  await expect(progress(page)).toBeVisible();
  await expect(page.getByText('in a Web Worker')).toBeVisible();
  await expect.poll(async () => Number(await progress(page).getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
  const first = Number(await progress(page).getAttribute('aria-valuenow'));
  await expect(progress(page)).toHaveAttribute('aria-valuetext', /left/);
  // The page answers clicks while the worker runs.
  await page.getByRole('radio', { name: 'Scenario + fill' }).check();
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toBeVisible();
  await page.getByRole('radio', { name: 'Generated workload' }).check();
  await expect(field(page, 'Events')).toHaveValue('1000000');
  await expect.poll(async () => Number(await progress(page).getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(first);
  await page.screenshot({ path: `${SHOTS}/workload-running.png` });

  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cancelled seed 1' })).toBeVisible();
  await expect(progress(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run workload' })).toBeEnabled();

  // The next one completes.
  await setKnobs(page, { Events: '60000', Hosts: '6', Seed: '7' });
  await page.getByRole('button', { name: 'Run workload' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Done: seed 7/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Workload seed 7: 6 hosts, 24 VMs, 60000 events' })).toBeVisible();

  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['statistic', 'global', 'local', 'split', 'linux']);
  const rate = table.getByRole('row', { name: /^migration success rate/ });
  await expect(rate.getByRole('cell')).toHaveCount(4);
  // The thread's point: global's migrations collide, split's go through.
  await expect(rate.getByRole('cell').nth(2)).toHaveText('100.0%');
  await expect(table.getByRole('row', { name: /^migration failures/ }).getByRole('cell').first()).toContainText('EBUSY');
  await expect(page.getByRole('img', { name: /^Migration success rate: global \d/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Failed events by code/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/workload-done.png`, fullPage: true });

  // Hover a bar: the plot says what it is.
  const plot = page.getByRole('img', { name: /^Migration success rate/ });
  await plot.scrollIntoViewIfNeeded();
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await expect(page.getByRole('tooltip')).toContainText(/migrations succeeded/);
});

test('the result scrubs: timeline, event details and maps follow the cursor; keys step', async ({ page }) => {
  await openWorkloads(page);
  await setKnobs(page, { Events: '20000', Hosts: '4', 'Fill level': '0.3', 'Filled hosts': '1' });
  await page.getByRole('combobox', { name: 'Maps and timeline' }).selectOption('global');
  await page.getByRole('button', { name: 'Run workload' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Done:/ })).toBeVisible({ timeout: 60_000 });

  const slider = page.getByRole('slider', { name: 'Workload timeline position' });
  await expect(slider).toHaveValue('20000');
  await slider.fill('10000');
  await expect(page.getByText('#9,999')).toBeVisible();
  await expect(page.getByRole('region', { name: /^Range maps of \d+ spaces after event 10000, policy global/ })).toBeVisible();
  await page.getByRole('button', { name: 'Next event' }).click();
  await expect(slider).toHaveValue('10001');
  await page.locator('body').press('ArrowLeft');
  await page.locator('body').press('ArrowLeft');
  await expect(slider).toHaveValue('9999');
  await page.locator('body').press('Home');
  await expect(slider).toHaveValue('0');
  await expect(page.getByRole('region', { name: 'Workload timeline' }).getByText(/Before the first event/)).toBeVisible();
  await page.getByRole('button', { name: 'Next failed migration' }).click();
  await expect(page.locator('.wl-event')).toContainText('migrate');
  await expect(page.locator('.wl-event .wl-chip').first()).toHaveText('EBUSY');
  await page.getByRole('region', { name: /^Range maps of/ }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/workload-maps-global.png` });

  // Another policy's maps and timeline, built on demand.
  await page.getByRole('radio', { name: 'linux' }).check();
  await expect(page.getByRole('region', { name: /policy linux/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Workload timeline' })).toContainText('20,000 events under linux');
  // The form's choice is the same one: it follows, and choosing there builds it too.
  const formPolicy = page.getByRole('combobox', { name: 'Maps and timeline' });
  await expect(formPolicy).toHaveValue('linux');
  await formPolicy.selectOption('local');
  await expect(page.getByRole('region', { name: /policy local/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('radio', { name: 'local' })).toBeChecked();
});

test('exports the statistics as CSV and JSON', async ({ page }) => {
  await openWorkloads(page);
  await setKnobs(page, { Events: '5000', Hosts: '3', Seed: '42' });
  await page.getByRole('button', { name: 'Run workload' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Done:/ })).toBeVisible({ timeout: 60_000 });

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(csv.suggestedFilename()).toBe('pasidscope-workload-seed42-5000ev.csv');
  const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(5);
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['global', 'local', 'split', 'linux']);

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const doc = JSON.parse(readFileSync((await json.path())!, 'utf8'));
  expect(doc.format).toBe('pasidscope-workload/1');
  expect(doc.params.seed).toBe(42);
  expect(doc.policies).toHaveLength(4);
  expect(doc.policies[0].spaces.names.length).toBeGreaterThan(0);
});

test('fills a scenario host: S1 with B half full', async ({ page }) => {
  await openWorkloads(page);
  await page.getByRole('radio', { name: 'Scenario + fill' }).check();
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption({ label: 'S1: SR-IOV VF live migration into a host whose PASIDs are busy' });
  await page.getByRole('group', { name: 'Hosts to fill' }).getByRole('checkbox', { name: 'B' }).check();
  await field(page, 'Fill level').fill('50%');
  await page.getByRole('combobox', { name: 'Fill pattern' }).selectOption('fragmented');
  await page.getByRole('button', { name: 'Run workload' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Done:/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/B to 50% \(fragmented\)/)).toBeVisible();
  const rate = page.getByRole('table').getByRole('row', { name: /^migration success rate/ });
  await expect(rate.getByRole('cell')).toHaveText(['0.0%', '100.0%', '100.0%', '100.0%']);
  await page.screenshot({ path: `${SHOTS}/workload-fill-s1.png`, fullPage: true });
});

test('a fill sweep shows migration success against the fill level, per policy', async ({ page }) => {
  await openWorkloads(page);
  // 16-bit spaces keep a full fill small (2^16 tenants per space).
  await setKnobs(page, { Events: '10000', Hosts: '4', 'IOMMU bits': '16', 'PF widths': '16', 'Filled hosts': '2', 'Fill levels': '0, 50%, 1' });
  await page.getByRole('button', { name: 'Sweep fill levels' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Done: .* at 3 fill levels/ })).toBeVisible({ timeout: 60_000 });
  const sweep = page.getByRole('region', { name: 'Migration success against fill level' });
  await expect(sweep.getByRole('row')).toHaveCount(4);
  await expect(sweep.getByRole('row', { name: /^fill 0%/ }).getByRole('cell').nth(2)).toHaveText(/^100\.0%/);
  // A full destination leaves split no hPASID for translated processes.
  await expect(sweep.getByRole('row', { name: /^fill 100%/ }).getByRole('cell').nth(2)).not.toHaveText(/^100\.0%/);
  const plot = sweep.getByRole('img', { name: /^Migration success rate against fill level/ });
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width - 30, box.y + box.height / 2);
  await expect(page.getByRole('tooltip')).toContainText('fill 100%');
  await page.screenshot({ path: `${SHOTS}/workload-sweep.png` });
  const [csv] = await Promise.all([page.waitForEvent('download'), sweep.getByRole('button', { name: 'Export sweep CSV' }).click()]);
  expect(readFileSync((await csv.path())!, 'utf8').trim().split('\n')).toHaveLength(1 + 3 * 4);
});

test('the fill sweep runs with its defaults and draws its points; a setting over the limit says why before it runs', async ({ page }) => {
  await openWorkloads(page);
  const button = page.getByRole('button', { name: 'Sweep fill levels' });
  await expect(button).toBeEnabled();
  await button.click();
  await expect(page.getByRole('status').filter({ hasText: /^Done: .* at 6 fill levels/ })).toBeVisible({ timeout: 30_000 });
  const sweep = page.getByRole('region', { name: 'Migration success against fill level' });
  await expect(sweep.getByRole('row')).toHaveCount(1 + 6);
  // A point per level and policy that attempted migrations: every one at these settings.
  await expect(sweep.locator('svg circle')).toHaveCount(6 * 4);
  await shots(page, 'workload-sweep-defaults');

  // Wide spaces on every host: the fill at 50% would be too big; the reason shows as it is typed.
  await setKnobs(page, { 'IOMMU bits': '20', 'PF widths': '20', 'Filled hosts': '' });
  await expect(button).toBeDisabled();
  const why = page.locator(`#${await button.getAttribute('aria-describedby')}`);
  await expect(why).toHaveText(/^at fill 50%: Fill level: filling 8 hosts to 50% places up to \d+ PASIDs; at most 4194304/);
  await expect(button).toHaveAccessibleDescription(/at fill 50%/);
  await field(page, 'Filled hosts').fill('1');
  await expect(button).toBeEnabled();
  await expect(why).toHaveCount(0);
  await field(page, 'Fill levels').fill('0, most');
  await expect(button).toBeDisabled();
  await expect(field(page, 'Fill levels')).toHaveAttribute('aria-invalid', 'true');
});

test('bad settings are named and nothing runs', async ({ page }) => {
  await openWorkloads(page);
  await setKnobs(page, { Events: 'lots', 'SIOV share': '2' });
  await page.getByRole('button', { name: 'Run workload' }).click();
  await expect(field(page, 'Events')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('"lots" is not a whole number', { exact: true })).toBeVisible();
  // The sweep says the same beside its button, before it is pressed.
  await expect(page.getByRole('button', { name: 'Sweep fill levels' })).toHaveAccessibleDescription('Events: "lots" is not a whole number');
  await expect(page.getByText(/Too big: expected number to be <=1/)).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Some settings need fixing');
  await expect(progress(page)).toHaveCount(0);
});

test('without workers the same run happens in the page', async ({ page }) => {
  await openWorkloads(page, '?engine=page');
  await setKnobs(page, { Events: '20000', Hosts: '3' });
  await page.getByRole('button', { name: 'Run workload' }).click();
  await expect(page.getByText('in the page (workers unavailable)').first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Done:/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('table').getByRole('columnheader')).toHaveCount(5);
});

test('a worker that fails is reported, not left hanging', async ({ page }) => {
  expectConsoleErrors = true;
  // The worker's script cannot load: the Worker fires "error".
  await page.route(/engine-worker.*\.js/, (route) => route.abort());
  await openWorkloads(page);
  await setKnobs(page, { Events: '2000', Hosts: '2' });
  await page.getByRole('button', { name: 'Run workload' }).click();
  await expect(page.getByRole('alert')).toContainText('The run failed: the engine worker stopped');
  await expect(page.getByRole('button', { name: 'Run workload' })).toBeEnabled();
  await page.screenshot({ path: `${SHOTS}/workload-worker-failed.png` });
  // The same run, in the page.
  await page.getByRole('button', { name: 'Run it in the page instead' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Done: .*in the page/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('table').getByRole('columnheader')).toHaveCount(5);
});
