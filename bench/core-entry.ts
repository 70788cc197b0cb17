/** What the benchmarks take from the bundled core (bench/bundled-core.ts). */
export { generateWorkload } from '../src/core/workload.ts';
export { filledState, runPolicyStats } from '../src/core/fleet-stats.ts';
export { applyEvent } from '../src/core/engine.ts';
export { POLICY_KINDS } from '../src/core/types.ts';
