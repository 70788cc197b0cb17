/**
 * One policy's run of a workload or filled scenario kept as a timeline, with its fleet
 * statistics gathered while it builds: what the Workloads panel shows for the policy whose
 * maps and timeline it draws.
 */
import type { Scenario } from '../scenario/index.ts';
import type { PolicyKind } from '../model/policy.ts';
import { createTimeline, type Timeline, type TimelineOptions } from '../timeline/timeline.ts';
import type { FillSpec } from './fill.ts';
import { StatsCollector, filledState, type CollectorOptions, type PolicyStats } from './fleet-stats.ts';

export interface StatsTimeline {
  timeline: Timeline;
  /** The statistics, once the timeline is built, before anything seeks it (they read the live state). */
  finish(): PolicyStats;
}

export function statsTimeline(
  scenario: Scenario,
  kind: PolicyKind,
  fills: readonly FillSpec[],
  opts: CollectorOptions & Pick<TimelineOptions, 'checkpointEvery' | 'invariants'> = {},
): StatsTimeline {
  const { state } = filledState(scenario, kind, fills);
  const collector = new StatsCollector(kind, state, scenario.events.length, opts);
  const timeline = createTimeline(scenario, kind, {
    initial: state,
    ...(opts.checkpointEvery !== undefined ? { checkpointEvery: opts.checkpointEvery } : {}),
    ...(opts.invariants !== undefined ? { invariants: opts.invariants } : {}),
    observe: (i, e, o, engineError) => collector.observe(i, e, o, engineError),
  });
  let stats: PolicyStats | null = null;
  return {
    timeline,
    finish() {
      if (timeline.built < timeline.length) throw new Error('the timeline is still being built');
      return (stats ??= collector.finish());
    },
  };
}
