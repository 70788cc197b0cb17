/**
 * The embed view (`?embed`, docs/embedding.md) in an iframe of a host page, as a slide deck
 * would use it: the host drives it with postMessage (next, prev, seek, policy, compare)
 * and reads its state back; a page at an origin that is not allowed is ignored; bad
 * parameters are explained; the served policy lets the embed, and only the embed, be
 * framed by other origins. The host page is an e2e fixture (e2e/fixtures/embed-host.html)
 * that the preview server serves at /__e2e/ (scripts/vite-plugin-e2e-fixtures.ts), at two
 * origins: 127.0.0.1 and localhost. It never ships in a build.
 */
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';

const SHOTS = 'test-results/screenshots';
const PORT = Number(process.env.PASIDSCOPE_E2E_PORT) || 4173;
const APP = `http://127.0.0.1:${PORT}`;
const OTHER = `http://localhost:${PORT}`;
const S1 = 's1-vf-migration-busy-destination.json';

interface State {
  ready: boolean;
  error: string | null;
  scenario: string | null;
  step: number;
  length: number;
  policy: string;
  compare: boolean;
  outcome: { op: string; ok: boolean; code?: string; chip: string } | null;
  outcomes: Record<string, { ok: boolean; code?: string; chip: string } | null> | null;
  debug: { refused: number; malformed: number };
}

let problems: string[] = [];
let expectConsoleErrors = false;

test.beforeEach(async ({ page }) => {
  problems = [];
  expectConsoleErrors = false;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // Every frame reports its policy violations to the test.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
});

test.afterEach(() => {
  if (!expectConsoleErrors) expect(problems).toEqual([]);
});

/** Open the host page at `origin` with the embed at `src` in a frame of w×h. */
async function host(page: Page, src: string, origin = APP, w = 960, h = 540) {
  await page.goto(`${origin}/__e2e/embed-host.html?w=${w}&h=${h}&src=${encodeURIComponent(src)}`);
  return page.frameLocator('#view');
}

const send = (page: Page, message: unknown) => page.evaluate((m) => (window as unknown as { send(m: unknown): void }).send(m), message);
const received = (page: Page) => page.evaluate(() => (window as unknown as { received: { origin: string; data: State }[] }).received);
const lastState = (page: Page) => page.evaluate(() => (window as unknown as { lastState(): State | null }).lastState());

test('a host page drives the embed by messages and reads its state back', async ({ page }) => {
  await page.setViewportSize({ width: 1040, height: 620 });
  const view = await host(page, `/?embed&scenario=${S1}`);
  // Same origin, no allow list: the default accepts it, and the first state comes unasked.
  await expect.poll(() => lastState(page).then((s) => s?.ready)).toBe(true);
  expect(await lastState(page)).toMatchObject({ scenario: S1, step: 0, length: 10, policy: 'declared', compare: false, outcome: null });
  await expect(view.getByRole('button', { name: 'Compare policies' })).toHaveCount(0); // no chrome
  await expect(view.getByRole('group', { name: 'Timeline' })).toHaveCount(0);

  await send(page, { pasidscope: 1, command: 'next' });
  await expect.poll(() => lastState(page).then((s) => s?.step)).toBe(1);
  expect((await lastState(page))?.outcome).toMatchObject({ op: 'assign', ok: true, chip: 'ok' });
  await expect(view.getByLabel('Caption')).toContainText('assign');

  await send(page, { pasidscope: 1, command: 'seek', step: 10 });
  await expect.poll(() => lastState(page).then((s) => s?.step)).toBe(10);
  expect((await lastState(page))?.outcome).toMatchObject({ op: 'migrate', ok: true });
  await send(page, { pasidscope: 1, command: 'policy', policy: 'global' });
  await expect.poll(() => lastState(page).then((s) => s?.policy)).toBe('global');
  expect((await lastState(page))?.outcome).toMatchObject({ op: 'migrate', ok: false, code: 'EBUSY', chip: 'EBUSY' });
  await expect(view.getByRole('group', { name: 'Migration of vm1 from A to B' })).toContainText('EBUSY');
  await expect(view.getByLabel('Caption')).toContainText('10/10 · global');
  await page.locator('#view').screenshot({ path: `${SHOTS}/embed-960x540-global-migration.png` });

  await send(page, { pasidscope: 1, command: 'compare', on: true });
  await expect.poll(() => lastState(page).then((s) => s?.compare)).toBe(true);
  const s = await lastState(page);
  expect(s?.outcomes?.global).toMatchObject({ ok: false, code: 'EBUSY' });
  expect(s?.outcomes?.split).toMatchObject({ ok: true });
  await expect(view.getByRole('region', { name: 'Policy global' }).getByLabel('Outcome under global: EBUSY')).toBeVisible();
  await expect(view.getByRole('region', { name: 'Policy split' }).getByLabel('Outcome under split: ok')).toBeVisible();
  await page.locator('#view').screenshot({ path: `${SHOTS}/embed-960x540-compare.png` });

  await send(page, { pasidscope: 1, command: 'compare', on: false });
  await send(page, { pasidscope: 1, command: 'prev' });
  await expect.poll(() => lastState(page).then((s) => s?.step)).toBe(9);
  expect(await lastState(page)).toMatchObject({ compare: false, outcome: { op: 'guest.bind', ok: true } });
  // Every message came from the embed's origin, which is the host's here.
  expect(new Set((await received(page)).map((r) => r.origin))).toEqual(new Set([APP]));
});

test('the embed fits a 640×360 frame', async ({ page }) => {
  await page.setViewportSize({ width: 720, height: 440 });
  const view = await host(page, `/?embed&scenario=${S1}&step=10&policy=global`, APP, 640, 360);
  await expect(view.getByRole('group', { name: 'Migration of vm1 from A to B' })).toContainText('EBUSY');
  // The caption line is inside the frame, not pushed out by the maps.
  const box = await page.locator('#view').boundingBox();
  const cap = await view.getByLabel('Caption').boundingBox();
  expect(cap && box && cap.y + cap.height <= box.y + box.height + 0.5).toBe(true);
  await page.locator('#view').screenshot({ path: `${SHOTS}/embed-640x360-global-migration.png` });
  await send(page, { pasidscope: 1, command: 'compare', on: true });
  await expect(view.getByRole('region', { name: 'Policy linux' }).getByLabel('Outcome under linux: ok')).toBeVisible();
  // All four panels are inside the frame.
  for (const k of ['global', 'local', 'split', 'linux']) {
    const r = await view.getByRole('region', { name: `Policy ${k}` }).boundingBox();
    expect(r && box && r.y + r.height <= box.y + box.height + 0.5 && r.x + r.width <= box.x + box.width + 0.5, `panel ${k} inside the frame`).toBe(true);
  }
  await page.locator('#view').screenshot({ path: `${SHOTS}/embed-640x360-compare.png` });
});

test('a page at an origin that is not allowed is ignored; the allow parameter lets one in', async ({ page }) => {
  // The host is at localhost; the embed (at 127.0.0.1) allows only a talks site.
  const view = await host(page, `${APP}/?embed&scenario=${S1}&allow=https://talks.example.org`, OTHER);
  await expect(view.getByLabel('Caption')).toContainText('Before the first event');
  await send(page, { pasidscope: 1, command: 'next' });
  await send(page, { pasidscope: 1, command: 'seek', step: 10 });
  await send(page, { pasidscope: 1, command: 'state' });
  await expect(view.locator('.embed')).toHaveAttribute('data-refused', '3');
  await expect(view.getByLabel('Caption')).toContainText('0/10');
  expect(await received(page)).toEqual([]);

  // The same host, allowed by name: its commands are obeyed and answered.
  const allowed = await host(page, `${APP}/?embed&scenario=${S1}&allow=${OTHER}`, OTHER);
  await expect(allowed.getByLabel('Caption')).toContainText('0/10');
  await send(page, { pasidscope: 1, command: 'seek', step: 4 });
  await expect.poll(() => lastState(page).then((s) => s?.step)).toBe(4);
  expect(new Set((await received(page)).map((r) => r.origin))).toEqual(new Set([APP]));
});

test('malformed messages are ignored silently and counted', async ({ page }) => {
  const view = await host(page, `/?embed&scenario=${S1}`);
  await expect.poll(() => lastState(page).then((s) => s?.ready)).toBe(true);
  const before = (await received(page)).length;
  for (const bad of ['next', { command: 'next' }, { pasidscope: 1, command: 'jump' }, { pasidscope: 1, command: 'seek', step: 1.5 }, { pasidscope: 1, command: 'policy', policy: 'constructor' }])
    await send(page, bad);
  await expect(view.locator('.embed')).toHaveAttribute('data-malformed', '5');
  await expect(view.getByLabel('Caption')).toContainText('0/10');
  // Silently: the only state sent since says how many were ignored.
  await send(page, { pasidscope: 1, command: 'state' });
  await expect.poll(() => lastState(page).then((s) => s?.debug.malformed)).toBe(5);
  const after = (await received(page)).slice(before);
  expect(after.every((r) => r.data.step === 0)).toBe(true);
});

test('a share link opens in the embed, and the query overrides its step', async ({ page }) => {
  const payload = { src: { b: S1 }, step: 3, policy: 'global', compare: true };
  const hash = `#2:${LZString.compressToEncodedURIComponent(JSON.stringify(payload))}`;
  const view = await host(page, `/?embed&step=10${hash}`);
  await expect.poll(() => lastState(page).then((s) => s?.step)).toBe(10);
  expect(await lastState(page)).toMatchObject({ policy: 'global', compare: true, scenario: S1 });
  await expect(view.getByRole('region', { name: 'Policy global' })).toBeVisible();
});

test('bad parameters are explained in the frame and in the state', async ({ page }) => {
  const view = await host(page, `/?embed&scenario=${S1}&step=ten&policy=best`);
  const alert = view.getByRole('alert');
  await expect(alert).toContainText('This embedded view cannot be shown');
  await expect(alert).toContainText('step: a whole number of 0 or more');
  await expect(alert).toContainText('policy: one of declared, global, local, split, linux');
  await send(page, { pasidscope: 1, command: 'state' });
  await expect.poll(() => lastState(page).then((s) => s?.error)).toMatch(/^step: .*; policy: /);
  expect((await lastState(page))?.ready).toBe(false);
  const unknown = await host(page, '/?embed&scenario=s99-nothing.json');
  await expect(unknown.getByRole('alert')).toContainText('no bundled scenario “s99-nothing.json”');
});

test('the served policy: the embed may be framed by another origin, the full app may not', async ({ page, request }) => {
  const embedHeader = (await request.get(`${APP}/?embed`)).headers()['content-security-policy'];
  const appHeader = (await request.get(`${APP}/`)).headers()['content-security-policy'];
  expect(embedHeader).toContain('frame-ancestors \'self\' https: http://localhost:*');
  expect(appHeader).toContain("frame-ancestors 'self'");
  for (const h of [embedHeader, appHeader]) {
    expect(h).toContain("script-src 'self'");
    expect(h).toContain("worker-src 'self' blob:");
    expect(h).toContain("object-src 'none'");
    expect(h).toContain("base-uri 'none'");
    expect(h).not.toMatch(/unsafe/);
  }
  expectConsoleErrors = true;
  const view = await host(page, `${APP}/`, OTHER);
  await expect.poll(() => problems.some((p) => /frame-ancestors/.test(p))).toBe(true);
  await expect(view.getByRole('heading', { level: 1 })).toHaveCount(0);
});
