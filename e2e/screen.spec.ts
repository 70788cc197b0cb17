/**
 * The screen for a room and a review: exact zoom, migration drawn on the maps, the light
 * theme and fixed-size exports. Screenshots go to test-results/screenshots/screen-*.png.
 */
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { watchConsole } from './page-helpers.ts';

const SHOTS = 'test-results/screenshots';
const S10 = 's10-three-tenants-one-dsa.json';

watchConsole();

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

test('zoom to selection frames the selected process; + zooms about it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, link(S10, 17));
  const zoomTo = page.getByRole('button', { name: 'Zoom to selection' });
  await expect(zoomTo).toBeDisabled();
  const map = page.getByRole('application', { name: /^Range maps/ });
  const box = (await map.boundingBox())!;
  const x0 = box.x + 240;
  const x1 = box.x + box.width - 16;
  const mid = (x0 + x1) / 2;
  const rowY = async (re: RegExp) => {
    for (let y = box.y + 40; y < box.y + box.height; y += 6) if (re.test(await tipAt(page, x1 - 4, y))) return y;
    return -1;
  };
  const dsa = await rowY(/PASID table of 0000:6a:01\.0/);
  const vm2 = await rowY(/vm2 guest space/);
  expect(dsa).toBeGreaterThan(0);
  expect(vm2).toBeGreaterThan(0);
  // The host's own process holds one number, 0x1000: zoom to it, from the keyboard.
  await page.getByRole('button', { name: /^host A · hostsva/ }).click();
  await expect(zoomTo).toBeEnabled();
  await zoomTo.focus();
  await page.keyboard.press('Enter');
  expect(await tipAt(page, mid, dsa)).toMatch(/^0x1000 /);
  const w = (await edgeOf(page, vm2, 0x1001, x0, x1)) - (await edgeOf(page, vm2, 0x1000, x0, x1));
  expect(w).toBeGreaterThan(100);
  // From the whole range, + zooms about the selection: 0x1000 stays in the middle.
  await page.getByRole('button', { name: 'Reset zoom' }).click();
  expect(await tipAt(page, mid, dsa)).not.toMatch(/^0x1000 /);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  expect(await tipAt(page, mid, dsa)).toMatch(/^0x1000 /);
  // vm2 · web has gPASID 0x2 and hPASID 0x1003: both are in view after zooming to it.
  await page.getByRole('button', { name: /^vm2 · web/ }).click();
  await zoomTo.click();
  for (const [y, p] of [
    [dsa, 0x1003],
    [vm2, 0x2],
  ] as const) {
    const at = await edgeOf(page, y, p, x0, x1);
    expect(at).toBeLessThan(x1);
    expect(pasidOf(await tipAt(page, at + 1, y))).toBe(p);
  }
  await page.screenshot({ path: `${SHOTS}/screen-s10-zoom-to-selection-1280.png` });
});

const S1 = 's1-vf-migration-busy-destination.json';
const S2 = 's2-siov-swq-translation-migration.json';
const S11 = 's11-jason-allocation-group.json';

async function download(page: Page, name: string): Promise<{ file: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const bytes = await (await d.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
  return { file: d.suggestedFilename(), bytes };
}

/** A PNG's width and height, from its IHDR chunk. */
const pngSize = (b: Buffer) => ({ width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

test('a migration draws its kept and remapped PASIDs with marks of their own, and a refused one its clashes as ghosts', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  // S1 under split: vm1's PASIDs keep their numbers on B.
  await open(page, link(S1, 10, 'split'));
  await expect(page.getByRole('region', { name: 'Destination host B' })).toBeVisible();
  let svg = (await download(page, 'Export frame as SVG')).bytes.toString('utf8');
  expect(svg).toContain('>KEPT<');
  expect(svg).not.toContain('REMAPPED');
  await page.screenshot({ path: `${SHOTS}/screen-s1-step10-split-kept-1920.png` });
  // In presenter mode the card's KEPT chip reads from the back of the room.
  await page.getByRole('button', { name: 'Presenter' }).click();
  const chip = page.getByRole('group', { name: 'Migration of vm1 from A to B' }).locator('.mig-chip.kept');
  await expect(chip).toHaveText(/^kept 0x1 0x2 0x3$/);
  expect(await chip.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
  await page.screenshot({ path: `${SHOTS}/screen-s1-step10-split-kept-presenter-1920.png` });
  await page.keyboard.press('Escape');
  // S11 under local: a new hPASID on B, named on both sides.
  await open(page, link(S11, 12, 'local'));
  await expect(page.getByRole('region', { name: 'Destination host B' })).toBeVisible();
  const card = page.getByRole('group', { name: /^Migration of vm1/ });
  await expect(card).toContainText('remapped');
  svg = (await download(page, 'Export frame as SVG')).bytes.toString('utf8');
  expect(svg).toMatch(/REMAPPED → 0x[0-9a-f]+ on B/);
  expect(svg).toMatch(/REMAPPED was 0x[0-9a-f]+ on A|was 0x[0-9a-f]+ on A/);
  await page.screenshot({ path: `${SHOTS}/screen-s11-step12-local-remapped-1920.png` });
  // S1 under global: refused; the clash on B names its holder.
  await open(page, link(S1, 10, 'global'));
  svg = (await download(page, 'Export frame as SVG')).bytes.toString('utf8');
  expect(svg).toMatch(/EBUSY 0x[0-9a-f]+ held by host B · sva1/);
  await page.screenshot({ path: `${SHOTS}/screen-s1-step10-global-refused-1920.png` });
});

test('the light theme follows the system, switches from the top bar, stays out of links, and exports in it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await open(page, link(S2, 6));
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await expect.poll(bg).toBe('rgb(255, 255, 255)');
  const theme = page.getByRole('button', { name: /^Theme: / });
  await expect(theme).toHaveAccessibleName('Theme: system (light). Switch to light');
  const before = page.url();
  await theme.click(); // light
  await expect(theme).toHaveAccessibleName('Theme: light. Switch to dark');
  await theme.click(); // dark
  await expect.poll(bg).toBe('rgb(13, 17, 23)');
  expect(page.url()).toBe(before);
  await theme.click(); // system: light again
  await theme.click(); // light
  await expect.poll(bg).toBe('rgb(255, 255, 255)');
  expect(page.url()).toBe(before);
  // The choice is kept on this computer: a reload under a dark system stays light.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect.poll(bg).toBe('rgb(255, 255, 255)');
  // The export draws the maps on screen: wait for them after the reload.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S2:/);
  await expect(page.getByRole('application').first()).toBeVisible();
  const svg = (await download(page, 'Export frame as SVG')).bytes.toString('utf8');
  expect(svg).toContain('fill="#ffffff"');
  expect(svg).not.toContain('fill="#0d1117"');
});

/** The mean brightness (0–255) of the first map canvas's pixels: light theme maps are bright, dark ones dark. */
function canvasBrightness(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector('canvas');
    if (!c || !c.width || !c.height) return -1;
    // Read a copy, so the map's own canvas is never read back (the browser would warn).
    const copy = document.createElement('canvas');
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext('2d', { willReadFrequently: true });
    if (!ctx) return -1;
    ctx.drawImage(c, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += d[i] + d[i + 1] + d[i + 2];
    return sum / (3 * (d.length / 4));
  });
}

test('switching the theme live repaints the rows of a migration step in the new colours', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await open(page, link(S2, 6));
  await expect(page.getByRole('region', { name: /^Destination host/ })).toBeVisible();
  await expect.poll(() => canvasBrightness(page)).toBeGreaterThan(0);
  await page.waitForTimeout(300);
  const dark = await canvasBrightness(page);
  const theme = page.getByRole('button', { name: /^Theme: / });
  await theme.click(); // light, kept for the reload below
  await expect.poll(() => canvasBrightness(page)).toBeGreaterThan(dark + 100);
  await page.waitForTimeout(300);
  const live = await canvasBrightness(page);
  // A page drawn in the light theme from the start: the live switch must look the same.
  await page.reload();
  await expect(page.getByRole('region', { name: /^Destination host/ })).toBeVisible();
  await expect.poll(async () => Math.abs((await canvasBrightness(page)) - live)).toBeLessThan(2);
  await theme.click(); // dark again: the same pixels as at first
  await expect.poll(async () => Math.abs((await canvasBrightness(page)) - dark)).toBeLessThan(2);
});

test('exports at a fixed slide size: 1920×1080 and 1280×720, SVG and PNG', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, link(S1, 10));
  const size = page.getByRole('combobox', { name: 'Export size' });
  await size.selectOption('1920x1080');
  let png = await download(page, 'Export frame as PNG');
  expect(png.file).toBe('s1-vf-migration-busy-destination-step10-1920x1080.png');
  expect(pngSize(png.bytes)).toEqual({ width: 1920, height: 1080 });
  const svg = await download(page, 'Export frame as SVG');
  expect(svg.bytes.toString('utf8')).toMatch(/^<svg [^>]*width="1920" height="1080"/);
  await size.selectOption('1280x720');
  png = await download(page, 'Export frame as PNG');
  expect(pngSize(png.bytes)).toEqual({ width: 1280, height: 720 });
  await size.selectOption('screen');
  png = await download(page, 'Export frame as PNG');
  expect(png.file).toBe('s1-vf-migration-busy-destination-step10.png');
  expect(pngSize(png.bytes).width).not.toBe(1280);
});

test('the compare export carries each panel’s policy, outcome badge and migration summary', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page, link(S1, 10, 'declared', true));
  await expect(page.getByRole('region', { name: 'Policy global' }).getByLabel('Outcome under global: EBUSY')).toBeVisible();
  const svg = (await download(page, 'Export frame as SVG')).bytes.toString('utf8');
  for (const k of ['global', 'local', 'split', 'linux']) expect(svg).toContain(`>${k}</text>`);
  expect(svg).toMatch(/>EBUSY[^<]*<\/text>/);
  expect(svg).toContain('kept 0x1 0x2 0x3');
  expect(svg).toMatch(/EBUSY 0x1 held by host B · sva1/);
});

for (const [w, h] of [
  [1280, 720],
  [1920, 1080],
] as const)
  for (const scheme of ['dark', 'light'] as const)
    test(`screenshots at ${w}×${h}, ${scheme}: S1 step 10, S2, S10 step 17, S11 step 12, compare`, async ({ page }) => {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      const shots: [string, string][] = [
        ['s1-step10', link(S1, 10)],
        ['s2-step6', link(S2, 6)],
        ['s10-step17', link(S10, 17)],
        ['s11-step12-local', link(S11, 12, 'local')],
        ['compare-s1-step10', link(S1, 10, 'declared', true)],
      ];
      for (const [name, hash] of shots) {
        await open(page, hash);
        await expect(page.getByRole('application').first()).toBeVisible();
        await page.screenshot({ path: `${SHOTS}/screen-${name}-${scheme}-${w}.png` });
      }
    });
