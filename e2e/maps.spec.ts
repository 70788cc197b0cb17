/**
 * The maps at scale, against the built bundle: thousands of rows at device pixel ratio 2
 * (a scenario's and a workload's) still draw after scrolling to the bottom, on a canvas no
 * taller than the view; a long scenario's event strip renders only what is in view and
 * keeps the current chip. Screenshots go to test-results/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';

const SHOTS = 'test-results/screenshots';
let problems: string[] = [];

test.use({ deviceScaleFactor: 2, viewport: { width: 1280, height: 720 } });

test.beforeEach(async ({ page }) => {
  problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});

test.afterEach(() => {
  expect(problems).toEqual([]);
});

/** Paste a scenario onto the page (the same path as a user's paste). */
async function paste(page: Page, scenario: object) {
  await page.evaluate((text) => {
    const d = new DataTransfer();
    d.setData('text/plain', text);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: d, bubbles: true }));
  }, JSON.stringify(scenario));
}

/** How many pixels of a canvas's track (right of the label column) differ from the panel colour, and its size. */
function canvasStats(page: Page, selector: string, labelW: number) {
  return page.locator(selector).first().evaluate((el, labelW) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext('2d')!;
    const dpr = window.devicePixelRatio;
    const x0 = Math.round(labelW * dpr);
    const d = ctx.getImageData(x0, 0, c.width - x0, c.height).data;
    const bg = [0x13, 0x19, 0x22];
    let drawn = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 12) drawn++;
    return { drawn, total: d.length / 4, width: c.width, height: c.height, dpr, inner: window.innerHeight };
  }, labelW);
}

test('a scenario with 3,000 VMs draws its last rows at device pixel ratio 2', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('pasidscope');
  const vms = Array.from({ length: 3000 }, (_, i) => ({ id: `vm${i}`, host: 'A' }));
  await paste(page, {
    format: 'pasidscope/1',
    title: 'Three thousand guests',
    hosts: [{ id: 'A', policy: { kind: 'split' }, functions: [{ rid: '0000:01:00.0', kind: 'pf', swq: true }] }],
    vms,
    events: [
      { op: 'guest.alloc', vm: 'vm0', process: 'first' },
      { op: 'guest.alloc', vm: 'vm2999', process: 'last' },
    ],
  });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Three thousand guests');
  await page.keyboard.press('End');
  await expect(page.getByLabel('Caption')).toContainText('Step 2');
  const map = page.getByRole('application', { name: 'Range maps' });
  await expect(map).toHaveAccessibleDescription(/vm2999 guest: 0x1 last/);
  // 3,000 rows at 36 px and ratio 2 would need a canvas of 216,000 device px: the canvas is as tall as the view.
  const main = page.getByRole('main', { name: 'Range maps' });
  await main.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect
    .poll(async () => {
      const s = await canvasStats(page, '.map-canvas', 230);
      return s.height <= s.inner * s.dpr && s.drawn > s.total * 0.3;
    })
    .toBe(true);
  // The last row is there and answers the pointer.
  const box = (await map.boundingBox())!;
  let found = '';
  for (let y = box.y + box.height - 4; y > box.y + box.height - 160 && !found; y -= 6) {
    await page.mouse.move(box.x + 232 + 20, y);
    const tip = page.getByRole('tooltip');
    if ((await tip.count()) > 0 && /vm2999 guest space/.test(await tip.innerText())) found = await tip.innerText();
  }
  expect(found).toMatch(/0x1 · vm2999 guest space/);
  await page.screenshot({ path: `${SHOTS}/maps-3000-rows-bottom.png` });
});

test('a workload with over 3,000 spaces draws its last rows at device pixel ratio 2', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('pasidscope');
  await page.getByRole('button', { name: 'Workloads' }).click();
  await page.getByRole('textbox', { name: 'Events', exact: true }).fill('3000');
  await page.getByRole('textbox', { name: 'Hosts', exact: true }).fill('128');
  await page.getByRole('button', { name: 'Run workload' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Done:/ })).toBeVisible({ timeout: 90_000 });
  const region = page.getByRole('region', { name: /^Range maps of \d+ spaces after event 3000/ });
  const spaces = Number(/of (\d+) spaces/.exec((await region.getAttribute('aria-label')) ?? '')?.[1]);
  expect(spaces).toBeGreaterThanOrEqual(3000);
  await region.scrollIntoViewIfNeeded();
  await region.evaluate((el) => (el.scrollTop = el.scrollHeight));
  // Drawn in full for this cursor (every row in view has its IDs), and not blank.
  await expect.poll(() => page.locator('.wl-map-canvas').evaluate((c) => (c as HTMLCanvasElement).dataset.drawn), { timeout: 30_000 }).toMatch(/:3000$/);
  const s = await canvasStats(page, '.wl-map-canvas', 200);
  expect(s.height).toBeLessThanOrEqual(420 * s.dpr);
  expect(s.drawn).toBeGreaterThan(s.total * 0.3);
  // The last row is a VM's guest space, and the pointer says so.
  const box = (await region.boundingBox())!;
  await page.mouse.move(box.x + 400, box.y + box.height - 10);
  await expect(page.getByRole('tooltip')).toContainText('guest space');
  await region.screenshot({ path: `${SHOTS}/workload-3000-rows-bottom.png` });
});

test('a 5,000-event scenario renders only the chips in view; the current one is always there', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('pasidscope');
  const events = Array.from({ length: 5000 }, (_, i) => (i % 2 ? { op: 'guest.free', vm: 'vm1', process: 'p' } : { op: 'guest.alloc', vm: 'vm1', process: 'p' }));
  await paste(page, { format: 'pasidscope/1', title: 'Five thousand steps', hosts: [{ id: 'A', policy: { kind: 'split' }, functions: [] }], vms: [{ id: 'vm1', host: 'A' }], events });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Five thousand steps');
  const strip = page.getByRole('list', { name: 'Events' });
  const items = strip.getByRole('listitem');
  await expect(items.first()).toHaveAttribute('aria-setsize', '5000');
  expect(await items.count()).toBeLessThan(60);
  await page.keyboard.press('End');
  await expect(page.getByRole('button', { name: /^Event 5000: guest\.free/ })).toHaveAttribute('aria-current', 'step');
  expect(await items.count()).toBeLessThan(60);
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('button', { name: /^Event 4999: guest\.alloc/ })).toHaveAttribute('aria-current', 'step');
  // A focused chip stays in the page while the strip moves away from it; Enter on it seeks there.
  await page.getByRole('button', { name: /^Event 4998:/ }).focus();
  await page.keyboard.press('Home');
  await expect(page.getByLabel('Caption')).toContainText('Start');
  await expect(page.getByRole('button', { name: /^Event 4998:/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Caption')).toContainText('Step 4998');
  await page.screenshot({ path: `${SHOTS}/event-strip-5000.png` });
});

test('the tooltip under a still pointer follows a step: it describes the cell at the new step', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await page.getByRole('radio', { name: 'global' }).check();
  // Step 6: vm1's p1 holds guest PASID 0x1, not yet bound to the VF (step 7 binds it there).
  await page.locator('body').focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('Caption')).toContainText('Step 6');
  const map = page.getByRole('application', { name: 'Range maps' });
  const box = (await map.boundingBox())!;
  const tip = page.getByRole('tooltip');
  let before = '';
  for (let y = box.y + 4; y < box.y + box.height && !before; y += 8)
    for (let x = box.x + 240; x < box.x + box.width && !before; x += 24) {
      await page.mouse.move(x, y);
      const words = (await tip.count()) > 0 ? await tip.innerText() : '';
      if (/0x1\b.*vm1.*space/.test(words) && /held by/.test(words)) before = words;
    }
  expect(before).not.toContain('0000:3b:00.1');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('Caption')).toContainText('Step 7');
  await expect(tip).toContainText('0000:3b:00.1: 0x1');
  await expect(tip).toContainText(/0x1\b.*vm1 guest space/);
});
