// Screenshots of the built app: node shots.mjs <port> <outdir> <name>=<file>:<step>:<policy>[:compare][:WxH] ...
import { chromium } from '@playwright/test';
import LZString from 'lz-string';
const [port, out, ...specs] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const spec of specs) {
  const [name, rest] = spec.split('=');
  const [file, step, policy, ...flags] = rest.split(':');
  const size = flags.find((f) => /^\d+x\d+$/.test(f)) ?? '1920x1080';
  const [w, h] = size.split('x').map(Number);
  const payload = { src: { b: file }, step: Number(step), policy, ...(flags.includes('compare') ? { compare: true } : {}) };
  const hash = `#2:${LZString.compressToEncodedURIComponent(JSON.stringify(payload))}`;
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  const errs = [];
  page.on('pageerror', (e) => errs.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errs.push(m.text()); });
  await page.goto(`http://127.0.0.1:${port}/${hash}${flags.includes('presenter') ? '' : ''}`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/${name}.png` });
  if (errs.length) console.log(name, 'ERRORS', errs);
  await page.close();
}
await browser.close();
