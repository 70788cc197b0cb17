/**
 * The app against the built bundle (vite preview), in the system Chromium. Elements are
 * found by role and accessible name; screenshots go to test-results/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';

const SHOTS = 'test-results/screenshots';
const S2 = 's2-siov-swq-translation-migration.json';

let problems: string[] = [];

test.beforeEach(async ({ page }) => {
  problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});

test.afterEach(() => {
  // No console errors or warnings, and no uncaught exception, in any test.
  expect(problems).toEqual([]);
});

async function openApp(page: Page, hash = '') {
  await page.goto(`/${hash}`);
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('pasidscope');
}

const caption = (page: Page) => page.getByLabel('Caption');

test('S1 in compare mode: the migration fails with EBUSY under global and succeeds under split', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await page.screenshot({ path: `${SHOTS}/s1-start.png` });
  await page.getByRole('button', { name: 'Compare policies' }).click();
  await expect(page.getByRole('button', { name: 'Compare policies' })).toHaveAttribute('aria-pressed', 'true');
  const forward = page.getByRole('button', { name: /^Step forward/ });
  for (let i = 0; i < 10; i++) await forward.click();
  await expect(caption(page)).toContainText('Step 10');
  await expect(caption(page)).toContainText('migrate');

  const global = page.getByRole('region', { name: 'Policy global' });
  await expect(global.getByLabel('Outcome under global: EBUSY')).toBeVisible();
  const globalMigration = global.getByRole('group', { name: 'Migration of vm1 from A to B' });
  await expect(globalMigration).toContainText('EBUSY');
  await expect(globalMigration).toContainText('held by host B · sva1');

  const split = page.getByRole('region', { name: 'Policy split' });
  await expect(split.getByLabel('Outcome under split: ok')).toBeVisible();
  await expect(split.getByRole('group', { name: 'Migration of vm1 from A to B' })).toContainText('migrated');
  await expect(split.getByRole('group', { name: 'Migration of vm1 from A to B' })).toContainText('kept 0x1 0x2 0x3');

  // The events where the policies' outcomes differ are marked on the timeline.
  await expect(page.getByRole('button', { name: /^Event 10: migrate .*global EBUSY.*split ok.*\(policies differ\)$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Event 1: assign .*/ })).not.toHaveAccessibleName(/policies differ/);
  await page.screenshot({ path: `${SHOTS}/s1-compare-migration.png` });
});

test('S1 migration step shows source and destination side by side', async ({ page }) => {
  await openApp(page);
  await page.getByRole('radio', { name: 'global' }).check();
  await page.getByRole('button', { name: /^Event 10: migrate/ }).click();
  await expect(page.getByRole('region', { name: 'Source host A' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Destination host B' })).toBeVisible();
  const card = page.getByRole('group', { name: 'Migration of vm1 from A to B' });
  await expect(card.getByRole('list', { name: 'Conflicts' }).getByRole('listitem')).toHaveCount(2);
  await expect(card).toContainText('PASID 0x1 of vm1 process p1 is taken on host B by host B process sva1');
  // Both sides open framed on the used PASIDs; reset shows the whole range, ◎ frames again.
  const frameB = page.getByRole('button', { name: 'Frame the used PASIDs (host B)' });
  await expect(frameB).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Frame the used PASIDs (host A)' })).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: `${SHOTS}/s1-global-migration.png` });
  await page.getByRole('button', { name: 'Reset zoom (host B)' }).click();
  await expect(frameB).toHaveAttribute('aria-pressed', 'false');
  await page.screenshot({ path: `${SHOTS}/s1-global-migration-whole-range.png` });
  await frameB.click();
  await expect(frameB).toHaveAttribute('aria-pressed', 'true');
  // Zooming out of the framed view shows the whole range too.
  await page.getByRole('button', { name: 'Zoom out (host B)' }).click();
  await expect(frameB).toHaveAttribute('aria-pressed', 'false');
  await page.getByRole('radio', { name: 'split' }).check();
  await expect(card).toContainText('kept');
  await expect(card).toContainText('0x3');
  await page.screenshot({ path: `${SHOTS}/s1-split-migration.png` });
});

test('S2: selecting guest PASID 1 shows its link to host PASID 0x1000', async ({ page }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption(S2);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S2:/);
  await page.getByRole('button', { name: /^Event 4: guest\.bind/ }).click();
  await page.getByRole('button', { name: 'vm1 · app: guest PASID 0x1 → 0x1000' }).click();

  const sel = page.getByRole('complementary', { name: 'Details' }).getByRole('region', { name: 'Selection' });
  await expect(sel.getByLabel('Translation under declared')).toHaveText(/guest PASID 0x1 → host PASID 0x1000/);
  await expect(sel).toContainText('vm1 CPU translation: 0x1 → 0x1000');
  await expect(sel).toContainText('0000:6a:01.0 DSA (host A): 0x1000 via "dsa0"');
  await expect(page.getByRole('application', { name: 'Range maps' })).toHaveAccessibleDescription(/selected: vm1 · app/);
  await page.screenshot({ path: `${SHOTS}/s2-selected-link.png` });

  // After the migration the guest keeps gPASID 0x1; the host PASID behind it is new.
  await page.getByRole('button', { name: /^Event 6: migrate/ }).click();
  await expect(page.getByRole('group', { name: 'Migration of vm1 from A to B' })).toContainText('hPASID 0x1000 → 0x1001');
  await page.getByRole('button', { name: /^Event 7: enqcmd/ }).click();
  await expect(sel.getByLabel('Translation under declared')).toHaveText(/guest PASID 0x1 → host PASID 0x1001/);
  await page.screenshot({ path: `${SHOTS}/s2-after-migration.png` });
});

test('hovering a used PASID on the map shows who holds it', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('End');
  await page.getByRole('radio', { name: 'split' }).check();
  await page.getByRole('button', { name: /^Event 9: guest\.bind/ }).click();
  const map = page.getByRole('application', { name: 'Range maps' });
  const box = (await map.boundingBox())!;
  // Sweep the left part of the track over every row until the tooltip names a holder.
  let found = false;
  for (let y = box.y + 60; y < box.y + box.height && !found; y += 12) {
    for (let x = box.x + 236; x < box.x + 400 && !found; x += 6) {
      await page.mouse.move(x, y);
      const tip = page.getByRole('tooltip');
      if ((await tip.count()) > 0 && /held by vm1 · p/.test(await tip.innerText())) found = true;
    }
  }
  expect(found).toBe(true);
  await page.screenshot({ path: `${SHOTS}/s1-hover.png` });
  // Clicking that cell selects its owner everywhere.
  await page.mouse.down();
  await page.mouse.up();
  const sel = page.getByRole('region', { name: 'Selection' });
  await expect(sel.getByRole('heading', { level: 2 })).toContainText(/vm1 · p[123]/);
  await expect(sel).toContainText('0000:3b:00.1 NIC VF (host A)');
  await expect(page.getByRole('button', { name: /^vm1 · p[123]: guest PASID/, pressed: true })).toHaveCount(1);
  // The click leaves the keys to the page: the arrows step the timeline, the selection stays.
  await expect(map).not.toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(caption(page)).toContainText('Step 10');
  await expect(sel.getByRole('heading', { level: 2 })).toContainText(/vm1 · p[123]/);
  await page.keyboard.press('Escape');
  await expect(sel.getByRole('heading', { level: 2 })).toHaveText('Selection');
});

test('a bad file is listed by JSON path and the current scenario stays', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(caption(page)).toContainText('Step 2');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import scenario' });
  await expect(dialog).toBeVisible();
  const bad = {
    format: 'pasidscope/1',
    hosts: [{ id: 'A', policy: { kind: 'split' }, functions: [] }],
    vms: [{ id: 'vm1', host: 'A' }],
    events: [{ op: 'guest.alloc', vm: 'vm9', process: 'p' }],
  };
  await dialog.getByLabel('Scenario file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const alert = page.getByRole('alert', { name: 'Import problems' });
  await expect(alert).toContainText('“bad.json” was not loaded');
  await expect(alert).toContainText('events[0].vm');
  await expect(alert).toContainText('unknown VM "vm9"');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await expect(caption(page)).toContainText('Step 2');
  await expect(page.getByRole('list', { name: 'Events' }).getByRole('listitem')).toHaveCount(10);
  await page.screenshot({ path: `${SHOTS}/import-bad-file.png` });

  // Pasted text that is not JSON at all: one problem, for the document itself.
  await page.getByRole('button', { name: 'Import…' }).click();
  await dialog.getByLabel('Scenario JSON').fill('{ "format": "pasidscope/1", ');
  await dialog.getByRole('button', { name: 'Load pasted JSON' }).click();
  await expect(alert).toContainText('(document)');
  await expect(alert).toContainText('not JSON');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);

  // A good paste replaces the scenario.
  await page.getByRole('button', { name: 'Import…' }).click();
  const good = { ...bad, events: [{ op: 'guest.alloc', vm: 'vm1', process: 'p', note: 'pasted and running' }], title: 'Pasted one' };
  await dialog.getByLabel('Scenario JSON').fill(JSON.stringify(good));
  await dialog.getByRole('button', { name: 'Load pasted JSON' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pasted one');
  await expect(alert).toHaveCount(0);
  // The page's keys wait until the dialog has closed (it closes once the scenario is open).
  await expect(dialog).toBeHidden();
  await page.keyboard.press('ArrowRight');
  await expect(caption(page)).toContainText('pasted and running');
});

test('keyboard only: step, jump, play and pause', async ({ page }) => {
  await openApp(page);
  await expect(caption(page)).toContainText('Start');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(caption(page)).toContainText('Step 3');
  await expect(caption(page)).toContainText('host B: process sva2 binds');
  await page.keyboard.press('ArrowLeft');
  await expect(caption(page)).toContainText('Step 2');
  await page.keyboard.press('End');
  await expect(caption(page)).toContainText('Step 10');
  await expect(caption(page)).toContainText('How do you reliably migrate');
  await page.keyboard.press('Home');
  await expect(caption(page)).toContainText('Start');
  await page.keyboard.press('PageDown');
  await expect(caption(page)).toContainText('Step 1');
  // Space plays; the timeline advances on its own; Space pauses.
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause (Space)' })).toBeVisible();
  await expect(caption(page)).toContainText('Step 2', { timeout: 5000 });
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play (Space)' })).toBeVisible();
  // Tab to a control and use it with the keyboard.
  const scrubber = page.getByRole('slider', { name: 'Step' });
  await scrubber.focus();
  await page.keyboard.press('ArrowRight');
  await expect(scrubber).toHaveAttribute('aria-valuetext', /^step \d+ of 10$/);
  const before = Number(await scrubber.inputValue());
  await page.keyboard.press('ArrowRight');
  await expect(scrubber).toHaveValue(String(before + 1));
  await page.getByRole('button', { name: /^Last step/ }).focus();
  await page.keyboard.press('Enter');
  await expect(caption(page)).toContainText('Step 10');
  await page.screenshot({ path: `${SHOTS}/keyboard-end.png` });
});

test('keyboard only: select PASIDs on the map', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await expect(caption(page)).toContainText('Step 9');
  // Tab to the map: it takes the focus, with a name, and a cursor on the first used cell.
  const map = page.getByRole('application', { name: 'Range maps' });
  await expect(map).toHaveAttribute('aria-roledescription', 'range map');
  for (let i = 0; i < 80 && !(await map.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(map).toBeFocused();
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText('0x1 · PASID table of 0000:3b:00.1');
  await expect(tip).toContainText('held by vm1 · p1');
  // Arrows move along the row and between rows; they no longer step the timeline.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(tip).toContainText('held by vm1 · p3');
  await expect(caption(page)).toContainText('Step 9');
  // Enter selects: the details panel, the legend and the map follow.
  await page.keyboard.press('Enter');
  const sel = page.getByRole('region', { name: 'Selection' });
  await expect(sel.getByRole('heading', { level: 2 })).toContainText('vm1 · p3');
  await expect(sel).toContainText('0000:3b:00.1 NIC VF (host A): 0x3');
  await expect(page.getByRole('button', { name: /^vm1 · p3: guest PASID/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(map).toHaveAccessibleDescription(/selected: vm1 · p3/);
  await expect(map).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/keyboard-map-select.png` });
  // Down to vm1's guest row, then to host B's G: the cell nearest below.
  await page.keyboard.press('ArrowDown');
  await expect(tip).toContainText('0x3 · vm1 guest space');
  await page.keyboard.press('ArrowDown');
  await expect(tip).toContainText('G (host-wide allocator)');
  await expect(tip).toContainText('held by host B · sva1');
  await page.keyboard.press('End');
  await expect(tip).toContainText('held by host B · sva2');
  await page.keyboard.press('Space');
  await expect(sel.getByRole('heading', { level: 2 })).toContainText('host B · sva2');
  await expect(page.getByRole('button', { name: 'Play (Space)' })).toBeVisible();
  // Enter on the selected process clears it; Tab leaves the map and its cursor.
  await page.keyboard.press('Enter');
  await expect(sel.getByRole('heading', { level: 2 })).toHaveText('Selection');
  await page.keyboard.press('Tab');
  await expect(map).not.toBeFocused();
  await expect(tip).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(caption(page)).toContainText('Step 10');
});

test('reload lands on the same scenario, step, policy and selection', async ({ page }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption(S2);
  await page.getByRole('radio', { name: 'global' }).check();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(caption(page)).toContainText('Step 4');
  await expect(page).toHaveURL(/#3:/);
  const before = page.url();
  await page.getByRole('button', { name: /^vm1 · app: guest PASID/ }).click();
  const sel = page.getByRole('region', { name: 'Selection' });
  await expect(sel.getByRole('heading', { level: 2 })).toContainText('vm1 · app');
  // The selection is in the link.
  await expect.poll(() => page.url()).not.toBe(before);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S2:/);
  await expect(caption(page)).toContainText('Step 4');
  await expect(page.getByRole('radio', { name: 'global' })).toBeChecked();
  await expect(page.getByRole('button', { name: /^Event 4: guest\.bind .* ok 0x1$/ })).toHaveAttribute('aria-current', 'step');
  await expect(sel.getByRole('heading', { level: 2 })).toContainText('vm1 · app');
  await expect(page.getByRole('button', { name: /^vm1 · app: guest PASID/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('application', { name: /^Range maps/ })).toHaveAccessibleDescription(/selected: vm1 · app/);
  // The same link in a fresh page shows the same selection; clearing it takes it out of the link.
  const shared = page.url();
  const other = await page.context().newPage();
  await other.goto(shared);
  await expect(other.getByRole('region', { name: 'Selection' }).getByRole('heading', { level: 2 })).toContainText('vm1 · app');
  await other.close();
  await page.keyboard.press('Escape');
  await expect(sel.getByRole('heading', { level: 2 })).toHaveText('Selection');
  await expect.poll(() => page.url()).toBe(before);
});

test('a link made before the selection was in links (format 1) still opens', async ({ page }) => {
  const v1 = '#1:' + LZString.compressToEncodedURIComponent(JSON.stringify({ src: { b: S2 }, step: 6, policy: 'split' }));
  await openApp(page, v1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S2:/);
  await expect(caption(page)).toContainText('Step 6');
  await expect(page.getByRole('radio', { name: 'split' })).toBeChecked();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Selection' }).getByRole('heading', { level: 2 })).toHaveText('Selection');
});

test('old and damaged links are explained, not fatal', async ({ page }) => {
  await openApp(page, '#1:thisIsNotCompressedData');
  await expect(page.getByRole('alert')).toContainText('This link could not be opened');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await openApp(page, '#0:abc');
  await expect(page.getByRole('alert')).toContainText('older pasidscope');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^S1:/);
  await page.screenshot({ path: `${SHOTS}/damaged-link.png` });
});

test('the current frame exports as SVG and PNG', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: /^Event 10: migrate/ }).click();
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export frame as SVG' }).click()]);
  expect(svg.suggestedFilename()).toBe('s1-vf-migration-busy-destination-step10.svg');
  const text = await (await svg.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  expect(text.startsWith('<svg')).toBe(true);
  expect(text).toContain('S1: SR-IOV VF live migration');
  expect(text).toContain('Host B');
  expect(text).toContain('DESTINATION · AFTER');
  expect(text).toContain('kept 0x1 0x2 0x3');
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export frame as PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('s1-vf-migration-busy-destination-step10.png');
  const bytes = await (await png.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  await expect(page.getByRole('status')).toContainText('exported');
});

test('presenter mode enlarges the type and hides nothing essential', async ({ page }) => {
  await openApp(page);
  const size = () => page.getByLabel('Caption').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const normal = await size();
  await page.keyboard.press('p');
  // The top bar and the side column give the screen to the maps; the caption stays, over them.
  await expect(page.getByRole('button', { name: 'Presenter', exact: true })).toHaveCount(0);
  await expect(page.getByRole('complementary', { name: 'Details' })).toHaveCount(0);
  expect(await size()).toBeGreaterThanOrEqual(normal * 1.6);
  await page.keyboard.press('End');
  await expect(page.getByLabel('Caption')).toContainText('How do you reliably migrate');
  await page.screenshot({ path: `${SHOTS}/presenter-migration.png` });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Presenter', exact: true })).toBeVisible();
});

test('a scenario dropped on the page or pasted opens; a bad one is refused', async ({ page }) => {
  await openApp(page);
  const scenario = (title: string) =>
    JSON.stringify({
      format: 'pasidscope/1',
      title,
      hosts: [{ id: 'A', policy: { kind: 'global' }, functions: [{ rid: '0000:01:00.0', kind: 'pf', swq: true }] }],
      events: [{ op: 'host.bind', host: 'A', process: 'p', function: '0000:01:00.0' }],
    });
  const drop = async (name: string, text: string) => {
    const dt = await page.evaluateHandle(
      ([n, t]) => {
        const d = new DataTransfer();
        d.items.add(new File([t], n, { type: 'application/json' }));
        return d;
      },
      [name, text],
    );
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
    await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  };
  await drop('dropped.json', scenario('Dropped here'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dropped here');
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('__inline');

  await drop('broken.json', '{"format": "pasidscope/0"}');
  await expect(page.getByRole('alert', { name: 'Import problems' })).toContainText('format must be "pasidscope/1"');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dropped here');

  await page.evaluate((text) => {
    const d = new DataTransfer();
    d.setData('text/plain', text);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: d, bubbles: true }));
  }, scenario('Pasted here'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pasted here');
  await expect(page.getByRole('alert', { name: 'Import problems' })).toHaveCount(0);
  // The imported scenario travels in the link.
  await page.keyboard.press('End');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pasted here');
  await expect(caption(page)).toContainText('Step 1');
});
