/**
 * The single-file build (`npm run build:single` → dist-single/pasidscope.html) opened from
 * file:// with every network request refused, as on a laptop at a conference with no
 * Wi-Fi: stepping, compare, import, export, the Workloads panel in its worker (and in the
 * page when the worker cannot start), the embed view. Its Content-Security-Policy allows
 * its inline code by hashes only, and nothing it does may break that policy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

const SHOTS = 'test-results/screenshots';
const FILE = resolve('dist-single/pasidscope.html');
const FILE_URL = pathToFileURL(FILE).href;

let problems: string[] = [];
let requests: string[] = [];
let expectConsoleErrors = false;

const REPO_URL = pathToFileURL(resolve('.')).href + '/';
const DECK_URL = pathToFileURL(resolve('docs/examples/reveal-deck/index.html')).href;

/** Where a page may read from: files of this repository, and what it makes in memory. */
function local(url: string): boolean {
  return url.startsWith(REPO_URL) || url.startsWith('blob:') || url.startsWith('data:');
}

test.beforeAll(() => {
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run npm run build:single first (npm run test:e2e does)`);
});

test.beforeEach(async ({ page, context }) => {
  problems = [];
  requests = [];
  expectConsoleErrors = false;
  // No network: every request but for the repository's files is refused, and every one is recorded.
  await context.route('**', (route) => (local(route.request().url()) ? route.continue() : route.abort('internetdisconnected')));
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});

test.afterEach(async ({ page }) => {
  expect(requests.filter((u) => !local(u)), 'requests beyond the file').toEqual([]);
  if (!expectConsoleErrors) {
    expect(problems).toEqual([]);
    expect(await violations(page)).toEqual([]);
  }
});

function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

async function openFile(page: Page, query = '') {
  await page.goto(`${FILE_URL}${query}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
}

const caption = (page: Page) => page.getByLabel('Caption');

test('the file carries a policy of hashes, no unsafe-inline, and nothing external', async ({ page }) => {
  const html = readFileSync(FILE, 'utf8');
  expect(html.match(/http-equiv="Content-Security-Policy"/g)).toHaveLength(1);
  // The policy the browser reads, on a page that runs under it.
  await openFile(page);
  const policy = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  expect(policy).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
  expect(policy).toContain("worker-src blob:");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toMatch(/unsafe/);
  expect(html).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*rel="(stylesheet|modulepreload)"/);
  // The bundled scenarios are in it: the last one too.
  expect(html).toContain('S10: ');
});

test('offline from file://: S1 steps to its migration, under split and global, and compares', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFile(page);
  const forward = page.getByRole('button', { name: /^Step forward/ });
  for (let i = 0; i < 10; i++) await forward.click();
  await expect(caption(page)).toContainText('Step 10');
  await expect(caption(page)).toContainText('migrate');
  // As declared (split on both hosts): the migration succeeds and keeps the guest's PASIDs.
  const card = page.getByRole('group', { name: 'Migration of vm1 from A to B' });
  await expect(card).toContainText('migrated');
  await expect(card).toContainText('0x1');
  await page.screenshot({ path: `${SHOTS}/single-file-migration-1280.png` });
  // Under one global space it fails, with the conflicts named.
  await page.getByRole('radio', { name: 'global' }).check();
  await expect(card).toContainText('EBUSY');
  await expect(card.getByRole('list', { name: 'Conflicts' }).getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: 'Compare policies' }).click();
  await expect(page.getByRole('region', { name: 'Policy global' }).getByLabel('Outcome under global: EBUSY')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Policy split' }).getByLabel('Outcome under split: ok')).toBeVisible();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: `${SHOTS}/single-file-compare-1920.png` });
});

test('offline from file://: a pasted scenario opens and the frame exports as SVG', async ({ page }) => {
  await openFile(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import scenario' });
  const pasted = {
    format: 'pasidscope/1',
    title: 'Pasted offline',
    hosts: [{ id: 'A', policy: { kind: 'split' }, functions: [] }],
    vms: [{ id: 'vm1', host: 'A' }],
    events: [{ op: 'guest.alloc', vm: 'vm1', process: 'p', note: 'no network needed' }],
  };
  await dialog.getByLabel('Scenario JSON').fill(JSON.stringify(pasted));
  await dialog.getByRole('button', { name: 'Load pasted JSON' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pasted offline');
  // The page's keys are the dialog's while it is open.
  await expect(dialog).toBeHidden();
  await page.keyboard.press('ArrowRight');
  await expect(caption(page)).toContainText('no network needed');
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export frame as SVG' }).click()]);
  const text = await (await svg.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  expect(text.startsWith('<svg')).toBe(true);
  expect(text).toContain('Pasted offline');
});

async function runSmallWorkload(page: Page) {
  await page.getByRole('button', { name: 'Workloads' }).click();
  await expect(page.getByRole('region', { name: 'Workloads' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Events', exact: true }).fill('5000');
  await page.getByRole('textbox', { name: 'Hosts', exact: true }).fill('2');
  await page.getByRole('button', { name: 'Run workload' }).click();
}

test('offline from file://: the Workloads panel runs a small workload in its worker', async ({ page }) => {
  await openFile(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await runSmallWorkload(page);
  await expect(page.getByRole('status').filter({ hasText: /^Done: .*in a Web Worker/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('table').getByRole('columnheader')).toHaveCount(5);
  // The worker was started from the file's own inlined code.
  expect(workers.length).toBeGreaterThan(0);
  expect(workers.every((u) => u.startsWith('blob:'))).toBe(true);
});

test('offline from file://: when the worker cannot start, the workload runs in the page', async ({ page }) => {
  expectConsoleErrors = true;
  // No blob: URL for scripts: the inlined worker cannot start, and its data: fallback is refused by the policy.
  await page.addInitScript(() => {
    const make = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (o: Blob | MediaSource) => (o instanceof Blob && o.type.startsWith('text/javascript') ? '' : make(o));
  });
  await openFile(page);
  await runSmallWorkload(page);
  await expect(page.getByRole('alert')).toContainText('The run failed: the engine worker stopped');
  await page.getByRole('button', { name: 'Run it in the page instead' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Done: .*in the page/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('table').getByRole('columnheader')).toHaveCount(5);
  // The only things refused were workers from a data: URL (the scenario view's and the job's), and the policy said so.
  const refused = await violations(page);
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.every((v) => /^worker-src data/.test(v))).toBe(true);
  expect(problems.every((p) => /worker/i.test(p))).toBe(true);
});

test('offline from file://: the embed view opens at a step and policy', async ({ page }) => {
  await page.goto(`${FILE_URL}?embed&scenario=s1-vf-migration-busy-destination.json&step=10&policy=global`);
  await expect(page.getByLabel('Caption')).toContainText('migrate');
  await expect(page.getByLabel('Caption')).toContainText('EBUSY');
  await expect(page.getByRole('group', { name: 'Migration of vm1 from A to B' })).toContainText('EBUSY');
});

test('offline from file://: the reveal.js deck in docs/examples drives the embedded single file from its fragments', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${DECK_URL}#/2`);
  const line = page.locator('.deck-state');
  const view = page.frameLocator('iframe.pasidscope');
  await expect(line).toHaveText('step 0/10 · declared');
  for (const [text, caption] of [
    ['step 3/10 · declared · ok 0x1001', 'host.bind'],
    ['step 6/10 · declared · ok 0x3', 'guest.alloc'],
    ['step 9/10 · declared · ok 0x3', 'guest.bind'],
    ['step 10/10 · declared · ok', 'migrate'],
    ['step 10/10 · global · EBUSY', 'EBUSY'],
  ]) {
    await page.keyboard.press('ArrowRight');
    await expect(line).toHaveText(text);
    await expect(view.getByLabel('Caption')).toContainText(caption);
  }
  await page.keyboard.press('ArrowRight');
  await expect(line).toHaveText('step 10/10 · four policies · global EBUSY, local ok, split ok, linux ok');
  await expect(view.getByRole('region', { name: 'Policy split' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/deck-compare-1280.png` });
  // Back through the fragments: the embed follows.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(line).toHaveText('step 10/10 · declared · ok');
  await page.keyboard.press('ArrowLeft');
  await expect(line).toHaveText('step 9/10 · declared · ok 0x3');
});
