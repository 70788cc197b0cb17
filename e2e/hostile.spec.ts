/**
 * The page against hostile input: link bombs and links full of junk, a file too large to
 * read, control characters in every text (and the SVG export of them), hostile Markdown,
 * and, when the repository has it, every case of the hostile corpus (corpus/manifest.json)
 * by file, by paste and by link. Each ends in a clear message naming the problem (by JSON
 * path where there is one) within the expect timeout, and the scenario that was open stays.
 */
import { existsSync, readFileSync } from 'node:fs';
import { paste, shots, watchConsole } from './page-helpers.ts';
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { LIMITS } from '../src/core/scenario/limits.ts';
import { withTexts } from '../src/ui/hostile-texts.testkit.ts';

/** How long any of these may take to be answered: a bound, not a benchmark. */
const ANSWER_MS = 15_000;

watchConsole();

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const notice = (page: Page) => page.getByRole('alert', { name: 'Notice' });
const importProblems = (page: Page) => page.getByRole('alert', { name: 'Import problems' });

async function openApp(page: Page, hash = '') {
  await page.goto(`/${hash}`);
  await expect(heading(page)).not.toHaveText('pasidscope');
}

function smallScenario(title: string, extra: Record<string, unknown> = {}, note = 'bound'): string {
  return JSON.stringify({
    format: 'pasidscope/1',
    title,
    hosts: [
      {
        id: 'A',
        policy: { kind: 'global' },
        functions: [{ rid: '0000:01:00.0', kind: 'pf', swq: true, label: 'dev' }],
      },
    ],
    events: [
      { op: 'host.bind', host: 'A', process: 'p', function: '0000:01:00.0', note },
      { op: 'host.unbind', host: 'A', process: 'p', function: '0000:01:00.0' },
    ],
    ...extra,
  });
}

/** A format-3 link carrying `text` as its scenario. */
function inlineLink(name: string, text: string): string {
  const view = LZString.compressToEncodedURIComponent(
    JSON.stringify({ src: { n: name }, step: 0, policy: 'declared' }),
  );
  return `#3:${view}.${LZString.compressToEncodedURIComponent(text)}`;
}

async function openLink(page: Page, hash: string) {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

/** One piece of text larger than a link may hold, compressed once (a few seconds) for all tests. */
let bomb: string | null = null;
function linkBomb(): string {
  bomb ??= inlineLink('bomb.json', 'a'.repeat(2 * 1024 * 1024 + 1));
  return bomb;
}

test('a first visit by a link with an invalid scenario lists its problems by JSON path', async ({ page }) => {
  const text = smallScenario('Broken by link', { vms: [{ id: 'vm1', host: 'Z' }] }).replace('"kind":"global"', '"kind":"nonsense"');
  await page.goto(`/${inlineLink('broken.json', text)}`);
  await expect(notice(page)).toContainText('problems are listed below', { timeout: ANSWER_MS });
  // The default scenario opened in its place, and the problems the notice points to are there.
  await expect(heading(page)).toHaveText(/^S1:/);
  const listed = importProblems(page).getByRole('listitem');
  await expect(listed.first()).toBeVisible();
  const lines = await listed.allInnerTexts();
  expect(lines.some((l) => /hosts.*0.*policy/.test(l))).toBe(true);
  expect(lines.some((l) => /vms.*0.*host/.test(l))).toBe(true);
  await expect(importProblems(page)).toContainText('broken.json');
});

test('a link bomb is refused by its unpacked size, quickly, and the open scenario stays', async ({
  page,
}) => {
  await openApp(page);
  await paste(page, smallScenario('Work in progress'));
  await expect(heading(page)).toHaveText('Work in progress');
  const link = linkBomb();
  expect(link.length).toBeLessThan(5000);
  await openLink(page, link);
  await expect(notice(page)).toContainText('larger than the 2.0 MiB a link may hold', { timeout: ANSWER_MS });
  await expect(notice(page)).toContainText('Still showing “Work in progress”');
  await expect(heading(page)).toHaveText('Work in progress');
  // The page answers at once afterwards.
  expect(await page.evaluate(() => document.title.length >= 0)).toBe(true);
  // Opened fresh, the same link shows the default scenario with the same notice.
  await page.goto('/');
  await openApp(page, link);
  await expect(notice(page)).toContainText('larger than the 2.0 MiB a link may hold');
  await expect(heading(page)).toHaveText(/^S1:/);
  await shots(page, 'link-bomb');
});

test('a link never puts more than a short quote of itself into a notice', async ({ page }) => {
  const junkName = '\u001b]0;owned\u0007\u202e' + 'n'.repeat(1_000_000);
  const cases = [
    '#2:' +
      LZString.compressToEncodedURIComponent(
        JSON.stringify({ src: { b: junkName }, step: 0, policy: 'split' }),
      ),
    '#2:' +
      LZString.compressToEncodedURIComponent(
        JSON.stringify({ src: { b: 's1.json' }, step: 0, policy: 'split', [junkName]: 1 }),
      ),
    '#2:' +
      LZString.compressToEncodedURIComponent(
        JSON.stringify({ src: { b: '\u0001bad\u001b[2J.json' }, step: 0, policy: 'split' }),
      ),
  ];
  await openApp(page);
  for (const c of cases) {
    await openLink(page, c);
    await expect(notice(page)).toContainText('This link', { timeout: ANSWER_MS });
    const text = await notice(page).innerText();
    expect(text.length).toBeLessThan(700);
    // eslint-disable-next-line no-control-regex -- none may reach the page's own words (innerText has its own line breaks)
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
    await page.getByRole('button', { name: 'Dismiss' }).first().click();
  }
  await openLink(page, cases[2]);
  await expect(notice(page)).toContainText('“\u2401bad\u241b[2J.json”');
});

test('a file larger than the page opens is refused before it is read; the open scenario stays', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import scenario' });
  const big = Buffer.alloc(16 * 1024 * 1024 + 1, 0x20);
  await dialog
    .getByLabel('Scenario file')
    .setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: big });
  await expect(importProblems(page)).toContainText('“huge.json” was not loaded', { timeout: ANSWER_MS });
  await expect(importProblems(page)).toContainText(
    'the file has 16.0 MiB; the page opens scenarios up to 16.0 MiB',
  );
  await expect(heading(page)).toHaveText(/^S1:/);
});

test('control characters in every text show as visible characters, and the SVG export is well-formed XML', async ({
  page,
}) => {
  // S1 with every text field (title, description, ids, RIDs, labels, aliases, processes, notes) wrapped in characters XML forbids.
  const bad = '\u0001\u0000\u001b[2J\ufffe\u0085';
  const s1 = JSON.parse(readFileSync('public/scenarios/s1-vf-migration-busy-destination.json', 'utf8'));
  const text = JSON.stringify(withTexts(s1, (v, key) => `${key === 'title' ? 'Title' : ''}${bad}${v}${bad}`));
  await openApp(page);
  await paste(page, text);
  await expect(heading(page)).toContainText('Title');
  await expect(importProblems(page)).toHaveCount(0);
  await expect(heading(page)).toContainText('Title');
  await page.getByRole('button', { name: /^Event 10: migrate/ }).click();
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export frame as SVG' }).click(),
  ]);
  const xml = await (
    await svg.createReadStream()
  )
    .toArray()
    .then((chunks) => Buffer.concat(chunks).toString('utf8'));
  expect(xml).toContain('Title\u2401\u2400\u241b[2J');
  expect(xml).toContain('DESTINATION');
  // Read back by the browser's XML parser, in a blank page (its error report carries inline styles the app's CSP refuses).
  const blank = await page.context().newPage();
  const parse = (s: string) =>
    blank.evaluate((x) => {
      const doc = new DOMParser().parseFromString(x, 'image/svg+xml');
      const err = doc.getElementsByTagName('parsererror')[0];
      return {
        error: err ? err.textContent : null,
        root: doc.documentElement.nodeName,
        texts: doc.getElementsByTagName('text').length,
      };
    }, s);
  const parsed = await parse(xml);
  expect(parsed).toMatchObject({ error: null, root: 'svg' });
  expect(parsed.texts).toBeGreaterThan(5);
  // The same parser refuses what the export used to write.
  expect(
    (await parse('<svg xmlns="http://www.w3.org/2000/svg"><text>a\u0001b</text></svg>')).error,
  ).not.toBeNull();
  await blank.close();
  await shots(page, 'control-characters');
});

test('a hostile Markdown description renders no markup of its own and no unsafe link', async ({ page }) => {
  const description = [
    '# Heading',
    '<script>window.__owned = 1</script>',
    '<img src=x onerror="window.__owned = 2">',
    '[click me](javascript:window.__owned=3)',
    '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '![pixel](https://tracker.invalid/p.gif)',
    '[the thread](https://lore.kernel.org/)',
    '>'.repeat(5000) + ' deep',
  ].join('\n\n');
  await openApp(page);
  await paste(page, smallScenario('Markdown', { description }));
  await expect(heading(page)).toHaveText('Markdown');
  const step = page.getByRole('region', { name: 'This step' });
  await expect(step.getByRole('heading', { name: 'Heading', level: 3 })).toBeVisible();
  await expect(step).toContainText('<script>window.__owned = 1</script>');
  await expect(step.locator('script, img, iframe')).toHaveCount(0);
  const links = step.getByRole('link');
  await expect(links).toHaveCount(2);
  await expect(step.getByRole('link', { name: 'the thread' })).toHaveAttribute(
    'href',
    'https://lore.kernel.org/',
  );
  await expect(step.getByRole('link', { name: 'the thread' })).toHaveAttribute('target', '_blank');
  await expect(step.getByRole('link', { name: 'the thread' })).toHaveAttribute('rel', 'noopener noreferrer');
  // The image is only a link to its address; the javascript: and data: ones are text.
  await expect(step.getByRole('link', { name: 'pixel' })).toHaveAttribute(
    'href',
    'https://tracker.invalid/p.gif',
  );
  await expect(step).toContainText('[click me](javascript:window.__owned=3)');
  expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
  // The head shows the words, not the Markdown.
  await expect(page.locator('.scenario-desc')).toContainText('Heading <script>');
  await shots(page, 'hostile-markdown');
});

// ---------------------------------------------------------------------------
// The hostile corpus, when the repository has it (corpus/README.md).

interface CorpusCase {
  name: string;
  file?: string;
  generate?: string;
  what: string;
  expect: 'rejected' | 'runs';
  problems?: string[];
}

const MANIFEST = 'corpus/manifest.json';
const corpus: CorpusCase[] = existsSync(MANIFEST)
  ? (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { cases: CorpusCase[] }).cases
  : [];

/** Whether the listed problems name `path` (a trailing * also takes anything under it). */
function named(paths: string[], want: string): boolean {
  if (want.endsWith('*')) return paths.some((p) => p.startsWith(want.slice(0, -1)));
  return paths.includes(want);
}

async function listedPaths(page: Page): Promise<string[]> {
  const items = importProblems(page).getByRole('listitem');
  const out: string[] = [];
  for (const li of await items.all()) {
    const code = li.locator('code.path');
    if (await code.count()) out.push((await code.innerText()).replace(/^\(document\)$/, ''));
  }
  return out;
}

async function checkOutcome(page: Page, c: CorpusCase, how: string, before: RegExp | string) {
  if (c.expect === 'rejected') {
    await expect(importProblems(page), `${c.name} by ${how}`).toBeVisible({ timeout: ANSWER_MS });
    const paths = await listedPaths(page);
    for (const want of c.problems ?? [])
      expect(
        named(paths, want),
        `${c.name} by ${how}: a problem at "${want}" among ${JSON.stringify(paths)}`,
      ).toBe(true);
    // No raw control character in the page's message (innerText has its own line breaks).
    // eslint-disable-next-line no-control-regex -- finding them is the point
    const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    expect(await importProblems(page).innerText()).not.toMatch(raw);
    await expect(heading(page), `${c.name} by ${how}: the scenario shown before stays`).toHaveText(before);
    await page
      .getByRole('alert', { name: 'Import problems' })
      .getByRole('button', { name: 'Dismiss' })
      .click();
  } else {
    await expect(heading(page), `${c.name} by ${how}`).not.toHaveText(before, { timeout: ANSWER_MS });
    await expect(importProblems(page)).toHaveCount(0);
    await expect(page.getByRole('list', { name: 'Events' }).getByRole('listitem').first()).toBeVisible();
  }
}

for (const c of corpus.filter((x) => x.file)) {
  test(`corpus ${c.name}: ${c.what} — by file, by paste and by link`, async ({ page }) => {
    const text = readFileSync(`corpus/${c.file}`, 'utf8');
    await openApp(page);
    const start = /^S1:/;
    await page.getByRole('button', { name: 'Import…' }).click();
    await page
      .getByRole('dialog', { name: 'Import scenario' })
      .getByLabel('Scenario file')
      .setInputFiles({
        name: `${c.name}.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(text, 'utf8'),
      });
    await checkOutcome(page, c, 'file', start);

    await openApp(page);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import scenario' });
    await dialog.getByLabel('Scenario JSON').fill(text);
    if (text.trim() === '') {
      // Nothing to paste: the page does not offer to load it, and nothing changes.
      await expect(dialog.getByRole('button', { name: 'Load pasted JSON' })).toBeDisabled();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(heading(page)).toHaveText(start);
    } else {
      await dialog.getByRole('button', { name: 'Load pasted JSON' }).click();
      await checkOutcome(page, c, 'paste', start);
    }

    await openApp(page);
    const link = inlineLink(`${c.name}.json`, text.replace(/^\ufeff/, ''));
    await openLink(page, link);
    if (text.trim() === '') {
      // An empty scenario part is no scenario: the link is damaged.
      await expect(notice(page)).toContainText('the link is damaged', { timeout: ANSWER_MS });
      await expect(heading(page)).toHaveText(start);
      return;
    }
    if (c.expect === 'rejected')
      await expect(notice(page)).toContainText('kept under Recent', { timeout: ANSWER_MS });
    await checkOutcome(page, c, 'link', start);
  });
}

// Made at test time: one event more than the parser takes. (`oversize-bytes` is the page's
// own, smaller file cap above.)
for (const c of corpus.filter((x) => x.generate === 'too-many-events')) {
  test(`corpus ${c.name}: ${c.what} — by file`, async ({ page }) => {
    const text = `{"format":"pasidscope/1","hosts":[{"id":"A","policy":{"kind":"global"},"functions":[]}],"events":[${'{},'.repeat(LIMITS.events)}{}]}`;
    await openApp(page);
    await page.getByRole('button', { name: 'Import…' }).click();
    await page
      .getByRole('dialog', { name: 'Import scenario' })
      .getByLabel('Scenario file')
      .setInputFiles({
        name: `${c.name}.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(text, 'utf8'),
      });
    await checkOutcome(page, c, 'file', /^S1:/);
  });
}
