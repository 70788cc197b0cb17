import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { createWorkerApi } from './worker-api.ts';
import { portWorker } from './port-worker.testkit.ts';
import {
  Cancelled,
  WorkerStopped,
  createPageEngine,
  createWorkerEngine,
  type Progress,
  type WorkerLike,
  type Engine,
} from './worker-engine.ts';
import { summarise } from '../core/fleet/fleet-report.ts';
import { generateWorkload, scenarioFile } from '../core/fleet/workload.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const S1 = readFileSync(
  join(import.meta.dirname, '../../public/scenarios/s1-vf-migration-busy-destination.json'),
  'utf8',
);

/**
 * A worker on a MessagePort pair in this thread: the same Comlink traffic, and ways to
 * die: `crash` (an "error" event) and `garble` (a "messageerror" event).
 */
function fakeWorker(sliceMs = 2) {
  const { port1, port2 } = new MessageChannel();
  const api = createWorkerApi({ sliceMs, yieldNow: () => new Promise((r) => setTimeout(r, 0)) });
  const results: unknown[] = [];
  // Keep what the worker side returned, to see its buffers move away.
  const rows = api.rows;
  api.rows = (...a: Parameters<typeof rows>) => {
    const r = rows(...a);
    results.push(r);
    return r;
  };
  Comlink.expose(api, port2 as unknown as Comlink.Endpoint);
  const listeners = { error: new Set<(e: Event) => void>(), messageerror: new Set<(e: Event) => void>() };
  let terminated = false;
  const w: WorkerLike & { crash(msg: string): void; garble(): void; terminated(): boolean; results: unknown[] } = {
    postMessage: (m: unknown, t?: Transferable[]) => port1.postMessage(m, t ?? []),
    addEventListener: ((type: string, l: EventListener) => {
      if (type === 'message') port1.addEventListener('message', l);
      else if (type === 'error' || type === 'messageerror') listeners[type].add(l);
    }) as WorkerLike['addEventListener'],
    removeEventListener: ((type: string, l: EventListener) => {
      if (type === 'message') port1.removeEventListener('message', l);
      else if (type === 'error' || type === 'messageerror') listeners[type].delete(l);
    }) as WorkerLike['removeEventListener'],
    start: () => port1.start(),
    terminate: () => {
      terminated = true;
      // A real worker stops computing too: stop the backend, so it does not load this thread.
      api.cancel();
      port1.close();
      port2.close();
    },
    crash(message: string) {
      for (const l of listeners.error) l({ message, preventDefault() {} } as unknown as Event);
    },
    garble() {
      for (const l of listeners.messageerror) l(new Event('messageerror'));
    },
    terminated: () => terminated,
    results,
  };
  return w;
}

/**
 * A worker whose run only reports progress, every 50 ms, `reports` times; then it
 * answers, or (thenSilent) goes on without a word. Timers only, far apart from the
 * stall bound the tests use (1 s), so a loaded machine does not blur the two.
 */
function scriptedWorker(script: { reports: number; thenSilent: boolean }) {
  return portWorker({
    run: (_req: unknown, onProgress?: (p: Progress) => void) =>
      new Promise((resolve) => {
        let n = 0;
        const t = setInterval(() => {
          n++;
          void onProgress?.({ phase: 'scripted', done: n, total: 100, elapsedMs: n * 50, etaMs: null });
          if (n < script.reports) return;
          clearInterval(t);
          if (!script.thenSilent) resolve({ events: n });
        }, 50);
      }),
  });
}

const params = { seed: 4, events: 3000, hosts: 3, iommuBits: 12, widths: [12] };
let engines: Engine[] = [];
afterEach(() => {
  for (const e of engines) e.dispose();
  engines = [];
});
const keep = <T extends Engine>(e: T) => (engines.push(e), e);

describe('the worker engine', () => {
  it('runs a workload with progress, and the results arrive as typed arrays equal to the in-page ones', async () => {
    const w = fakeWorker();
    const engine = keep(createWorkerEngine(() => w));
    const seen: Progress[] = [];
    const s = await engine.run(
      { kind: 'generate', params, policy: 'split' },
      { onProgress: (p) => seen.push(p) },
    );
    expect(engine.mode).toBe('worker');
    expect(s.events).toBe(3000);
    expect(s.stats.map((p) => p.policy)).toEqual(['global', 'local', 'split', 'linux']);
    expect(s.stats[0].spaces.used).toBeInstanceOf(Uint32Array);
    expect(s.timeline.op).toBeInstanceOf(Uint8Array);
    expect(s.timeline.op).toHaveLength(3000);
    // progress moved, ended at the total, and never ran past it
    await new Promise((r) => setTimeout(r, 10));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)!.done).toBe(seen.at(-1)!.total);
    for (const p of seen) expect(p.done).toBeLessThanOrEqual(p.total);

    const page = keep(createPageEngine());
    const s2 = await page.run({ kind: 'generate', params, policy: 'split' });
    expect(s.stats.map(summarise)).toEqual(s2.stats.map(summarise));
  });

  it('serves map rows and event details for any cursor, moving the buffers instead of copying them', async () => {
    const w = fakeWorker();
    const engine = keep(createWorkerEngine(() => w));
    const s = await engine.run({
      kind: 'generate',
      params: { ...params, fill: 0.25, fillHosts: 1 },
      policy: 'global',
    });
    const rows = Int32Array.from(s.timeline.rows.names.keys());
    const d = await engine.rows('global', 0, rows);
    const g0 = s.timeline.rows.names.indexOf('h0/G');
    // the fill: a quarter of h0's G, owned by fill tenants
    const n = d.offsets[g0 + 1] - d.offsets[g0];
    expect(n).toBe(Math.round((s.timeline.rows.hi[g0] - s.timeline.rows.lo[g0]) * 0.25));
    expect(d.owners.subarray(d.offsets[g0], d.offsets[g0 + 1]).every((o) => o === 3)).toBe(true);
    // the worker's copy of the result was handed over: its buffers are detached
    const sent = w.results.at(-1) as { ids: Int32Array };
    expect(sent.ids.byteLength).toBe(0);
    const ev = await engine.event('global', 100);
    expect(ev.index).toBe(100);
    expect(typeof ev.message).toBe('string');
    expect(ev.changes).toBeInstanceOf(Int32Array);
    // another policy's timeline, built on demand
    const t = await engine.timeline('local');
    expect(t.policy).toBe('local');
    expect(t.rows.names.some((x) => x.endsWith('/G'))).toBe(false);
  });

  it('runs scenario files too, the same through the worker as in the page, and fills a scenario host', async () => {
    const engine = keep(createWorkerEngine(() => fakeWorker()));
    const page = keep(createPageEngine());
    const [r, p] = await Promise.all([engine.open(S1, ['global']), page.open(S1, ['global'])]);
    if (!r.ok || !p.ok) throw new Error('S1 did not open');
    expect(r.head).toEqual(p.head);
    expect(r.runs[0].columns).toEqual(p.runs[0].columns);
    expect(r.runs[0].columns.code).toBeInstanceOf(Uint8Array);
    expect(r.events).toHaveLength(r.head.events);
    // The migration step: the frame, its outcome and the state before it.
    const f = await engine.frame('global', 10);
    expect(f.cursor).toBe(10);
    expect(f.outcome).toMatchObject({ op: 'migrate', ok: false, code: 'EBUSY' });
    expect(f.prev?.cursor).toBe(9);
    expect(f).toEqual(await page.frame('global', 10));
    expect(await engine.events(8, 10)).toEqual(r.events!.slice(8, 10));
    const more = await engine.ensure(['split', 'global']);
    expect(more.map((x) => x.key)).toEqual(['split', 'global']);
    const touched = await engine.touching('split', { type: 'guest', vm: 'vm1', process: 'p1' });
    expect(touched).toBeInstanceOf(Int32Array);
    expect(touched.length).toBeGreaterThan(0);
    expect(Array.from(touched)).toEqual(Array.from(await (page.ensure(['split']), page.touching('split', { type: 'guest', vm: 'vm1', process: 'p1' }))));
    const bad = await engine.open('{"format":"nope"}', ['global']);
    expect(bad.ok).toBe(false);
    const s = await engine.run({
      kind: 'scenario',
      text: S1,
      name: 's1',
      fills: [{ host: 'B', level: 0.1, pattern: 'lowest', seed: 0 }],
      policy: 'split',
    });
    expect(s.fills).toHaveLength(1);
    expect(s.description).toContain('B to 10% (lowest)');
  });

  it('sweeps fill levels and returns the points as typed arrays; the loaded result stays', async () => {
    const engine = keep(createWorkerEngine(() => fakeWorker()));
    await engine.run({ kind: 'generate', params, policy: 'split' });
    const r = await engine.sweep(
      { kind: 'generate', params: { ...params, fillHosts: 1 }, policy: 'split' },
      [1, 0, 0.5],
    );
    expect(r.levels).toEqual([0, 0.5, 1]);
    expect(r.attempted).toBeInstanceOf(Uint32Array);
    expect(r.attempted).toHaveLength(12);
    // The sweep ran beside the loaded result, which still answers.
    await expect(engine.rows('split', 0, new Int32Array([0]))).resolves.toMatchObject({ policy: 'split', cursor: 0 });
    await expect(engine.sweep({ kind: 'generate', params, policy: 'split' }, [0.5])).rejects.toThrow(
      /at least 2 levels/,
    );
    await expect(
      engine.sweep({ kind: 'scenario', text: S1, name: 's1', fills: [], policy: 'split' }, [0, 1]),
    ).rejects.toThrow(/choose the hosts/);
  });

  it('cancels at once by terminating the worker', async () => {
    const w = fakeWorker(50);
    const engine = keep(createWorkerEngine(() => w));
    const ac = new AbortController();
    const p = engine.run(
      { kind: 'generate', params: { ...params, events: 200_000 }, policy: 'split' },
      { signal: ac.signal },
    );
    setTimeout(() => ac.abort(), 30);
    await expect(p).rejects.toBeInstanceOf(Cancelled);
    expect(w.terminated()).toBe(true);
    await expect(engine.rows('split', 0, new Int32Array(1))).rejects.toBeInstanceOf(Cancelled);
  });

  it('says so when the worker dies, for the pending call and every later one', async () => {
    const w = fakeWorker(50);
    const engine = keep(createWorkerEngine(() => w));
    const p = engine.run({ kind: 'generate', params: { ...params, events: 200_000 }, policy: 'split' });
    setTimeout(() => w.crash('Uncaught RangeError: Array buffer allocation failed'), 20);
    await expect(p).rejects.toThrow(WorkerStopped);
    await expect(p).rejects.toThrow(
      /the engine worker stopped: Uncaught RangeError: Array buffer allocation failed/,
    );
    await expect(engine.event('split', 0)).rejects.toThrow(/the engine worker stopped/);
  });

  it('says so when a message from the worker cannot be read', async () => {
    const w = fakeWorker(50);
    const engine = keep(createWorkerEngine(() => w));
    const p = engine.run({ kind: 'generate', params: { ...params, events: 200_000 }, policy: 'split' });
    setTimeout(() => w.garble(), 20);
    await expect(p).rejects.toThrow(/the engine worker stopped: a message from it could not be read/);
    expect(w.terminated()).toBe(true);
  });

  it('drops a progress report that trails the answer, so an idle worker is not taken for dead', async () => {
    // The answer first, then one more report on the progress port, as the real worker may send them.
    const w = portWorker({
      run: (_req: unknown, onProgress?: (p: Progress) => void) => {
        setTimeout(() => void onProgress?.({ phase: 'late', done: 1, total: 1, elapsedMs: 1, etaMs: null }), 20);
        return Promise.resolve({ events: 1 });
      },
    });
    const engine = keep(createWorkerEngine(() => w, { stallMs: 300 }));
    const stopped: Error[] = [];
    engine.onStopped!((e) => stopped.push(e));
    const seen: Progress[] = [];
    await engine.run({ kind: 'generate', params, policy: 'split' }, { onProgress: (x) => seen.push(x) });
    await new Promise((r) => setTimeout(r, 700));
    expect(seen).toEqual([]);
    expect(stopped).toEqual([]);
    expect(w.terminated()).toBe(false);
  });

  it('takes a worker that stops reporting progress for dead, and terminates it', async () => {
    const w = scriptedWorker({ reports: 3, thenSilent: true });
    const engine = keep(createWorkerEngine(() => w, { stallMs: 1000 }));
    const stopped: Error[] = [];
    engine.onStopped!((e) => stopped.push(e));
    const seen: Progress[] = [];
    const p = engine.run({ kind: 'generate', params, policy: 'split' }, { onProgress: (x) => seen.push(x) });
    await expect(p).rejects.toThrow(/^the engine worker stopped: it stopped answering: no progress for 1 s$/);
    // It had reported, then went silent mid-run (an endless loop, a lost port).
    expect(seen.map((x) => x.done)).toEqual([1, 2, 3]);
    expect(w.terminated()).toBe(true);
    expect(stopped.map((x) => x.message)).toEqual(['the engine worker stopped: it stopped answering: no progress for 1 s']);
    await expect(engine.rows('split', 0, new Int32Array(1))).rejects.toBeInstanceOf(WorkerStopped);
  });

  it('lets a run that keeps reporting go on far past the stall bound', async () => {
    const w = scriptedWorker({ reports: 50, thenSilent: false });
    const engine = keep(createWorkerEngine(() => w, { stallMs: 1000 }));
    const t0 = performance.now();
    // No listener of its own: the watchdog still hears the reports.
    await expect(engine.run({ kind: 'generate', params, policy: 'split' })).resolves.toMatchObject({ events: 50 });
    expect(performance.now() - t0).toBeGreaterThan(2 * 1000);
    expect(w.terminated()).toBe(false);
  });

  it('tells onStopped listeners of a death, not of a cancel or dispose', async () => {
    const deaths: string[] = [];
    const a = createWorkerEngine(() => fakeWorker());
    a.onStopped!((e) => deaths.push(e.message));
    await a.run({ kind: 'generate', params, policy: 'split' });
    a.dispose();
    const wb = fakeWorker(50);
    const b = createWorkerEngine(() => wb);
    b.onStopped!((e) => deaths.push(e.message));
    const ac = new AbortController();
    const p = b.run({ kind: 'generate', params: { ...params, events: 200_000 }, policy: 'split' }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toBeInstanceOf(Cancelled);
    expect(deaths).toEqual([]);
    const wc = fakeWorker();
    const c = keep(createWorkerEngine(() => wc));
    c.onStopped!((e) => deaths.push(e.message));
    await c.run({ kind: 'generate', params, policy: 'split' });
    wc.crash('Uncaught Error: later');
    expect(deaths).toEqual(['the engine worker stopped: Uncaught Error: later']);
  });

  it('passes an error thrown in the worker to the page with its message', async () => {
    const engine = keep(createWorkerEngine(() => fakeWorker()));
    await expect(
      engine.run({ kind: 'generate', params: { seed: 1, events: 0 }, policy: 'split' }),
    ).rejects.toThrow(/events: Too small/);
    await expect(engine.rows('split', 0, new Int32Array(1))).rejects.toThrow(/no split timeline/);
  });
});

describe('the in-page engine', () => {
  it('stops a run at the next slice when cancelled', async () => {
    const engine = keep(createPageEngine());
    const ac = new AbortController();
    let slices = 0;
    const p = engine.run(
      { kind: 'generate', params: { ...params, events: 200_000 }, policy: 'split' },
      {
        signal: ac.signal,
        onProgress: () => {
          if (++slices === 3) ac.abort();
        },
      },
    );
    await expect(p).rejects.toBeInstanceOf(Cancelled);
    // and runs the next one
    const s = await engine.run({ kind: 'generate', params, policy: 'linux' });
    expect(s.timeline.policy).toBe('linux');
  });

  it('builds a large scenario in slices with progress, giving the page turns, and a later open supersedes it', async () => {
    const engine = keep(createPageEngine());
    const big = JSON.stringify(scenarioFile(generateWorkload({ seed: 7, events: 20_000, hosts: 2 }).scenario));
    const seen: Progress[] = [];
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const r = await engine.open(big, ['split', 'global'], { onProgress: (p) => seen.push(p) });
    ticking = false;
    expect(r.ok).toBe(true);
    expect(turns).toBeGreaterThan(1);
    expect(seen[0].phase).toBe('reading');
    const built = seen.slice(1);
    expect(built.length).toBeGreaterThan(1);
    for (let i = 1; i < built.length; i++) expect(built[i].done).toBeGreaterThanOrEqual(built[i - 1].done);
    expect(built.at(-1)).toMatchObject({ phase: 'done', done: 40_000, total: 40_000 });
    expect(built.some((p) => p.phase === 'running under global')).toBe(true);

    // Opened while another is still building: the first answers that it was superseded, the second is what is open.
    const first = engine.open(big, ['split']);
    const second = engine.open(S1, ['split']);
    const [a, b] = await Promise.all([first, second]);
    expect(a.ok).toBe(false);
    expect(b.ok && b.head.title).toMatch(/^S1:/);
    expect((await engine.frame('split', 0)).snap.hosts.length).toBeGreaterThan(0);
  });

  it('reports the progress of an open through the worker too', async () => {
    const engine = keep(createWorkerEngine(() => fakeWorker()));
    const big = JSON.stringify(scenarioFile(generateWorkload({ seed: 7, events: 20_000, hosts: 2 }).scenario));
    const seen: Progress[] = [];
    const r = await engine.open(big, ['split'], { onProgress: (p) => seen.push(p) });
    expect(r.ok).toBe(true);
    // Messages from the worker side may trail its answer by a turn.
    await new Promise((res) => setTimeout(res, 20));
    expect(seen.at(-1)).toMatchObject({ phase: 'done', done: 20_000, total: 20_000 });
  });
});

