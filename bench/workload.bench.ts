/**
 * engine-events: engine throughput on a seeded random workload (the workload generator):
 * 1M events over 16 hosts, each of the four policies applying every event on one state,
 * over the four and per policy.
 * seek: random seeks on the one timeline (core/timeline/timeline.ts) at 1M events, as the
 * Workloads panel builds it (a filled initial state) and as the scenario view builds it
 * for an imported file (the same events as scenario text, parsed): worst and p99 of 200,
 * and the timeline's bytes per event.
 */
import { generateWorkload, scenarioFile } from '../src/core/fleet/workload.ts';
import { filledState } from '../src/core/fleet/fleet-stats.ts';
import { parseScenarioText } from '../src/core/scenario/index.ts';
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
/** DESIGN.md's goals: events per second on the bundled core; a seek's worst, ms. */
const GOAL = 1_500_000;
const SEEK_GOAL = 16;

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
  const perPolicy: ReturnType<typeof compare>[] = [];
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
    perPolicy.push(compare(`engine-events-${kind}`, 'events/s', (events.length / ms) * 1000, GOAL, 'ratio ≥ 1'));
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
  return [compare('engine-events', 'events/s', rate, GOAL, 'ratio ≥ 1'), ...perPolicy];
});

register('seek', (ctx) => {
  const w = generateWorkload({ seed: SEED, events: EVENTS, hosts: HOSTS });
  const results: ReturnType<typeof compare>[] = [];
  const notes: string[] = [];
  // The Workloads panel's timeline (its initial state filled, here with no fill) and the
  // scenario view's for the same events imported as a file.
  const text = JSON.stringify(scenarioFile(w.scenario));
  const parsed = parseScenarioText(text);
  if (!parsed.ok) throw new Error('the generated workload does not parse');
  for (const [name, scenario, initial] of [
    ['seek', w.scenario, filledState(w.scenario, 'split', w.fills).state],
    ['seek-scenario', parsed.scenario, undefined],
  ] as const) {
    ctx.progress(`${name}: building the ${EVENTS.toLocaleString('en')}-event timeline`);
    const t0 = performance.now();
    const t = createTimeline(scenario, 'split', initial ? { initial } : {});
    while (!t.step(50_000));
    const buildMs = performance.now() - t0;
    // Collect the previous benchmarks' garbage first (engine-events leaves four 1M-event
    // states behind): a major GC landing inside one seek measures the collector, not the seek.
    collectGarbage();
    ctx.progress(`${name}: random seeks`);
    const times = timeRandomSeeks((c) => t.stateAt(c), EVENTS, SEEKS, SEED);
    const worst = Math.max(...times);
    results.push(compare(name, 'ms (worst)', worst, SEEK_GOAL, 'ratio ≤ 1'), compare(`${name}-p99`, 'ms', percentile(times, 0.99), SEEK_GOAL, 'ratio ≤ 1'));
    if (name === 'seek') results.push(compare('timeline-bytes-per-event', 'bytes', t.byteSize() / EVENTS, null, '—'));
    notes.push(
      `${name}: ${SEEKS} seeded random seeks on the split timeline (${t.checkpoints} net-difference checkpoints, ~${Math.round(t.byteSize() / 1e6)} MB of effect log, columns and checkpoints): ` +
        `median ${median(times).toFixed(1)} ms, p99 ${percentile(times, 0.99).toFixed(1)} ms, worst ${worst.toFixed(1)} ms; built in ${(buildMs / 1000).toFixed(1)} s (invariants checked on what each event touched).`,
    );
  }
  ctx.note(notes.join(' ') + ' On a loaded machine the worst is often the scheduler\'s or the collector\'s.');
  return results;
});
