/**
 * Presenter mode on a 1280×720 beamer and a 1920×1080 projector: the maps fill the
 * screen with the caption over them, type never under 14 px (the page's and the
 * canvas's), a clicker's keys step and blank, a reload stays presenting; the compare
 * views fit one screen, four panels or an A/B pair. Screenshots: test-results/screenshots/presenter-*.png.
 */
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { SHOTS, watchConsole } from './page-helpers.ts';

watchConsole();

const S1 = 's1-vf-migration-busy-destination.json';
const S2 = 's2-siov-swq-translation-migration.json';
const S4 = 's4-mixed-passthrough-swq-and-adi.json';
const SIZES = [
  [1280, 720],
  [1920, 1080],
] as const;

interface LinkView {
  policy?: string;
  compare?: boolean;
  ab?: [string, string];
  pr?: boolean;
}

function link(file: string, step: number, v: LinkView = {}): string {
  const payload = { src: { b: file }, step, policy: v.policy ?? 'declared', ...(v.compare ? { compare: true } : {}), ...(v.ab ? { ab: v.ab } : {}), ...(v.pr ? { pr: true } : {}) };
  return '#3:' + LZString.compressToEncodedURIComponent(JSON.stringify(payload));
}

/** Every canvas font the page sets from now on, in px (the renderer's labels). */
async function recordCanvasFonts(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __fonts: number[] };
    w.__fonts = [];
    const desc = Object.getOwnPropertyDescriptor(CanvasRenderingContext2D.prototype, 'font')!;
    Object.defineProperty(CanvasRenderingContext2D.prototype, 'font', {
      get: desc.get,
      set(v: string) {
        const m = /([\d.]+)px/.exec(v);
        if (m) w.__fonts.push(Number(m[1]));
        desc.set!.call(this, v);
      },
    });
  });
}

const canvasFonts = (page: Page) => page.evaluate(() => (window as unknown as { __fonts: number[] }).__fonts.splice(0));

async function open(page: Page, hash: string) {
  await page.goto(`/${hash}`);
  await expect(page.locator('.map-canvas').first()).toBeVisible();
}

const caption = (page: Page) => page.locator('.presenter-caption');
const stepText = (page: Page) => caption(page).locator('.caption-step');

/** The smallest computed font size of any visible element that holds text of its own. */
function smallestText(page: Page): Promise<{ px: number; what: string }> {
  return page.evaluate(() => {
    let best = { px: Infinity, what: '' };
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (!own || el.closest('.sr-only')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > innerHeight) continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (px < best.px) best = { px, what: `${el.tagName}.${el.className}: ${el.textContent!.trim().slice(0, 40)}` };
    }
    return best;
  });
}

for (const [w, h] of SIZES) {
  test(`presenter mode at ${w}×${h}: only the maps and the caption, big type, every row of S1's migration on screen`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await recordCanvasFonts(page);
    await open(page, link(S1, 10, { policy: 'split' }));
    await expect(page.locator('.top-bar')).toBeVisible();
    const deskFont = await page.locator('.caption').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await canvasFonts(page);
    await page.keyboard.press('p');
    await expect(caption(page)).toBeVisible();
    await expect(stepText(page)).toHaveText(/Step 10/);
    await expect(page.locator('.top-bar')).toHaveCount(0);
    await expect(page.getByRole('complementary')).toHaveCount(0);
    await expect(page.getByRole('group', { name: 'Timeline' })).toHaveCount(0);

    // Type: 1.6× the desk's, and nothing on the page under 14 px.
    const presenterFont = await page.locator('.caption').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(presenterFont).toBeGreaterThanOrEqual(deskFont * 1.6);
    const smallest = await smallestText(page);
    expect(smallest.px, smallest.what).toBeGreaterThanOrEqual(14);
    // And on the canvas: the frames drawn in presenter mode set no font under 14 px.
    const fonts: number[] = [];
    await expect.poll(async () => fonts.push(...(await canvasFonts(page)))).toBeGreaterThan(20);
    expect(Math.min(...fonts)).toBeGreaterThanOrEqual(14);

    // The maps fill most of the screen; both sides' panels end above the caption: every row, the guest's too, is in view.
    await expect(page.getByRole('region', { name: 'Destination host B' })).toBeVisible();
    const fit = await page.evaluate(() => {
      const rects = [...document.querySelectorAll('.map-canvas')].map((c) => c.getBoundingClientRect());
      const top = Math.min(...rects.map((r) => r.top));
      const bottom = Math.max(...rects.map((r) => r.bottom));
      const left = Math.min(...rects.map((r) => r.left));
      const right = Math.max(...rects.map((r) => r.right));
      const panels = [...document.querySelectorAll<HTMLElement>('.map-panel')].map((p) => ({ bottom: p.getBoundingClientRect().bottom, panel: p.offsetHeight, canvas: p.querySelector('canvas')!.offsetHeight }));
      return { share: ((right - left) * (bottom - top)) / (innerWidth * innerHeight), panels, captionTop: document.querySelector('.presenter-caption')!.getBoundingClientRect().top };
    });
    expect(fit.share).toBeGreaterThan(0.6);
    expect(fit.panels).toHaveLength(2);
    for (const p of fit.panels) {
      expect(p.canvas).toBe(p.panel);
      expect(p.bottom).toBeLessThanOrEqual(fit.captionTop + 1);
    }
    // The caption's text is light on its own opaque ground, whatever the maps' colours under it.
    const ground = await caption(page).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(ground).toMatch(/^rgb\(/);
    await page.screenshot({ path: `${SHOTS}/presenter-s1-migration-split-${w}x${h}.png` });
  });
}

test('S1 at its migration step under each policy: both sides end above the caption at 1280×720', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  for (const policy of ['global', 'local', 'split', 'linux']) {
    await open(page, link(S1, 10, { policy, pr: true }));
    await expect(page.getByRole('region', { name: 'Destination host B' })).toBeVisible();
    await expect(page.locator('.map-panel')).toHaveCount(2);
    const worst = await page.evaluate(() => {
      const top = document.querySelector('.presenter-caption')!.getBoundingClientRect().top;
      return Math.max(...[...document.querySelectorAll('.map-panel')].map((p) => p.getBoundingClientRect().bottom - top));
    });
    expect(worst, policy).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `${SHOTS}/presenter-s1-migration-${policy}-1280x720.png` });
  }
});

test('clicker keys step, blank and unblank; Esc leaves presenter mode', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, link(S1, 5));
  await page.keyboard.press('p');
  await expect(stepText(page)).toHaveText(/Step 5/);
  for (const [key, step] of [
    ['PageDown', 6],
    ['ArrowRight', 7],
    [' ', 8],
    ['PageUp', 7],
    ['ArrowLeft', 6],
  ] as const) {
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    await expect(stepText(page)).toHaveText(new RegExp(`Step ${step}\\b`));
  }
  const blank = page.getByRole('img', { name: /Screen blanked/ });
  for (const [on, off] of [
    ['.', '.'],
    ['b', 'B'],
    ['B', '.'],
  ]) {
    await page.keyboard.press(on);
    await expect(blank).toBeVisible();
    // The black screen covers the whole window.
    const box = await blank.boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
    // Stepping waits until the screen is shown again.
    await page.keyboard.press('PageDown');
    await page.keyboard.press(off);
    await expect(blank).toHaveCount(0);
    await expect(stepText(page)).toHaveText(/Step 6\b/);
  }
  await page.keyboard.press('Escape');
  await expect(page.locator('.top-bar')).toBeVisible();
  await expect(caption(page)).toHaveCount(0);
});

test('the corner button leaves presenter mode for a mouse user; the keyboard reaches it too', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, link(S2, 3, { pr: true }));
  const leave = page.getByRole('button', { name: 'Leave presenter' });
  const corner = page.locator('.presenter-corner');
  await expect(corner).toHaveCSS('opacity', '0');
  await page.mouse.move(600, 300);
  await page.mouse.move(640, 320);
  await expect(corner).toHaveCSS('opacity', '1');
  await page.screenshot({ path: `${SHOTS}/presenter-s2-corner-1280x720.png` });
  await leave.click();
  await expect(page.locator('.top-bar')).toBeVisible();
  // The top bar's button enters it again; Tab finds the way out without a mouse.
  await page.getByRole('button', { name: 'Presenter' }).click();
  await expect(caption(page)).toBeVisible();
  await page.keyboard.press('Tab');
  for (let i = 0; i < 40 && !(await leave.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(leave).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.top-bar')).toBeVisible();
});

test('a reload stays in presenter mode, says how to get fullscreen, and F toggles it', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page, link(S4, 3));
  await page.keyboard.press('p');
  await expect(caption(page)).toBeVisible();
  await expect(page).toHaveURL(/#3:/);
  await page.reload();
  await expect(caption(page)).toBeVisible();
  await expect(stepText(page)).toHaveText(/Step 3/);
  await expect(page.locator('.top-bar')).toHaveCount(0);
  // No user gesture yet, so no fullscreen: the window is filled and the hint says F.
  expect(await page.evaluate(() => document.fullscreenElement === null)).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: 'press F for fullscreen' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/presenter-s4-after-reload-1920x1080.png` });
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(false);
  // Leaving fullscreen with F keeps presenting.
  await expect(caption(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('.top-bar')).toBeVisible();
});

test('without the Fullscreen API (a frame that may not) presenter mode fills the window and offers no F', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Document.prototype, 'fullscreenEnabled', { get: () => false });
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, link(S1, 10, { policy: 'global' }));
  await page.keyboard.press('p');
  await expect(caption(page)).toBeVisible();
  const app = await page.locator('.app').boundingBox();
  expect(app).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
  await expect(page.getByText('press F for fullscreen')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Fullscreen' })).toHaveCount(0);
});

for (const [w, h] of SIZES)
  for (const presenter of [false, true])
    test(`compare fits one ${w}×${h} screen${presenter ? ' in presenter mode' : ''}: four panels and their headers in view, no page scroll`, async ({ page }) => {
      await page.setViewportSize({ width: w, height: h });
      await open(page, link(S1, 10, { compare: true, pr: presenter }));
      const panels = page.locator('.compare-panel');
      await expect(panels).toHaveCount(4);
      for (const kind of ['global', 'local', 'split', 'linux']) {
        const panel = page.getByRole('region', { name: `Policy ${kind}` });
        await expect(panel.getByRole('heading', { name: kind })).toBeInViewport({ ratio: 1 });
        await expect(panel.getByLabel(new RegExp(`^Outcome under ${kind}`))).toBeInViewport({ ratio: 1 });
        await expect(panel.getByRole('group', { name: 'Migration of vm1 from A to B' })).toBeInViewport({ ratio: 1 });
        const box = (await panel.boundingBox())!;
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height).toBeLessThanOrEqual(h);
      }
      expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight)).toBe(true);
      await page.screenshot({ path: `${SHOTS}/presenter-compare${presenter ? '-presenter' : ''}-${w}x${h}.png` });
    });

test('A/B: two chosen policies side by side from the top bar, kept in the link, with the ≠ marks where they differ', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, link(S1, 10));
  // From the keyboard: the select takes the choice and compare mode comes on.
  await page.getByRole('combobox', { name: 'Policies compared' }).focus();
  await page.getByRole('combobox', { name: 'Policies compared' }).selectOption('global:split');
  const panels = page.locator('.compare-panel');
  await expect(panels).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Policy global' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Policy split' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Compare policies' })).toHaveAttribute('aria-pressed', 'true');
  // S1's migration: EBUSY under global, migrated under split — the strip marks it.
  await expect(page.getByRole('region', { name: 'Policy global' }).getByLabel(/^Outcome under global/)).toHaveText(/EBUSY/);
  const current = page.locator('.event-strip li').filter({ hasText: 'migrate' }).last();
  await expect(current.locator('.differ')).toHaveCount(1);
  expect(await page.locator('.event-strip .differ').count()).toBeGreaterThan(0);
  expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight)).toBe(true);
  await page.screenshot({ path: `${SHOTS}/presenter-ab-global-split-1280x720.png` });
  // A pair that agrees everywhere has no marks: local and linux keep S1's guest range alike.
  await page.getByRole('combobox', { name: 'Policies compared' }).selectOption('local:linux');
  await expect(panels).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Policy linux' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Policies compared' }).selectOption('global:split');
  await expect(page.getByRole('region', { name: 'Policy split' })).toBeVisible();
  // The link keeps the pair.
  await page.reload();
  await expect(panels).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Policy global' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Policy split' })).toBeVisible();
  // And the four again.
  await page.getByRole('combobox', { name: 'Policies compared' }).selectOption('all');
  await expect(panels).toHaveCount(4);
});

test('the embed view takes the same clicker keys', async ({ page }) => {
  await page.setViewportSize({ width: 960, height: 540 });
  await page.goto(`/?embed&scenario=${S1}&step=3`);
  const step = page.locator('.embed-step [aria-hidden]');
  await expect(step).toHaveText(/^3\/10/);
  await page.keyboard.press('PageDown');
  await expect(step).toHaveText(/^4\/10/);
  await page.keyboard.press('Space');
  await expect(step).toHaveText(/^5\/10/);
  await page.keyboard.press('PageUp');
  await expect(step).toHaveText(/^4\/10/);
  await page.keyboard.press('.');
  await expect(page.getByRole('img', { name: /Screen blanked/ })).toBeVisible();
  await page.keyboard.press('b');
  await expect(page.getByRole('img', { name: /Screen blanked/ })).toHaveCount(0);
});

for (const [file, name] of [
  [S2, 's2'],
  [S4, 's4'],
] as const)
  test(`${name} runs from a clicker on a 1280×720 beamer: every step's panels end above the caption`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await open(page, link(file, 0, { pr: true }));
    const length = Number((await stepText(page).innerText()).split('/')[1]);
    expect(length).toBeGreaterThan(2);
    for (let i = 1; i <= length; i++) {
      await page.keyboard.press('PageDown');
      await expect(stepText(page)).toHaveText(new RegExp(`Step ${i}\\b`));
      const worst = await page.evaluate(() => {
        const top = document.querySelector('.presenter-caption')!.getBoundingClientRect().top;
        return Math.max(...[...document.querySelectorAll('.map-panel')].map((p) => p.getBoundingClientRect().bottom - top));
      });
      expect(worst, `step ${i}`).toBeLessThanOrEqual(1);
      if (i === Math.ceil(length / 2) || i === length) await page.screenshot({ path: `${SHOTS}/presenter-${name}-step${i}-1280x720.png` });
    }
  });

test('the editor and the Workloads panel are set aside in presenter mode, not closed', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, link(S1, 4));
  await page.keyboard.press('e');
  const editor = page.getByRole('region', { name: 'Scenario editor' });
  await expect(editor).toBeVisible();
  await page.locator('h1').click();
  await page.keyboard.press('p');
  await expect(caption(page)).toBeVisible();
  await expect(editor).toBeHidden();
  await expect(page.locator('.map-canvas').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(editor).toBeVisible();
  // With the Workloads panel open, presenter mode shows the scenario's maps.
  await page.getByRole('button', { name: 'Workloads' }).click();
  await expect(page.getByRole('region', { name: 'Workloads' })).toBeVisible();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('p');
  await expect(caption(page)).toBeVisible();
  await expect(page.locator('.map-canvas').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'Workloads' })).toBeVisible();
});
