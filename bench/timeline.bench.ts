/**
 * seek-timeline: the scenario timeline (core/timeline.ts, the one the app and the CLI step
 * through) built over a 1M-event seeded workload in compact mode — effects packed in an
 * EffectLog, full-state checkpoints — then seeked at random. The Workload panel's bulk
 * timeline has its own `seek` result (workload.bench.ts).
 */
import { generateWorkload } from '../src/core/fleet/workload.ts';
import { buildTimeline } from '../src/core/timeline/timeline.ts';
import { compare, median, percentile, register, timeRandomSeeks } from './registry.ts';

const EVENTS = 1_000_000;
const SEED = 20210510;
const SEEKS = 200;

register('seek-timeline', (ctx) => {
  ctx.progress(`seek-timeline: generating ${EVENTS.toLocaleString('en')} events`);
  const w = generateWorkload({ seed: SEED, events: EVENTS, hosts: 16 });
  ctx.progress('seek-timeline: building the timeline (split, invariant checks off)');
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const t = buildTimeline(w.scenario, 'split', { checkInvariants: false });
  const buildMs = performance.now() - t0;
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
  const times = timeRandomSeeks((c) => t.stateAt(c), EVENTS, SEEKS, SEED);
  const worst = Math.max(...times);
  // A major GC can land inside one seek: the worst case includes it, the p99 beside it does not always.
  const p99 = percentile(times, 0.99);
  const s = performance.now();
  t.outcome(EVENTS >> 1);
  const outcomeMs = performance.now() - s;
  ctx.note(
    `seek-timeline: ${SEEKS} seeded random seeks on the compact scenario timeline of a ${EVENTS.toLocaleString('en')}-event workload: ` +
      `median ${median(times).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, worst ${worst.toFixed(1)} ms; building it took ${(buildMs / 1000).toFixed(1)} s ` +
      `(${(((EVENTS / buildMs) * 1000) / 1e6).toFixed(2)}M events/s) and ~${Math.round(heapMb)} MB of heap; one full outcome rebuilt on demand: ${outcomeMs.toFixed(1)} ms.`,
  );
  return [compare('seek-timeline', 'ms (worst)', worst, 50, 'ratio ≤ 1')];
});
