/**
 * The served app under its Content-Security-Policy (scripts/csp-policy.ts): the policy is
 * in the page's <meta> and in the preview server's header, and using the app (stepping,
 * compare, import, export, the Workloads panel in its worker) breaks none of it. Every
 * violation the page sees is collected from `securitypolicyviolation` events.
 */
import { readdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

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

const violations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

test('the served app keeps its policy while it is used', async ({ page }) => {
  const response = await page.goto('/');
  const header = response?.headers()['content-security-policy'] ?? '';
  expect(header).toContain("script-src 'self'");
  expect(header).toContain("frame-ancestors 'self'");
  const meta = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  expect(meta).toContain("default-src 'none'");
  expect(meta).toContain("worker-src 'self' blob:");
  expect(meta).not.toMatch(/unsafe|frame-ancestors/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);

  // Step to the migration, switch policy, compare, present.
  await page.getByRole('button', { name: /^Event 10: migrate/ }).click();
  await page.getByRole('radio', { name: 'global' }).check();
  await expect(page.getByRole('group', { name: 'Migration of vm1 from A to B' })).toContainText('EBUSY');
  await page.getByRole('button', { name: 'Compare policies' }).click();
  await expect(page.getByRole('region', { name: 'Policy split' })).toBeVisible();
  await page.getByRole('button', { name: 'Compare policies' }).click();
  await page.keyboard.press('p');
  await page.keyboard.press('p');

  // Export the frame both ways.
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export frame as SVG' }).click()]);
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export frame as PNG' }).click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);

  // Paste a scenario.
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import scenario' });
  const pasted = { format: 'pasidscope/1', title: 'Pasted', hosts: [{ id: 'A', policy: { kind: 'split' }, functions: [] }], vms: [{ id: 'vm1', host: 'A' }], events: [{ op: 'guest.alloc', vm: 'vm1', process: 'p' }] };
  await dialog.getByLabel('Scenario JSON').fill(JSON.stringify(pasted));
  await dialog.getByRole('button', { name: 'Load pasted JSON' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pasted');

  // A workload in the worker (the worker's script is the app's own, worker-src 'self').
  await page.getByRole('button', { name: 'Workloads' }).click();
  await page.getByRole('textbox', { name: 'Events', exact: true }).fill('5000');
  await page.getByRole('textbox', { name: 'Hosts', exact: true }).fill('2');
  await page.getByRole('button', { name: 'Run workload' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Done: .*in a Web Worker/ })).toBeVisible({ timeout: 60_000 });

  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the built page has no source maps to serve', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const script = /<script type="module" crossorigin src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  const js = await (await request.get(`/${script}`)).text();
  expect(js).not.toContain('sourceMappingURL');
  // The preview server answers an unknown path with the page itself, never with a map.
  expect(await (await request.get(`/${script}.map`)).text()).not.toContain('"mappings"');
  expect(readdirSync('dist', { recursive: true }).map(String).filter((f) => f.endsWith('.map'))).toEqual([]);
});
