/**
 * cli-start: how long the `pasidscope` command takes to run S1, as a whole process,
 * against `node -e 0` in the same run (DESIGN.md: ≤ 2×). The two are timed in turn,
 * A B A B …, so that a machine whose speed drifts slows both alike; the medians are
 * compared. The bin is built first (bin/build.mjs), so what is timed is the current
 * source as `npm install` would build it. `cli-start-npx` adds npx's own start-up, the
 * way the README runs the command (no goal: npx itself costs several `node -e 0`).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compare, median, register } from './registry.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const S1 = `${ROOT}public/scenarios/s1-vf-migration-busy-destination.json`;
const BIN = `${ROOT}bin/pasidscope.cjs`;

function wallMs(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Median wall times of `a` and `b`, timed in turn `reps` times after `warmup` rounds. */
function paired(reps: number, warmup: number, a: [string, string[]], b: [string, string[]]): [number, number] {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < warmup + reps; i++) {
    const x = wallMs(...a);
    const y = wallMs(...b);
    if (i >= warmup) {
      as.push(x);
      bs.push(y);
    }
  }
  return [median(as), median(bs)];
}

register('cli-start', (ctx) => {
  ctx.progress('cli-start: building the bin');
  const build = spawnSync(process.execPath, [`${ROOT}bin/build.mjs`], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`bin/build.mjs failed: ${build.stderr}`);
  ctx.progress('cli-start: node bin/pasidscope.mjs run S1 against node -e 0, 21 rounds');
  const [cli, node] = paired(21, 3, [process.execPath, [BIN, 'run', S1]], [process.execPath, ['-e', '0']]);
  ctx.progress('cli-start-npx: npx pasidscope run S1, 5 rounds');
  const [npx, node2] = paired(5, 1, ['npx', ['--no-install', 'pasidscope', 'run', S1]], [process.execPath, ['-e', '0']]);
  ctx.note(`cli-start: node -e 0 took ${node.toFixed(0)} ms (median); the command on S1 ${cli.toFixed(0)} ms; through npx ${npx.toFixed(0)} ms`);
  return [compare('cli-start', 'ms', cli, node, '≤ 2'), compare('cli-start-npx', 'ms', npx, node2)];
});
