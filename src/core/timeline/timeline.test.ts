import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTimeline } from './timeline.ts';
import { generateWorkload } from '../fleet/workload.ts';
import { filledState } from '../fleet/fleet-stats.ts';
import { applyEvent } from '../engine/apply-event.ts';
import { snapshotOf } from '../engine/snapshot.ts';
import type { EngineState } from '../engine/state.ts';
import { POLICY_KINDS, type PolicyKind } from '../model/types.ts';
import type { Scenario } from '../scenario/index.ts';
import type { FillSpec } from '../fleet/fill.ts';

/** The state after `cursor` events, by a fresh run from the filled initial state. */
function fresh(s: Scenario, kind: PolicyKind, fills: FillSpec[], cursor: number): EngineState {
  const { scenario, state } = filledState(s, kind, fills);
  for (let i = 0; i < cursor; i++) {
    try {
      applyEvent(state, scenario.events[i], i);
    } catch {
      // an engine error leaves the state as it was, in both runs
    }
  }
  return state;
}

describe('the timeline of a filled workload', () => {
  it('seeks to any event and gives the state a fresh run gives, in any order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.constantFrom(...POLICY_KINDS),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (seed, kind, seeks, fill) => {
          const w = generateWorkload({
            seed,
            events: 300,
            hosts: 3,
            pfs: 3,
            vfsPerPf: 2,
            iommuBits: 8,
            widths: [8, 6],
            hostProcs: 6,
            guestProcs: 3,
            migrate: 0.2,
            ...(fill ? { fill: 0.5, fillHosts: 1, fillPattern: 'random' as const } : {}),
          });
          const t = createTimeline(w.scenario, kind, { initial: filledState(w.scenario, kind, w.fills).state, checkpointEvery: 16 });
          while (!t.step(50));
          for (const raw of seeks) {
            const c = raw % (t.length + 1);
            expect(snapshotOf(t.stateAt(c), c)).toEqual(snapshotOf(fresh(w.scenario, kind, w.fills, c), c));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('records one compact outcome per event and re-runs any event for its details', () => {
    const w = generateWorkload({ seed: 7, events: 500, hosts: 2 });
    const t = createTimeline(w.scenario, 'global', { checkpointEvery: 64 });
    expect(t.step(100)).toBe(false);
    expect(t.built).toBe(100);
    // Seeking inside what is built works while the build goes on, and the build resumes from its end.
    expect(snapshotOf(t.stateAt(3), 3)).toEqual(snapshotOf(fresh(w.scenario, 'global', [], 3), 3));
    while (!t.step(100));
    const { scenario, state } = filledState(w.scenario, 'global', []);
    for (let i = 0; i < scenario.events.length; i++) {
      const o = applyEvent(state, scenario.events[i], i);
      expect(t.columns.code[i] === 0).toBe(o.ok);
      expect(t.columns.pasid[i]).toBe(o.pasid ?? -1);
    }
    const o = t.outcome(250);
    const again = applyEvent(fresh(w.scenario, 'global', [], 250), scenario.events[250], 250);
    expect(o.message).toBe(again.message);
    expect(o.ok).toBe(again.ok);
  });

  it('keeps net differences as small as the churn, not as the fill', () => {
    const w = generateWorkload({ seed: 3, events: 4000, hosts: 2, fill: 0.5, fillHosts: 1, iommuBits: 14, widths: [14] });
    const t = createTimeline(w.scenario, 'global', { initial: filledState(w.scenario, 'global', w.fills).state, checkpointEvery: 512 });
    while (!t.step(1000));
    // The fill placed ~8K tenants; the ledger only holds what the events changed.
    expect(t.ledgerSize).toBeLessThan(2000);
    t.stateAt(0);
    expect(t.ledgerSize).toBe(0);
  });
});
