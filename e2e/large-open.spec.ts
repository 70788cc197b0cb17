/**
 * A large scenario file says what the page is doing while it opens: the status names the
 * file, the run being built and how far it is, and goes when the first step is drawn.
 */
import { expect, test } from '@playwright/test';
import { generateWorkload, scenarioFile } from '../src/core/fleet/workload.ts';
import { shots, watchConsole } from './page-helpers.ts';

watchConsole();

test('opening an 80,000-event file shows its progress, then the scenario', async ({ page }) => {
  const w = generateWorkload({ seed: 11, events: 80_000, hosts: 4 });
  const text = JSON.stringify({ ...scenarioFile(w.scenario), title: 'Eighty thousand events' });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import scenario' });
  await dialog.getByLabel('Scenario file').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(text) });

  const status = page.getByRole('status').filter({ hasText: 'Opening' });
  await expect(status).toContainText('Opening “big.json”');
  await expect(status.getByRole('progressbar', { name: 'Opening the scenario' })).toBeVisible();
  await expect(status).toContainText(/running (as declared|under \w+) · \d+%/);
  await shots(page, 'large-open');

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Eighty thousand events', { timeout: 60_000 });
  await expect(status).toHaveCount(0);
  await page.getByRole('button', { name: /^Step forward/ }).click();
  await expect(page.getByLabel('Caption', { exact: true })).toContainText('Step 1');

  // Another policy runs the scenario again, and says so too.
  await page.getByRole('radio', { name: 'global' }).click();
  const running = page.getByRole('status').filter({ hasText: 'Running' });
  await expect(running).toContainText('Running “Eighty thousand events”');
  await expect(running).toContainText(/under global/);
  await expect(running).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByLabel('Caption', { exact: true })).toContainText('Step 1');
});
