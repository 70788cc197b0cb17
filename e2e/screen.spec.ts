/**
 * The screen for a room and a review: exact zoom, migration drawn on the maps, the light
 * theme and fixed-size exports. Screenshots go to test-results/screenshots/screen-*.png.
 */
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';

const SHOTS = 'test-results/screenshots';
const S10 = 's10-three-tenants-one-dsa.json';

let problems: string[] = [];
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

function link(file: string, step: number, policy = 'declared', compare = false): string {
  return '#2:' + LZString.compressToEncodedURIComponent(JSON.stringify({ src: { b: file }, step, policy, ...(compare ? { compare: true } : {}) }));
}

async function open(page: Page, hash: string) {
  await page.goto(`/${hash}`);
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('pasidscope');
}

/** The tooltip's title at a point of the page ('' when there is none). */
async function tipAt(page: Page, x: number, y: number): Promise<string> {
  await page.mouse.move(x, y);
  // The tooltip renders on the next frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const tip = page.getByRole('tooltip');
  return (await tip.count()) > 0 ? await tip.locator('.tooltip-title').innerText() : '';
}

const pasidOf = (title: string) => {
  const m = /^0x([0-9a-f]+)/.exec(title);
  return m ? parseInt(m[1], 16) : -1;
};

/** The first x (whole CSS pixels) in [lo, hi] of a row where the PASID under the pointer is at least `p`. */
async function edgeOf(page: Page, y: number, p: number, lo: number, hi: number): Promise<number> {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (pasidOf(await tipAt(page, mid, y)) >= p) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

test('zoom is exact: after zooming over them in S10 at step 17, 0x1000 and 0x1003 are equally wide', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, link(S10, 17));
  await expect(page.getByLabel('Caption')).toContainText('Step 17');
  const map = page.getByRole('application', { name: /^Range maps/ });
  // The whole range (the map opens framed on the used PASIDs).
  await page.getByRole('button', { name: 'Reset zoom' }).click();
  const box = (await map.boundingBox())!;
  // vm3 allocates its own PASIDs, so 0x1000–0x1004 are free in its space: no cell snaps the pointer there.
  let y = -1;
  for (let yy = box.y + 40; yy < box.y + box.height && y < 0; yy += 6) if (/vm3 guest space/.test(await tipAt(page, box.x + box.width - 40, yy))) y = yy;
  expect(y).toBeGreaterThan(0);
  const x0 = box.x + 240;
  const x1 = box.x + box.width - 16;
  // The wheel over 0x1003: the zoom's centre is not on a breakpoint of the axis.
  const at = await edgeOf(page, y, 0x1003, x0, x1);
  expect(pasidOf(await tipAt(page, at + 1, y))).toBe(0x1003);
  await page.mouse.move(at + 1, y);
  for (let i = 0; i < 8; i++) {
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(40);
  }
  const e = [];
  for (const p of [0x1000, 0x1001, 0x1003, 0x1004]) e.push(await edgeOf(page, y, p, x0, x1));
  const w1000 = e[1] - e[0];
  const w1003 = e[3] - e[2];
  // Zoomed in: wider than before, and the same width within a pixel.
  expect(w1000).toBeGreaterThan(20);
  expect(Math.abs(w1000 - w1003)).toBeLessThanOrEqual(1);
  await page.screenshot({ path: `${SHOTS}/screen-s10-step17-zoomed-1280.png` });
});
