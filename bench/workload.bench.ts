/**
 * engine-events: engine throughput on a seeded random workload (the workload generator):
 * 1M events over 16 hosts, each of the four policies applying every event on one state.
 * seek: random seeks on the 1M-event bulk timeline the Workload panel scrubs
 * (core/bulk-timeline.ts), worst of 200.
 */
import { generateWorkload } from '../src/core/fleet/workload.ts';
import { createTimeline } from '../src/core/timeline/timeline.ts';
import { bundledCore } from './bundled-core.ts';
import { compare, median, percentile, register, timeRandomSeeks } from './registry.ts';
import v8 from 'node:v8';
import vm from 'node:vm';

function collectGarbage(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
  } catch {
    // no GC control here: measure as is
  }
}

const EVENTS = 1_000_000;
const HOSTS = 16;
const SEED = 20210510;
const SEEKS = 200;

register('engine-events', async (ctx) => {
  ctx.progress('engine-events: bundling the core as it ships');
  const { generateWorkload, filledState, applyEvent, runPolicyStats, POLICY_KINDS } = await bundledCore();
  ctx.progress(`engine-events: generating ${EVENTS.toLocaleString('en')} events`);
  const t0 = performance.now();
  const w = generateWorkload({ seed: SEED, events: EVENTS, hosts: HOSTS });
  const genMs = performance.now() - t0;
  let total = 0;
  let totalMs = 0;
  const per: string[] = [];
  for (const kind of POLICY_KINDS) {
    ctx.progress(`engine-events: ${kind}`);
    const { scenario, state } = filledState(w.scenario, kind, []);
    const events = scenario.events;
    const s = performance.now();
    // Record mode (no messages), as a timeline builds; a full outcome is rebuilt when asked for.
    for (let i = 0; i < events.length; i++) applyEvent(state, events[i], i, true);
    const ms = performance.now() - s;
    total += events.length;
    totalMs += ms;
    per.push(`${kind} ${(((events.length / ms) * 1000) / 1e6).toFixed(2)}M/s`);
  }
  const rate = (total / totalMs) * 1000;
  // The same work with the fleet statistics gathered (what the panel and the CLI run).
  ctx.progress('engine-events: with fleet statistics');
  const s = performance.now();
  for (const kind of POLICY_KINDS) runPolicyStats(w.scenario, kind, []);
  const withStats = ((total / (performance.now() - s)) * 1000) / 1e6;
  ctx.note(
    `engine-events: ${EVENTS.toLocaleString('en')}-event workload over ${HOSTS} hosts (seed ${SEED}), applyEvent on one state per policy, core bundled by Vite as it ships: ${per.join(', ')}; ` +
      `with fleet statistics gathered ${withStats.toFixed(2)}M/s; generating the events took ${Math.round(genMs)} ms.`,
  );
  return [compare('engine-events', 'events/s', rate, 1_000_000, 'ratio ≥ 1')];
});

register('seek', (ctx) => {
  ctx.progress(`seek: building the ${EVENTS.toLocaleString('en')}-event bulk timeline`);
  const w = generateWorkload({ seed: SEED, events: EVENTS, hosts: HOSTS });
  const t0 = performance.now();
  const t = createTimeline(w.scenario, 'split');
  while (!t.step(50_000));
  const buildMs = performance.now() - t0;
  // Collect the previous benchmarks' garbage first (engine-events leaves four 1M-event
  // states behind): a major GC landing inside one seek measures the collector, not the seek.
  collectGarbage();
  ctx.progress('seek: random seeks');
  const times = timeRandomSeeks((c) => t.stateAt(c), EVENTS, SEEKS, SEED);
  const worst = Math.max(...times);
  ctx.note(
    `seek: ${SEEKS} seeded random seeks on the split timeline of the same workload (${t.checkpoints} net-difference checkpoints, ` +
      `~${Math.round(t.byteSize() / 1e6)} MB of effect log and checkpoints): median ${median(times).toFixed(1)} ms, 95th percentile ${percentile(times, 0.95).toFixed(1)} ms, worst ${worst.toFixed(1)} ms (on a loaded machine the worst is the scheduler's or the collector's); ` +
      `building it (invariants checked on what each event touched) took ${(buildMs / 1000).toFixed(1)} s.`,
  );
  return [compare('seek', 'ms (worst)', worst, 50, 'ratio ≤ 1')];
});
