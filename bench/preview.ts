/**
 * The built app served by `vite preview` and a Chromium driven through Playwright, for the
 * benchmarks that measure the page. One build per `npm run bench`; each bench group gets
 * its own server and browser and closes them, whatever happens.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from '@playwright/test';
import type { BenchContext } from './registry.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM = process.env.PASIDSCOPE_CHROMIUM || '/usr/bin/chromium';
let built = false;

async function waitForServer(url: string, ms: number): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() - t0 > ms) throw new Error(`vite preview did not answer at ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Run `f` with the app served on `port` and a Chromium; null (with a note) when there is no Chromium. */
export async function withPreview<T>(
  ctx: BenchContext,
  group: string,
  port: number,
  f: (browser: Browser, base: string) => Promise<T>,
): Promise<T | null> {
  if (!existsSync(CHROMIUM)) {
    ctx.note(`${group}: skipped, no Chromium at ${CHROMIUM} (set PASIDSCOPE_CHROMIUM)`);
    return null;
  }
  if (!built) {
    ctx.progress(`${group}: building the app`);
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'ignore' });
    built = true;
  }
  const server: ChildProcess = spawn(
    'npx',
    ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    {
      cwd: ROOT,
      stdio: 'ignore',
      detached: true,
    },
  );
  const { chromium } = await import('@playwright/test');
  const base = `http://127.0.0.1:${port}`;
  let browser: Browser | null = null;
  try {
    await waitForServer(base, 30_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    return await f(browser, base);
  } finally {
    await browser?.close();
    try {
      if (server.pid) process.kill(-server.pid);
    } catch {
      // already gone
    }
  }
}
