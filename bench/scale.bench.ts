/**
 * scale-vms: a scenario of 10,000 VMs and 10,000 events through the command line, as a
 * whole process (the bin as `npm install` builds it), parsed, run with the invariants
 * checked on what each event touched, and printed (DESIGN.md: ≤ 1 s).
 *
 * scale-hosts: a 1M-event workload over 256 hosts built into the one timeline, the way
 * the Workloads panel's worker builds it: time, heap, and random seeks on it (goals:
 * ≤ 15 s, ≤ 400 MB, worst seek ≤ 50 ms).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { bundledCore } from './bundled-core.ts';
import { compare, median, percentile, register, timeRandomSeeks } from './registry.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${ROOT}bin/pasidscope.cjs`;

function gc(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
  } catch {
    // measure as is
  }
}

/** 10k VMs on 100 hosts, each VM passed a VF and given one process bound on it: 10k events in all. */
function tenThousandVms(): string {
  const hosts = Array.from({ length: 100 }, (_, h) => ({
    id: `h${h}`,
    policy: { kind: 'split' },
    functions: [
      { rid: '0000:3b:00.0', kind: 'pf' },
      ...Array.from({ length: 100 }, (_, v) => ({ rid: `0000:3b:${String(Math.floor(v / 8) + 1).padStart(2, '0')}.${v % 8}`, kind: 'vf', pf: '0000:3b:00.0' })),
    ],
  }));
  const vms: object[] = [];
  const events: object[] = [];
  for (let h = 0; h < 100; h++)
    for (let v = 0; v < 100; v++) {
      const id = `vm${h * 100 + v}`;
      vms.push({ id, host: `h${h}` });
      const rid = `0000:3b:${String(Math.floor(v / 8) + 1).padStart(2, '0')}.${v % 8}`;
      // Spread over the VMs: one event each, a quarter of each kind.
      const k = (h * 100 + v) % 4;
      events.push(
        k === 0
          ? { op: 'assign', vm: id, function: rid, as: 'nic0' }
          : k === 1
            ? { op: 'guest.alloc', vm: id, process: 'app' }
            : k === 2
              ? { op: 'host.bind', host: `h${h}`, process: `sva${v}`, function: '0000:3b:00.0' }
              : { op: 'guest.alloc', vm: id, process: 'app', kind: 'shared' },
      );
    }
  return JSON.stringify({ format: 'pasidscope/1', title: '10k VMs', hosts, vms, events });
}

register('scale-vms', (ctx) => {
  ctx.progress('scale-vms: building the bin and a 10k-VM scenario');
  const build = spawnSync(process.execPath, [`${ROOT}bin/build.mjs`], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`bin/build.mjs failed: ${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'pasidscope-scale-'));
  const file = join(dir, 'vms.json');
  writeFileSync(file, tenThousandVms());
  try {
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      const r = spawnSync(process.execPath, [BIN, 'run', file], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      if (i > 0) times.push(performance.now() - t);
      if (r.status !== 0) throw new Error(`the command exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    }
    ctx.note(`scale-vms: node bin/pasidscope.cjs run on 10,000 VMs (100 hosts × 100 VFs) and 10,000 events, table output: median of 5 runs ${median(times).toFixed(0)} ms (worst ${Math.max(...times).toFixed(0)} ms).`);
    return [compare('scale-vms', 'ms', median(times), 1000, 'ratio ≤ 1')];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

register('scale-hosts', async (ctx) => {
  ctx.progress('scale-hosts: bundling the core');
  const core = await bundledCore();
  ctx.progress('scale-hosts: generating 1,000,000 events over 256 hosts');
  const w = core.generateWorkload({ seed: 20210510, events: 1_000_000, hosts: 256 });
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const t = core.createTimeline(w.scenario, 'split');
  let last = 0;
  while (!t.step(50_000)) {
    if (t.built - last >= 200_000) {
      ctx.progress(`scale-hosts: ${t.built.toLocaleString('en')} events built`);
      last = t.built;
    }
  }
  const buildMs = performance.now() - t0;
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
  const times = timeRandomSeeks((c) => t.stateAt(c), t.length, 200, 20210510);
  ctx.note(
    `scale-hosts: 1M events over 256 hosts (split) built into the timeline in ${(buildMs / 1000).toFixed(1)} s, +${Math.round(heapMb)} MB of heap after a collection ` +
      `(${t.checkpoints} checkpoints, ${(t.byteSize() / t.length).toFixed(1)} bytes an event of log and checkpoints); 200 random seeks: median ${median(times).toFixed(1)} ms, p99 ${percentile(times, 0.99).toFixed(1)} ms, worst ${Math.max(...times).toFixed(1)} ms.`,
  );
  return [
    compare('scale-hosts', 's (build)', buildMs / 1000, 15, 'ratio ≤ 1'),
    compare('scale-hosts-heap', 'MB', heapMb, 400, 'ratio ≤ 1'),
    compare('scale-hosts-seek', 'ms (worst)', Math.max(...times), 50, 'ratio ≤ 1'),
  ];
});
