/**
 * What a reviewer at a desk reaches for, on S1 against the built bundle: the search box
 * (a PASID, an owner, a code; the matching chips ringed, Enter moves the cursor), the
 * state table (T) at the migration with its changed rows, the keyboard help (?), and a
 * chip under the pointer or the keyboard marking the cells its event touched without
 * moving the cursor. Screenshots of search results and the state table, both themes,
 * go to test-results/screenshots/review-*.png.
 */
import { churnScenario } from '../src/core/scenario/churn.testkit.ts';
import { expect, test, type Page } from '@playwright/test';
import { paste, shots, watchConsole } from './page-helpers.ts';

watchConsole();

async function openS1(page: Page) {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
}

const searchBox = (page: Page) => page.getByRole('searchbox', { name: /^Search:/ });
const caption = (page: Page) => page.getByLabel('Caption');
/** The rings the maps draw, summed over the panels on screen. */
const ringed = (page: Page, attr: 'data-found' | 'data-touched') =>
  page
    .locator('.map-panel')
    .evaluateAll((els, a) => els.reduce((n, el) => n + Number(el.getAttribute(a) ?? 0), 0), attr);

test('search: a PASID, an owner and a code; the chips ringed, Enter and Shift+Enter move the cursor', async ({
  page,
}) => {
  await openS1(page);
  // `/` from anywhere comes to the box.
  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.type('0x1001');
  await expect(page.locator('#search-status')).toHaveText('1 match');
  await expect(page.locator('.event[data-found]')).toHaveCount(1);
  await expect(page.locator('.event[data-found]')).toHaveAttribute('aria-posinset', '3');
  // No cell holds 0x1001 before the event that takes it.
  expect(await ringed(page, 'data-found')).toBe(0);
  await page.keyboard.press('Enter');
  await expect(caption(page)).toContainText('Step 3');
  await expect(page.locator('#search-status')).toHaveText('1 of 1 match');
  // Now host B's G and its accelerator's RID hold it.
  await expect.poll(() => ringed(page, 'data-found')).toBe(2);

  await searchBox(page).fill('vm1');
  await expect(page.locator('#search-status')).toHaveText('8 matches');
  await expect(page.locator('.event[data-found]')).toHaveCount(8);
  await page.keyboard.press('Enter');
  await expect(caption(page)).toContainText('Step 4');
  await page.keyboard.press('Shift+Enter');
  await expect(caption(page)).toContainText('Step 1');
  await page.keyboard.press('Shift+Enter');
  await expect(caption(page)).toContainText('Step 10');
  await shots(page, 'review-search-dark');

  // A code: no event fails under split, the declared policy; under compare, global's migration does.
  await searchBox(page).fill('EBUSY');
  await expect(page.locator('#search-status')).toHaveText('no matches (error code)');
  await page.getByRole('button', { name: 'Compare policies' }).click();
  await expect(page.locator('#search-status')).toHaveText('1 match');
  await searchBox(page).focus();
  await page.keyboard.press('Home');
  await searchBox(page).press('Enter');
  await expect(caption(page)).toContainText('Step 10');
  await expect(page.locator('.event[data-found]')).toHaveAttribute('aria-posinset', '10');

  // Hostile text is plain data; Esc clears.
  await searchBox(page).fill('.*|vm1');
  await expect(page.locator('#search-status')).toHaveText('no matches (name)');
  await searchBox(page).fill('x'.repeat(5000));
  await expect(searchBox(page)).toHaveValue('x'.repeat(256));
  await searchBox(page).press('Escape');
  await expect(searchBox(page)).toHaveValue('');
  await expect(page.locator('.event[data-found]')).toHaveCount(0);
});

test('T shows the state table at the migration, the moved entries marked', async ({ page }) => {
  await openS1(page);
  await page.keyboard.press('End');
  await expect(caption(page)).toContainText('Step 10');
  await page.keyboard.press('t');
  const view = page.getByRole('region', { name: 'State at step 10' });
  await expect(view).toBeVisible();
  await expect(page.getByRole('button', { name: 'Table' })).toHaveAttribute('aria-pressed', 'true');
  const vm = view.locator('table[data-table="vm:vm1"]');
  await expect(vm.locator('caption')).toContainText('vm1 on host B (was on A)');
  await expect(vm.locator('tbody tr')).toHaveCount(3);
  const source = view.locator('table[data-table="rid:A:0000:3b:00.1"]');
  await expect(source.locator('tbody tr')).toHaveCount(3);
  await expect(source.locator('tbody tr').first()).toContainText('0x1');
  await expect(source.locator('tbody tr').first()).toContainText('− gone');
  const dest = view.locator('table[data-table="rid:B:0000:3b:00.1"]');
  await expect(dest.locator('tbody tr')).toHaveText([
    /0x1\s*p1.*\+ new/,
    /0x2\s*p2.*\+ new/,
    /0x3\s*p3.*\+ new/,
  ]);
  // Host B's SVA entries were there before: unmarked.
  await expect(view.locator('table[data-table="rid:B:0000:5e:00.0"] tbody tr')).toHaveCount(2);
  await expect(view.locator('table[data-table="rid:B:0000:5e:00.0"] .st-badge')).toHaveCount(0);
  await shots(page, 'review-table-dark');
  // One step back: the guest bind of p3 is the only new row.
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('region', { name: 'State at step 9' }).locator('tbody .st-badge')).toHaveText([
    '+ new',
  ]);
  await page.getByRole('button', { name: 'Table' }).click();
  await expect(page.getByRole('main', { name: 'Range maps' })).toBeVisible();
});

test('? opens the keyboard help, Esc closes it', async ({ page }) => {
  await openS1(page);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard keys' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /T the state table/ })).toBeVisible();
  await expect(help.getByRole('row', { name: /Shift\+Enter go to the previous match/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.getByRole('button', { name: 'Keyboard keys (?)' }).click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();
});

test('a chip under the pointer or the keyboard marks the cells its event touched, and the cursor stays', async ({
  page,
}) => {
  await openS1(page);
  await page.keyboard.press('End');
  await expect(caption(page)).toContainText('Step 10');
  // The migration view: event 7 bound p1 on the VF (0x1 on host A's VF, the source side).
  const chip = page.locator('.event[aria-posinset="7"] button');
  expect(await ringed(page, 'data-touched')).toBe(0);
  await chip.hover();
  await expect.poll(() => ringed(page, 'data-touched')).toBe(1);
  await page.mouse.move(5, 5);
  await expect.poll(() => ringed(page, 'data-touched')).toBe(0);
  // The migration itself touched both sides: three entries gone on A, three new on B, the guest PASIDs kept.
  await page.locator('.event[aria-posinset="10"] button').focus();
  await expect.poll(() => ringed(page, 'data-touched')).toBeGreaterThanOrEqual(6);
  await expect(caption(page)).toContainText('Step 10');
  // Host B's sva1 taking its PASID: G and the accelerator's RID, on the destination side.
  await page.locator('.event[aria-posinset="2"] button').focus();
  await expect.poll(() => ringed(page, 'data-touched')).toBe(2);
  await expect(caption(page)).toContainText('Step 10');
});

test('light theme: search results and the state table', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openS1(page);
  await searchBox(page).fill('nic0');
  await expect(page.locator('#search-status')).toHaveText('4 matches');
  await searchBox(page).press('Shift+Enter');
  await expect(caption(page)).toContainText('Step 9');
  await expect.poll(() => ringed(page, 'data-found')).toBeGreaterThan(0);
  await shots(page, 'review-search-light');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('T');
  await expect(page.getByRole('region', { name: 'State at step 10' })).toBeVisible();
  await shots(page, 'review-table-light');
});

test('a 200,000-event scenario: the worker searches it, the page keeps the first thousand matches and says so', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openS1(page);
  const text = churnScenario(200_000, 'Churn: 200,000 events');
  await paste(page, text);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Churn: 200,000 events', {
    timeout: 120_000,
  });
  await searchBox(page).fill('guest.alloc');
  await expect(page.locator('#search-status')).toHaveText('100,000 matches, the first 1,000 listed', {
    timeout: 30_000,
  });
  await searchBox(page).press('Enter');
  await expect(caption(page)).toContainText('Step 1');
  // Back from the first wraps to the last match listed: event 1,999.
  await searchBox(page).press('Shift+Enter');
  await expect(caption(page)).toContainText('Step 1999');
  await expect(page.locator('#search-status')).toHaveText('1,000 of 100,000 matches, the first 1,000 listed');
  await expect(page.locator('.event[aria-posinset="1999"]')).toHaveAttribute('data-found', 'true');
});
