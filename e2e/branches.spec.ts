/**
 * What-if authoring without JSON in the served build: open S1, fork at step 9 by changing
 * where the migration places the VM's device, see the new outcome, go back to the original
 * branch, compare both side by side with the differing event marked, undo the change, and
 * reload to find both branches kept. Also inserting an event from the form, and the form
 * naming what is missing. Screenshots of the forms, the branch list and the comparison at
 * 1280×720 and 1920×1080.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { shots, watchConsole } from './page-helpers.ts';

watchConsole();

const caption = (page: Page) => page.getByLabel('Caption', { exact: true });
const branchButton = (page: Page) => page.getByRole('button', { name: /^Branches: / });

test('fork S1 at step 9, switch back, compare both, undo, reload: both branches are still there', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await page.getByRole('button', { name: /^Event 10:/ }).click();
  await expect(caption(page)).toContainText('Step 10');
  await expect(caption(page)).toContainText(/to host B\s*ok/);
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 1, on main');

  // Change the migration: place nic0 on B's accelerator PF instead of the first free VF.
  await page.getByRole('button', { name: 'Change event 10' }).click();
  const form = page.getByRole('dialog', { name: 'Change event' });
  await expect(form.getByLabel('Operation')).toHaveValue('migrate');
  await expect(form.getByLabel('Destination host')).toHaveValue('B');
  // Only B's functions are offered for the device.
  await expect(form.getByLabel('on destination function').locator('option')).toHaveText(['Choose…', '0000:3b:00.0', '0000:3b:00.1', '0000:5e:00.0']);
  await form.getByLabel('Place device').selectOption('nic0');
  await form.getByLabel('on destination function').selectOption('0000:5e:00.0');
  await expect(form).toContainText('the scenario forks');
  await shots(page, 'branches-change-form');
  await form.getByRole('button', { name: 'Change and fork' }).click();
  await expect(form).toBeHidden();

  // The new outcome, on a new branch; the fork notice names the branch that keeps the old future.
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main @ step 9');
  await expect(caption(page)).toContainText('Step 10');
  await expect(caption(page)).toContainText('ENODEV');
  const notice = page.getByRole('status').filter({ hasText: 'Forked from' });
  await expect(notice).toContainText('Forked from main at step 9');

  // Back to the original branch: the old outcome.
  await notice.getByRole('button', { name: 'Back to main' }).click();
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main');
  await expect(caption(page)).toContainText(/to host B\s*ok/);

  // Compare both side by side on one cursor; the migration is marked as differing.
  await branchButton(page).click();
  const list = page.getByRole('dialog', { name: 'Branches' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list).toContainText('other branches stay in this browser');
  await shots(page, 'branches-list');
  await list.getByRole('button', { name: 'Compare with branch main @ step 9' }).click();
  const cmp = page.getByRole('region', { name: 'Branches compared' });
  await expect(cmp.getByRole('region', { name: 'Branch main', exact: true })).toContainText('migrated');
  await expect(cmp.getByRole('region', { name: 'Branch main @ step 9' })).toContainText('ENODEV');
  await expect(cmp).toContainText('1 event differ');
  await expect(page.getByRole('button', { name: /^Event 10: .*\(the branches differ\)$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Event 9: .*differ/ })).toHaveCount(0);
  // The cursor moves both.
  await page.getByRole('button', { name: /^Event 9:/ }).click();
  await expect(cmp.getByRole('region', { name: 'Branch main @ step 9' })).toContainText('guest.bind');
  await page.getByRole('button', { name: /^Event 10:/ }).click();
  await expect(cmp.getByRole('region', { name: 'Branch main @ step 9' })).toContainText('ENODEV');
  await shots(page, 'branches-compare');
  await cmp.getByRole('button', { name: 'Stop comparing' }).click();
  await expect(cmp).toBeHidden();

  // Undo the change on the forked branch (Ctrl+Z with the focus outside any text field).
  await branchButton(page).click();
  await list.getByRole('button', { name: 'Open branch main @ step 9' }).click();
  await expect(caption(page)).toContainText('ENODEV');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(caption(page)).toContainText(/to host B\s*ok/);
  await expect(page.getByRole('button', { name: 'Redo (Ctrl+Shift+Z)' })).toBeEnabled();
  await page.keyboard.press('Control+Shift+z');
  await expect(caption(page)).toContainText('ENODEV');
  await page.getByRole('button', { name: 'Undo (Ctrl+Z)' }).click();
  await expect(caption(page)).toContainText(/to host B\s*ok/);

  // Reload: the link carries the open branch; both branches come back from this browser.
  await page.waitForTimeout(800);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main @ step 9');
  await branchButton(page).click();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list).toContainText('forked at step 9');
});

test('insert an event at the cursor from the form; missing answers are named; the end edits in place', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await page.getByRole('button', { name: /^Event 3:/ }).click();
  await page.getByRole('button', { name: 'Insert event here' }).click();
  const form = page.getByRole('dialog', { name: 'Insert event' });
  await form.getByLabel('Operation').selectOption('host.bind');
  await form.getByRole('button', { name: 'Insert' }).click();
  await expect(form.getByText('Host: required')).toBeVisible();
  await form.getByLabel('Host', { exact: true }).selectOption('B');
  await expect(form.getByLabel('Function').locator('option')).toHaveText(['Choose…', '0000:3b:00.0', '0000:3b:00.1', '0000:5e:00.0']);
  await form.getByLabel('Host process').fill('sva3');
  await form.getByLabel('Function').selectOption('0000:5e:00.0');
  await shots(page, 'branches-insert-form');
  await form.getByRole('button', { name: 'Insert' }).click();
  await expect(form).toBeHidden();
  await expect(caption(page)).toContainText('Step 4');
  await expect(caption(page)).toContainText('host.bind');
  await expect(caption(page)).toContainText('sva3');
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main @ step 3');
  await expect(page.getByRole('button', { name: /^Event 11:/ })).toBeVisible();
  // Back in the browser's history is the branch it forked from; forward, the fork again.
  await page.goBack();
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main');
  await expect(page.getByRole('button', { name: /^Event 11:/ })).toHaveCount(0);
  await page.goForward();
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main @ step 3');
  await expect(page.getByRole('button', { name: /^Event 11:/ })).toBeVisible();

  // An event appended at the end edits the branch in place.
  await page.getByRole('button', { name: 'Last step (End)' }).click();
  await page.getByRole('button', { name: 'Insert event here' }).click();
  await form.getByLabel('Operation').selectOption('host.exit');
  await form.getByLabel('Host', { exact: true }).selectOption('B');
  await expect(form.getByLabel('Host process').locator('option')).toHaveText(['Choose…', 'sva1', 'sva2', 'sva3']);
  await form.getByLabel('Host process').selectOption('sva3');
  await expect(form).toContainText('the current branch is edited');
  await form.getByRole('button', { name: 'Insert' }).click();
  await expect(caption(page)).toContainText('Step 12');
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main @ step 3');
});

test('the editor pane follows a structured edit; all branches export as one file that imports back', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await page.getByRole('button', { name: /^Event 10:/ }).click();
  await page.getByRole('button', { name: 'Change event 10' }).click();
  const form = page.getByRole('dialog', { name: 'Change event' });
  await form.getByLabel('Place device').selectOption('nic0');
  await form.getByLabel('on destination function').selectOption('0000:5e:00.0');
  await form.getByRole('button', { name: 'Change and fork' }).click();
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main @ step 9');

  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const editor = page.getByRole('region', { name: 'Scenario editor' }).getByRole('textbox', { name: 'Scenario JSON editor' });
  // CodeMirror draws the lines in view: the migration is at the end.
  await editor.focus();
  await page.keyboard.press('Control+End');
  await expect(editor).toContainText('"nic0": "0000:5e:00.0"');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();

  await branchButton(page).click();
  const list = page.getByRole('dialog', { name: 'Branches' });
  const download = page.waitForEvent('download');
  await list.getByRole('button', { name: 'Export all branches' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('s1-vf-migration-busy-destination-branches.json');
  const text = await new Promise<string>((resolve, reject) => {
    void file.createReadStream().then((s) => {
      let t = '';
      s.on('data', (c: Buffer) => (t += c.toString('utf8')));
      s.on('end', () => resolve(t));
      s.on('error', reject);
    });
  });
  const saved = JSON.parse(text) as { format: string; current: string; branches: { name: string; forkStep: number | null }[] };
  expect(saved.format).toBe('pasidscope-branches/1');
  expect(saved.current).toBe('main @ step 9');
  expect(saved.branches.map((b) => [b.name, b.forkStep])).toEqual([
    ['main', null],
    ['main @ step 9', 9],
  ]);
  await list.getByRole('button', { name: 'Close' }).click();

  // Another scenario, then the file: both branches come back, its current one open.
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('s2-siov-swq-translation-migration.json');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S2:/);
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 1, on main');
  await page.getByRole('button', { name: 'Import…' }).click();
  const importer = page.getByRole('dialog', { name: 'Import scenario' });
  await importer.getByLabel('Scenario file').setInputFiles({ name: 'both.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main @ step 9');

  // A damaged branch file is refused by its path; the scenario shown stays.
  const bad = JSON.parse(text) as { branches: { name: string }[] };
  bad.branches[1].name = 'main';
  await page.getByRole('button', { name: 'Import…' }).click();
  await importer.getByLabel('Scenario file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByRole('alert', { name: 'Import problems' })).toContainText('branches.1.name');
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main @ step 9');
});

test('the editor pane forks once when it changes an event before the end; its later edits stay on that branch', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await page.getByRole('button', { name: /^Event 10:/ }).click();
  await expect(caption(page)).toContainText('How do you reliably migrate');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'Scenario JSON editor' });
  await expect(editor).toBeFocused();
  // The migration's note, mid-line: Ctrl+Home then down to it, then into the string.
  // The editor holds the bundled file's text as it is (and draws only the lines in view).
  const at = readFileSync('public/scenarios/s1-vf-migration-busy-destination.json', 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('How do you reliably migrate'));
  expect(at).toBeGreaterThan(0);
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(' (what if)');
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main @ step 9');
  await expect(caption(page)).toContainText('(what if)');
  // A second pause of typing changes the same branch: no third one.
  await page.keyboard.type(' again');
  await expect(caption(page)).toContainText('(what if) again');
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main @ step 9');
  await page.keyboard.press('Escape');

  // The original future is still there, untouched.
  await branchButton(page).click();
  const list = page.getByRole('dialog', { name: 'Branches' });
  await list.getByRole('button', { name: 'Open branch main', exact: true }).click();
  await expect(branchButton(page)).toHaveAccessibleName('Branches: 2, on main');
  await expect(caption(page)).toContainText('How do you reliably migrate');
  await expect(caption(page)).not.toContainText('(what if)');
});
