/**
 * The scenario editor pane in the served build, under its Content-Security-Policy: opened
 * by its key, a valid edit re-runs the scenario at the same step, an invalid field is
 * shown at its line while the maps keep the last valid state (no rejection banner), Esc
 * closes the pane and gives the focus back. Screenshots at 1280×720 and 1920×1080.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const SHOTS = 'test-results/screenshots';
const S1 = readFileSync('public/scenarios/s1-vf-migration-busy-destination.json', 'utf8').split('\n');
/** 1-based line of the first line of S1 that contains `needle` */
const lineOf = (needle: string) => S1.findIndex((l) => l.includes(needle)) + 1;

let problems: string[] = [];

test.beforeEach(async ({ page }) => {
  problems = [];
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
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect(problems).toEqual([]);
});

/** Put the editor's cursor at the end of the (1-based) line `n`. */
async function endOfLine(page: Page, n: number) {
  const editor = page.getByRole('textbox', { name: 'Scenario JSON editor' });
  await editor.focus();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < n; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

test('edit S1 beside the maps: a valid edit re-runs at the same step, an invalid field is shown at its line and changes nothing', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1).toHaveText(/^S1:/);
  await page.getByRole('button', { name: /^Event 5:/ }).click();
  await expect(page.getByRole('button', { name: /^Event 5:/ })).toHaveAttribute('aria-current', 'step');

  // The key opens the pane and puts the focus in the editor, which holds the scenario's text.
  await page.locator('body').press('e');
  const pane = page.getByRole('region', { name: 'Scenario editor' });
  const editor = pane.getByRole('textbox', { name: 'Scenario JSON editor' });
  await expect(editor).toBeFocused();
  await expect(editor).toContainText('"format": "pasidscope/1"');
  await expect(page.getByRole('button', { name: 'Edit', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const status = pane.getByRole('status');
  await expect(status).toHaveText(/^Valid/);

  // A valid edit: the title. Keys typed in the editor do not step the timeline.
  await endOfLine(page, lineOf('"title"'));
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(' — what if');
  await expect(h1).toHaveText(/— what if$/);
  await expect(status).toHaveText(/^Valid/);
  await expect(page.getByRole('button', { name: /^Event 5:/ })).toHaveAttribute('aria-current', 'step');
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('__inline');

  // An unknown field on the first event: the problem is listed and marked at its line.
  const line = lineOf('"op": "assign"');
  await endOfLine(page, line);
  await page.keyboard.type(' "pasdi": 3,');
  await expect(status).toHaveText('One problem: the maps keep the last valid text');
  const list = pane.getByRole('list', { name: 'Problems in the text' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('button')).toHaveText(`line ${line} events[0] unknown field "pasdi"`);
  const marked = pane.locator('.cm-lintRange-error');
  await expect(marked).toHaveText('"pasdi"');
  await expect(pane.locator('.cm-line', { has: page.locator('.cm-lintRange-error') })).toContainText('"op": "assign", "pasdi": 3,');
  await page.screenshot({ path: `${SHOTS}/editor-problem-1280.png` });

  // The maps keep the last valid state: the edited title, the same step, no rejection.
  await page.waitForTimeout(600);
  await expect(h1).toHaveText(/— what if$/);
  await expect(page.getByRole('button', { name: /^Event 5:/ })).toHaveAttribute('aria-current', 'step');
  await expect(page.getByRole('alert', { name: 'Import problems' })).toHaveCount(0);

  // The problem's button takes the cursor there; fixing the text (undo) runs it again.
  await list.getByRole('button').click();
  await expect(editor).toBeFocused();
  await page.keyboard.press('Control+z');
  await expect(status).toHaveText(/^Valid/);
  await expect(list).toHaveCount(0);
  await expect(pane.locator('.cm-lintRange-error')).toHaveCount(0);

  // Wider screen: the maps stay beside the pane.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(page.getByRole('main', { name: 'Range maps' })).toBeVisible();
  const mapBox = await page.getByRole('main', { name: 'Range maps' }).boundingBox();
  expect(mapBox!.width).toBeGreaterThan(800);
  await page.screenshot({ path: `${SHOTS}/editor-1920.png` });

  // Esc closes the pane and gives the focus back to the control that opens it.
  await editor.focus();
  await page.keyboard.press('Escape');
  await expect(pane).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit', exact: true })).toBeFocused();
});

test('completion offers the ops and the names that exist at that event', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'Scenario JSON editor' });
  await expect(editor).toBeFocused();
  // Replace the first event's op value: select the word and ask for completions.
  await endOfLine(page, lineOf('"op": "assign"'));
  for (let i = 0; i < '",'.length; i++) await page.keyboard.press('ArrowLeft');
  for (let i = 0; i < 'assign'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('gu');
  const options = page.getByRole('listbox').getByRole('option');
  await expect(options.first()).toBeVisible();
  await expect(options).toHaveCount(4);
  const labels = await options.locator('.cm-completionLabel').allTextContents();
  expect(labels.sort()).toEqual(['guest.alloc', 'guest.bind', 'guest.free', 'guest.unbind']);
  await page.keyboard.press('Escape');
  // Esc closed the list, not the pane.
  await expect(page.getByRole('region', { name: 'Scenario editor' })).toBeVisible();
});

test('a scenario too large to edit here offers the download and import route', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  const big = {
    format: 'pasidscope/1',
    title: 'Big',
    hosts: [{ id: 'A', policy: { kind: 'split' }, functions: [] }],
    vms: [{ id: 'vm1', host: 'A' }],
    events: Array.from({ length: 6000 }, (_, i) => ({ op: 'guest.alloc', vm: 'vm1', process: `p${i}` })),
  };
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import scenario' });
  await dialog.getByLabel('Scenario file').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(big, null, 2)) });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Big');
  await page.locator('body').press('e');
  const pane = page.getByRole('region', { name: 'Scenario editor' });
  await expect(pane.getByRole('note')).toContainText('too large to edit here');
  await expect(pane.getByRole('textbox', { name: 'Scenario JSON editor' })).toHaveCount(0);
  const [file] = await Promise.all([page.waitForEvent('download'), pane.getByRole('button', { name: 'Download the scenario' }).click()]);
  expect(file.suggestedFilename()).toMatch(/\.json$/);
  await pane.getByRole('button', { name: 'Import…' }).click();
  await expect(page.getByRole('dialog', { name: 'Import scenario' })).toBeVisible();
});
