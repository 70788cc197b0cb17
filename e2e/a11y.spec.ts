/**
 * axe-core over the page's views, against the built bundle: no serious or critical
 * violation in any of them, in the dark theme and, where it is cheap, the light one.
 * The views are a table: adding one (presenter mode, a new panel) is one entry, its name
 * and how to reach it from a fresh page.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { watchConsole } from './page-helpers.ts';

watchConsole();

interface View {
  name: string;
  /** from a page that shows S1 at its start */
  reach(page: Page): Promise<void>;
  /** also check it in the light theme */
  light?: boolean;
  /** rules this view is known to break, each with why it is accepted: the rest must pass */
  accepted?: { rule: string; why: string }[];
}

const caption = (page: Page) => page.getByLabel('Caption');

const VIEWS: View[] = [
  {
    name: 'main view, S1 at its start',
    light: true,
    reach: async (page) => {
      await expect(caption(page)).toContainText('Start');
    },
  },
  {
    name: 'main view, S1 at its migration step',
    light: true,
    reach: async (page) => {
      await page.getByRole('radio', { name: 'global' }).check();
      await page.getByRole('button', { name: /^Event 10: migrate/ }).click();
      await expect(page.getByRole('region', { name: 'Destination host B' })).toBeVisible();
    },
  },
  {
    name: 'compare, S1 at its migration step',
    light: true,
    accepted: [
      {
        rule: 'label-content-name-mismatch',
        why: "the event chips' outcome keys abbreviate the policies (gl, lo, sp, li) that their names spell out (global EBUSY, …); the number and op a speech user reads off a chip lead its name",
      },
    ],
    reach: async (page) => {
      await page.getByRole('button', { name: 'Compare policies' }).click();
      await page.getByRole('button', { name: /^Event 10: migrate/ }).click();
      await expect(page.getByRole('region', { name: 'Policy global' })).toBeVisible();
    },
  },
  {
    name: 'presenter mode, S1 at its migration step',
    light: true,
    reach: async (page) => {
      await page.getByRole('button', { name: /^Event 10: migrate/ }).click();
      await page.locator('body').press('p');
      await expect(page.getByRole('region', { name: 'Destination host B' })).toBeVisible();
      await expect(page.getByRole('banner')).toHaveCount(0);
    },
  },
  {
    name: 'state table, S1 at its migration step',
    light: true,
    reach: async (page) => {
      await page.getByRole('button', { name: /^Event 10: migrate/ }).click();
      await page.locator('body').press('t');
      await expect(page.getByRole('table').first()).toBeVisible();
    },
  },
  {
    name: 'keyboard help',
    reach: async (page) => {
      await page.locator('body').press('?');
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
  {
    name: 'editor pane',
    light: true,
    accepted: [
      {
        rule: 'scrollable-region-focusable',
        why: "CodeMirror's scroller holds its contenteditable text, which takes the focus and scrolls it from the keyboard; axe does not count a contenteditable as focusable",
      },
    ],
    reach: async (page) => {
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await expect(page.getByRole('textbox', { name: 'Scenario JSON editor' })).toBeFocused();
    },
  },
  {
    name: 'Workloads panel after a small workload and a sweep',
    light: true,
    reach: async (page) => {
      await page.getByRole('button', { name: 'Workloads' }).click();
      await page.getByRole('textbox', { name: 'Events', exact: true }).fill('2000');
      await page.getByRole('textbox', { name: 'Hosts', exact: true }).fill('2');
      await page.getByRole('button', { name: 'Run workload' }).click();
      await expect(page.getByRole('status').filter({ hasText: /^Done:/ })).toBeVisible({ timeout: 60_000 });
      await page.getByRole('textbox', { name: 'Fill levels', exact: true }).fill('0, 1');
      await page.getByRole('button', { name: 'Sweep fill levels' }).click();
      await expect(page.getByRole('status').filter({ hasText: /^Done: .* at 2 fill levels/ })).toBeVisible({ timeout: 60_000 });
      await expect(page.getByRole('region', { name: /^Range maps of/ })).toBeVisible();
    },
  },
];

/** The serious and critical violations, one line each: rule, impact, how many, where the first few are. */
async function violations(page: Page, accepted: View['accepted'] = []): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (accepted.length) builder.disableRules(accepted.map((a) => a.rule));
  const r = await builder.analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const view of VIEWS)
  for (const theme of view.light ? (['dark', 'light'] as const) : (['dark'] as const))
    test(`${view.name}, ${theme} theme: no serious or critical axe violation`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
      await view.reach(page);
      expect(await violations(page, view.accepted)).toEqual([]);
    });
