/**
 * The one interface the UI uses to run scenarios (DESIGN.md convention 8, Perfetto's
 * engine proxy). Everything is async so a Web Worker implementation can take its place
 * without the UI noticing; today's implementation runs the core in the page.
 *
 * One engine holds one run: a scenario under one policy choice. Compare mode keeps four.
 */
import { parseScenarioText, type InputProblem, type Scenario } from '../core/scenario/index.ts';
import type { Outcome, PolicyKind, RunChecks, Snapshot } from '../core/model/types.ts';
import { buildTimeline, type Timeline } from '../core/timeline/timeline.ts';

/** `declared`: every host runs the policy it declares; a kind: every host runs that kind. */
export type PolicyChoice = PolicyKind | 'declared';

/** What a loaded run tells the UI up front: every outcome and check, no state. */
export interface RunSummary extends RunChecks {
  /** every event's outcome */
  outcomes: Outcome[];
  /** number of events; cursors run 0..length */
  length: number;
  /** the scenario as parsed (defaults applied, policy not overridden) */
  scenario: Scenario;
}

export type LoadResult = { ok: true; run: RunSummary } | { ok: false; problems: InputProblem[] };

export interface Engine {
  /** Parse and run `text` under `policy`. Never rejects for bad input: problems come back by JSON path. */
  load(text: string, policy: PolicyChoice): Promise<LoadResult>;
  /** The whole state after `cursor` events. Rejects when nothing is loaded. */
  snapshot(cursor: number): Promise<Snapshot>;
  /** Release what the run holds. */
  dispose(): void;
}

/** An engine that runs the core on the calling thread. */
export function createInProcessEngine(): Engine {
  let timeline: Timeline | null = null;
  return {
    async load(text, policy) {
      const parsed = parseScenarioText(text);
      if (!parsed.ok) return { ok: false, problems: parsed.problems };
      try {
        timeline = buildTimeline(parsed.scenario, policy === 'declared' ? undefined : policy);
      } catch (e) {
        // An engine bug, not the user's: say so in one line, never with a stack.
        timeline = null;
        return { ok: false, problems: [{ path: '', message: `the engine could not run this scenario: ${errorText(e)}` }] };
      }
      const t = timeline;
      return {
        ok: true,
        run: {
          policy: t.policy,
          outcomes: Array.from({ length: t.length }, (_, i) => t.outcome(i)),
          expectations: t.expectations,
          violations: t.violations,
          warnings: t.warnings,
          length: t.length,
          scenario: parsed.scenario,
        },
      };
    },
    async snapshot(cursor) {
      if (!timeline) throw new Error('no scenario loaded');
      const c = Math.max(0, Math.min(timeline.length, Math.floor(cursor)));
      return timeline.snapshot(c);
    },
    dispose() {
      timeline = null;
    },
  };
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0];
  return String(e).split('\n')[0];
}
