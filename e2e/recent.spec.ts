/**
 * Nothing the user brings in is lost: the recent-scenario store (IndexedDB, or
 * localStorage where IndexedDB is unavailable) across a picker change, a reload and a
 * bad link; Back and Forward between scenarios (steps are not history entries); large
 * scenarios named by reference in the address bar, shared in full, or offered as a file
 * when too large for any link. Screenshots go to test-results/screenshots/.
 */
import { paste, shots, watchConsole } from './page-helpers.ts';
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';

const S2 = 's2-siov-swq-translation-migration.json';

watchConsole();

/** A small valid scenario; `pad` characters of notes (at most 90,000 a note) make it as large as wanted. */
export function scenario(title: string, pad = 0): string {
  const notes: string[] = [];
  for (let left = pad; left > 0; left -= 90_000) notes.push('n'.repeat(Math.min(90_000, left)));
  const bind = { op: 'host.bind', host: 'A', process: 'p', function: '0000:01:00.0' };
  const unbind = { op: 'host.unbind', host: 'A', process: 'p', function: '0000:01:00.0' };
  const events = notes.length
    ? notes.flatMap((note) => [{ ...bind, note }, unbind])
    : [{ ...bind, note: 'bound' }, unbind];
  return JSON.stringify({
    format: 'pasidscope/1',
    title,
    description: `Made by the e2e tests: ${title}.`,
    hosts: [
      { id: 'A', policy: { kind: 'global' }, functions: [{ rid: '0000:01:00.0', kind: 'pf', swq: true }] },
    ],
    events,
  });
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const caption = (page: Page) => page.getByLabel('Caption');

async function openApp(page: Page, hash = '') {
  await page.goto(`/${hash}`);
  await expect(heading(page)).not.toHaveText('pasidscope');
}

/** The import dialog, which lists the recent scenarios. */
async function openImport(page: Page) {
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import scenario' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(/^(Kept in this browser|This browser does not let)/)).toBeVisible();
  return dialog;
}

async function recentTitles(page: Page): Promise<string[]> {
  const dialog = await openImport(page);
  const list = dialog.getByRole('list', { name: 'Recent scenarios' });
  const titles = (await list.count()) ? await list.locator('.recent-title').allInnerTexts() : [];
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  return titles;
}

test('a pasted scenario survives a picker change, Back and Forward, and a reload; steps are not history entries', async ({
  page,
}) => {
  await openApp(page);
  await expect(heading(page)).toHaveText(/^S1:/);
  await paste(page, scenario('Pasted A'));
  await expect(heading(page)).toHaveText('Pasted A');
  await page.keyboard.press('ArrowRight');
  await expect(caption(page)).toContainText('Step 1');

  // Another scenario from the picker: a new history entry.
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption(S2);
  await expect(heading(page)).toHaveText(/^S2:/);
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect(caption(page)).toContainText('Step 5');

  // Back goes to the pasted scenario at the step it was left at, not through S2's steps.
  await page.goBack();
  await expect(heading(page)).toHaveText('Pasted A');
  await expect(caption(page)).toContainText('Step 1');
  await page.goBack();
  await expect(heading(page)).toHaveText(/^S1:/);
  await page.goForward();
  await expect(heading(page)).toHaveText('Pasted A');
  await page.goForward();
  await expect(heading(page)).toHaveText(/^S2:/);
  await expect(caption(page)).toContainText('Step 5');

  // The pasted one is kept: in the picker's Recent group and the Recent dialog, after a reload too.
  await page.reload();
  await expect(heading(page)).toHaveText(/^S2:/);
  expect(await recentTitles(page)).toEqual(['Pasted A']);
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  await expect(picker.locator('optgroup[label="Recent"] option')).toHaveText(['Pasted A']);
  await picker.selectOption({ label: 'Pasted A' });
  await expect(heading(page)).toHaveText('Pasted A');
  await page.goBack();
  await expect(heading(page)).toHaveText(/^S2:/);
});

test('the Recent list reopens and removes entries, by keyboard', async ({ page }) => {
  await openApp(page);
  await paste(page, scenario('First'));
  await expect(heading(page)).toHaveText('First');
  await page.getByRole('button', { name: 'Import…' }).click();
  const importer = page.getByRole('dialog', { name: 'Import scenario' });
  await importer.getByLabel('Scenario file').setInputFiles({
    name: 'second.json',
    mimeType: 'application/json',
    buffer: Buffer.from(scenario('Second')),
  });
  await expect(heading(page)).toHaveText('Second');
  // A refused paste is kept too, marked as not valid, and the scenario shown stays.
  await paste(page, '{"format": "pasidscope/1", "title": "Broken", "hosts": []}');
  await expect(page.getByRole('alert', { name: 'Import problems' })).toContainText('hosts');
  await expect(heading(page)).toHaveText('Second');

  await page.getByRole('button', { name: 'Import…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Import scenario' });
  await expect(dialog).toBeVisible();
  const list = dialog.getByRole('list', { name: 'Recent scenarios' });
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(list.getByRole('listitem').nth(0)).toContainText('Broken');
  await expect(list.getByRole('listitem').nth(0)).toContainText('pasted scenario · pasted');
  await expect(list.getByRole('listitem').nth(0)).toContainText('not valid');
  await expect(list.getByRole('listitem').nth(1)).toContainText('Second');
  await expect(list.getByRole('listitem').nth(1)).toContainText('second.json · file');
  await expect(list.getByRole('listitem').nth(2)).toContainText('First');
  await shots(page, 'recent-list');

  await dialog.getByRole('button', { name: 'Remove Second' }).focus();
  await page.keyboard.press('Enter');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Open First' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(heading(page)).toHaveText('First');
  await page.reload();
  await expect(heading(page)).toHaveText('First');
  expect(await recentTitles(page)).toEqual(['First', 'Broken']);
});

test('a damaged or refused link keeps the scenario that was open', async ({ page }) => {
  await openApp(page);
  await paste(page, scenario('Open before'));
  await expect(heading(page)).toHaveText('Open before');
  const before = page.url();

  await page.evaluate(() => (window.location.hash = '#3:thisIsNotAView'));
  await expect(page.getByRole('alert', { name: 'Notice' })).toContainText('This link could not be opened');
  await expect(page.getByRole('alert', { name: 'Notice' })).toContainText('Still showing “Open before”');
  await expect(heading(page)).toHaveText('Open before');
  // The address bar shows the open scenario again, so a reload does too.
  expect(page.url()).toBe(before);

  // A link whose scenario is not valid: its problems are listed, it is kept under Recent.
  const bad = JSON.stringify({
    format: 'pasidscope/1',
    title: 'Bad in a link',
    hosts: [{ id: 'A', policy: { kind: 'split' }, functions: [] }],
    events: [{ op: 'nope' }],
  });
  const link =
    '#2:' +
    LZString.compressToEncodedURIComponent(
      JSON.stringify({ src: { n: 'bad-link.json', t: bad }, step: 0, policy: 'declared' }),
    );
  await page.evaluate((h) => (window.location.hash = h), link);
  await expect(page.getByRole('alert', { name: 'Import problems' })).toContainText('events[0].op');
  await expect(page.getByRole('alert', { name: 'Notice' })).toContainText('kept under Recent');
  await expect(heading(page)).toHaveText('Open before');
  await shots(page, 'link-refused-scenario-kept');
  await page.reload();
  await expect(heading(page)).toHaveText('Open before');
  // Reopened by the reload, the open one is the most recent.
  expect(await recentTitles(page)).toEqual(['Open before', 'bad-link.json']);
});

test('a large scenario is named by reference in the address bar; Share copies it in full', async ({
  page,
  context,
  browser,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  const big = scenario('Large one', 100_000);
  await paste(page, big);
  await expect(heading(page)).toHaveText('Large one');
  await page.keyboard.press('ArrowRight');
  await expect(caption(page)).toContainText('Step 1');
  // The address bar names it; steps rewrite a short hash.
  await expect.poll(() => new URL(page.url()).hash.length).toBeLessThan(300);
  await page.reload();
  await expect(heading(page)).toHaveText('Large one');
  await expect(caption(page)).toContainText('Step 1');

  // Elsewhere (a browser without this one's recent store) the short link is explained.
  const short = page.url();
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await other.goto(short);
  await expect(other.getByRole('alert', { name: 'Notice' })).toContainText('this browser has no copy of it');
  await expect(other.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);

  // Share puts the whole scenario in the link, which opens anywhere.
  await page.getByRole('button', { name: 'Share link' }).click();
  await expect(page.getByRole('status')).toContainText('Link copied');
  const full = await page.evaluate(() => navigator.clipboard.readText());
  expect(full.length).toBeGreaterThan(1000);
  await other.goto(full);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Large one');
  await expect(other.getByLabel('Caption')).toContainText('Step 1');
  await elsewhere.close();
});

test('Share says when a scenario is too large for any link, and offers the file', async ({ page }) => {
  await openApp(page);
  const huge = scenario('Huge one', 2_200_000);
  await paste(page, huge);
  await expect(heading(page)).toHaveText('Huge one');
  await page.getByRole('button', { name: 'Share link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share' });
  await expect(dialog).toContainText('Too large for a link');
  await expect(dialog).toContainText('needs 2.1 MiB in a link, and a link holds at most 2.0 MiB');
  await shots(page, 'share-too-large');
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download the scenario file' }).click(),
  ]);
  expect(file.suggestedFilename()).toBe('Huge one.json');
  const text = await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
  expect(text).toBe(huge);
  await expect(dialog).toBeHidden();
  // And it is there after a reload, by reference.
  await page.reload();
  await expect(heading(page)).toHaveText('Huge one');
});

test('without IndexedDB the recent scenarios are kept in localStorage', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await openApp(page);
  await paste(page, scenario('Kept without IndexedDB'));
  await expect(heading(page)).toHaveText('Kept without IndexedDB');
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption(S2);
  await expect(heading(page)).toHaveText(/^S2:/);
  await page.reload();
  const dialog = await openImport(page);
  await expect(dialog).toContainText('localStorage');
  await dialog.getByRole('button', { name: 'Open Kept without IndexedDB' }).click();
  await expect(heading(page)).toHaveText('Kept without IndexedDB');
  expect(
    await page.evaluate(
      () => Object.keys(localStorage).filter((k) => k.startsWith('pasidscope.recent.text.')).length,
    ),
  ).toBe(1);
});
