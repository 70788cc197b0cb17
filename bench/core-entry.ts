/** What the benchmarks take from the bundled core (bench/bundled-core.ts). */
export { generateWorkload } from '../src/core/fleet/workload.ts';
export { filledState, runPolicyStats } from '../src/core/fleet/fleet-stats.ts';
export { applyEvent } from '../src/core/engine/apply-event.ts';
export { POLICY_KINDS } from '../src/core/model/types.ts';
export { createTimeline } from '../src/core/timeline/timeline.ts';
