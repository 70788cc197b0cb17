#!/usr/bin/env node
// Playwright cannot download its own browsers on this network: the e2e tests run on
// Debian's Chromium. Install it when missing and we are root; otherwise say what to do.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const CHROMIUM = process.env.PASIDSCOPE_CHROMIUM || '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log(`[e2e] ${CHROMIUM} not found: installing Debian's chromium package…`);
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core', {
      stdio: 'inherit',
      shell: '/bin/bash',
    });
  } catch {
    console.error('[e2e] apt-get failed to install chromium.');
    process.exit(1);
  }
  if (existsSync(CHROMIUM)) process.exit(0);
}
console.error(
  `[e2e] No Chromium at ${CHROMIUM}.\n` +
    `  On Debian/Ubuntu run:  sudo apt-get install chromium\n` +
    `  or point PASIDSCOPE_CHROMIUM at a Chromium/Chrome binary.`,
);
process.exit(1);
