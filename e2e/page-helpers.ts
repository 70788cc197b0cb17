/** What the page's own e2e specs share: console watching, pasting, screenshots at two sizes. */
import { expect, test, type Page } from '@playwright/test';

export const SHOTS = 'test-results/screenshots';

/**
 * Collect console errors and warnings and uncaught exceptions of every test; unless the
 * test says it expects some, there must be none. Returns the live list.
 */
export function watchConsole(): { problems: string[]; allow(accept: (p: string) => boolean): void } {
  const state = { problems: [] as string[], allowed: (_: string) => false };
  test.beforeEach(async ({ page }) => {
    state.problems.length = 0;
    state.allowed = () => false;
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') state.problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => state.problems.push(`pageerror: ${e.message}`));
  });
  test.afterEach(() => expect(state.problems.filter((p) => !state.allowed(p))).toEqual([]));
  return {
    problems: state.problems,
    allow: (f) => {
      state.allowed = f;
    },
  };
}

/** Paste text anywhere on the page, as Ctrl+V outside a text field does. */
export async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const d = new DataTransfer();
    d.setData('text/plain', t);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: d, bubbles: true }));
  }, text);
}

/** Screenshots at the two sizes a talk or a review uses; the viewport is put back after. */
export async function shots(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/${name}-${w}x${h}.png` });
  }
  if (before) await page.setViewportSize(before);
}
