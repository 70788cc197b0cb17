/**
 * A remapped PASID's line across the migration's two panels: S2 at step 6 under split
 * moves vm1's `app` from hPASID 0x1000 on A to 0x1001 on B. Each end of the line is
 * checked against the map under it (the tooltip names the cell the pointer is over),
 * side by side, zoomed and stacked; then the text list, the export, presenter mode and
 * the light theme. Screenshots go to test-results/screenshots/migration-lines-*.png.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { shots, SHOTS, watchConsole } from './page-helpers.ts';

watchConsole();

const S2 = 's2-siov-swq-translation-migration.json';
const link = (policy: string) => '#2:' + LZString.compressToEncodedURIComponent(JSON.stringify({ src: { b: S2 }, step: 6, policy }));

async function open(page: Page) {
  await page.goto(`/${link('split')}`);
  await expect(page.getByRole('region', { name: 'Destination host B' })).toBeVisible();
  await expect(line(page)).toHaveCount(1);
}

const line = (page: Page): Locator => page.locator('svg.migration-lines g.migration-line');

/** Two frames: the panels draw on the next one, the overlay follows. */
const frames = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** The line's ends in page coordinates, and which edge each was clamped to ('' when in view). */
async function ends(page: Page) {
  await frames(page);
  const box = (await page.locator('svg.migration-lines').boundingBox())!;
  const g = line(page);
  const num = async (n: string) => Number(await g.getAttribute(n));
  return {
    a: { x: box.x + (await num('data-ax')), y: box.y + (await num('data-ay')), off: await g.getAttribute('data-a-off') },
    b: { x: box.x + (await num('data-bx')), y: box.y + (await num('data-by')), off: await g.getAttribute('data-b-off') },
  };
}

/** The tooltip's title at a point of the page ('' when there is none). */
async function tipAt(page: Page, x: number, y: number): Promise<string> {
  await page.mouse.move(x, y);
  await frames(page);
  const tip = page.getByRole('tooltip');
  return (await tip.count()) > 0 ? await tip.locator('.tooltip-title').innerText() : '';
}

/** Which map is at a point: the canvas's accessible name. */
const mapAt = (page: Page, x: number, y: number) =>
  page.evaluate(([px, py]) => (document.elementFromPoint(px, py) as HTMLElement | null)?.getAttribute('aria-label') ?? '', [x, y] as const);

/** Just inside each end (the source end is at its cell's right or bottom edge, the destination's at its left or top). */
async function expectOverCells(page: Page, stacked: boolean) {
  const { a, b } = await ends(page);
  expect([a.off, b.off]).toEqual(['', '']);
  const ax = stacked ? a.x : a.x - 3;
  const ay = stacked ? a.y - 3 : a.y;
  const bx = stacked ? b.x : b.x + 3;
  const by = stacked ? b.y + 3 : b.y;
  expect(await mapAt(page, ax, ay)).toMatch(/^Source host A/);
  expect(await tipAt(page, ax, ay)).toMatch(/^0x1000 /);
  expect(await mapAt(page, bx, by)).toMatch(/^Destination host B/);
  expect(await tipAt(page, bx, by)).toMatch(/^0x1001 /);
  return { a, b };
}

test('the remap line starts on 0x1000 on A and ends on 0x1001 on B, and follows the zoom', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await open(page);
  await expect(page.locator('svg.migration-lines')).toHaveAttribute('data-stacked', 'false');
  await expect(page.locator('.migration-line-label text')).toHaveText(['0x1000', '→ 0x1001']);
  const before = await expectOverCells(page, false);
  // Zoom the source in about the old cell: the start moves with its cell and is still on it.
  await page.mouse.move(before.a.x - 6, before.a.y + 8);
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -200);
  await expect.poll(async () => Math.abs((await ends(page)).a.x - before.a.x)).toBeGreaterThan(2);
  await expectOverCells(page, false);
  // Zoomed far in at the left end of the track, 0x1000 is off the map to the right: the end says so at the edge.
  await page.getByRole('button', { name: 'Reset zoom (host A)' }).click();
  const map = page.getByRole('application', { name: /^Source host A/ });
  const mb = (await map.boundingBox())!;
  await page.mouse.move(mb.x + 170, mb.y + mb.height / 2);
  for (let i = 0; i < 12; i++) await page.mouse.wheel(0, -400);
  await expect.poll(async () => (await ends(page)).a.off).toBe('right');
  await expect(line(page).locator('.migration-line-off')).toHaveCount(1);
  // On the track's right edge, not past it and not over the cell of another PASID.
  const edge = await ends(page);
  expect(await mapAt(page, edge.a.x - 2, edge.a.y)).toMatch(/^Source host A/);
  expect(await mapAt(page, edge.a.x + 20, edge.a.y)).not.toMatch(/^Source host A/);
  await page.screenshot({ path: `${SHOTS}/migration-lines-zoomed-off-1600.png` });
  await page.getByRole('button', { name: 'Reset zoom (host A)' }).click();
  await expect.poll(async () => (await ends(page)).a.off).toBe('');
  // A narrower window: the panels are laid out again and the line with them.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(async () => (await ends(page)).b.x).toBeLessThan(1280 - 300);
  await expectOverCells(page, false);
});

test('scrolled so that the old cell is above the view, the line starts at the top of what the source panel shows', async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 640 });
  await open(page);
  await expect(page.locator('svg.migration-lines')).toHaveAttribute('data-stacked', 'true');
  const main = page.locator('.main');
  const top = (await main.boundingBox())!.y;
  const before = await ends(page);
  await main.evaluate((el, dy) => (el.scrollTop += dy), before.a.y - top + 60);
  await expect.poll(async () => (await ends(page)).a.off).toBe('top');
  const { a } = await ends(page);
  // At the edge of the source panel's rows in view: inside the scroller, on the source map.
  expect(a.y).toBeGreaterThanOrEqual(top - 1);
  expect(await mapAt(page, a.x, a.y + 4)).toMatch(/^Source host A/);
  await page.screenshot({ path: `${SHOTS}/migration-lines-scrolled-1000.png` });
  // Back at the top: as before (in a window this short the old cell may be below the view).
  await main.evaluate((el) => (el.scrollTop = 0));
  await expect.poll(async () => (await ends(page)).a).toEqual(before.a);
});

test('on a narrow screen the panels stack and the line goes down from A to B', async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 1400 });
  await open(page);
  await expect(page.locator('svg.migration-lines')).toHaveAttribute('data-stacked', 'true');
  const { a, b } = await expectOverCells(page, true);
  expect(b.y).toBeGreaterThan(a.y);
  await expect(page.locator('.migration-line-label text')).toHaveText(['0x1000 → 0x1001']);
  await page.screenshot({ path: `${SHOTS}/migration-lines-stacked-1000.png` });
});

test('the remaps are a list for screen readers and in the exported SVG', async ({ page }) => {
  await open(page);
  const list = page.getByRole('list', { name: 'Remapped PASIDs, old → new hPASID' });
  await expect(list.getByRole('listitem')).toHaveText(['gPASID 0x1 (app): hPASID 0x1000 on A → 0x1001 on B']);
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export frame as SVG' }).click()]);
  const svg = Buffer.concat(await (await d.createReadStream()).toArray()).toString('utf8');
  expect(svg).toContain('>0x1000<');
  expect(svg).toContain('>→ 0x1001<');
  // The curve itself: a path in the remap colour.
  expect(svg).toMatch(/<path d="M[\d.]+,[\d.]+ C[^"]+" fill="none" stroke="#F0E442" stroke-width="2"/);
});

/** Contrast of an element's text on the first opaque background under it. */
async function contrastOf(el: Locator): Promise<number> {
  return el.evaluate((node) => {
    const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    let bg = [0, 0, 0];
    for (let p: Element | null = node; p; p = p.parentElement) {
      const c = rgb(getComputedStyle(p).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) {
        bg = c.slice(0, 3);
        break;
      }
    }
    const a = lum(rgb(getComputedStyle(node).color));
    const b = lum(bg);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}

test('in presenter mode the REMAPPED chip and the line labels read from the back; both themes; screenshots', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page);
  await shots(page, 'migration-lines-dark');
  await page.getByRole('button', { name: 'Presenter' }).click();
  const chip = page.getByRole('group', { name: 'Migration of vm1 from A to B' }).locator('.mig-chip.remapped');
  await expect(chip).toContainText('0x1: 0x1000 → 0x1001');
  expect(await chip.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
  expect(await contrastOf(chip)).toBeGreaterThanOrEqual(4.5);
  const label = page.locator('.migration-line-label text');
  await expect(label).toHaveText(['0x1000', '→ 0x1001']);
  expect(await label.first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
  await expectOverCells(page, false);
  await shots(page, 'migration-lines-dark-presenter');
  // The light theme: the line in its own remap colour, the chip still readable. (Opened
  // afresh: switched live on a migrate step, the maps' row pixels stay dark until redrawn.)
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(line(page)).toHaveCount(1);
  if ((await page.locator('.app.presenter').count()) === 0) await page.getByRole('button', { name: 'Presenter' }).click();
  await expect(page.locator('.app.presenter')).toHaveCount(1);
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
  await expect(line(page).locator('path').nth(1)).toHaveAttribute('stroke', '#2668d4');
  expect(await contrastOf(chip)).toBeGreaterThanOrEqual(4.5);
  await shots(page, 'migration-lines-light-presenter');
  await page.getByRole('button', { name: 'Presenter' }).click();
  await expectOverCells(page, false);
  await shots(page, 'migration-lines-light');
  await page.screenshot({ path: `${SHOTS}/migration-lines-light-1600.png` });
});
