/**
 * The engine against a model that is not the engine: random valid scenarios run through
 * both the engine and the deliberately simple reference model of DOMAIN.md §5
 * (src/core/reference/), under each of the four policies, and every outcome's ok, code,
 * pasid, hpasid, wire, fault and conflict count must agree. Disagreements found this way
 * were decided from the contract; each is kept as a regression test beside the rule it
 * concerns (engine.test.ts, migrate/migrate.test.ts).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runReference } from '../reference/reference-model.testkit.ts';
import { scenarioArb } from '../reference/random-scenario.testkit.ts';
import { parseScenario } from '../scenario/index.ts';
import { buildTimeline } from '../timeline/timeline.ts';
import { POLICY_KINDS, type PolicyKind } from '../model/types.ts';

const fields = (o: { ok: boolean; code?: string; pasid?: number; hpasid?: number; wire?: number; fault?: string }, conflicts: number) => ({
  ok: o.ok,
  code: o.code,
  pasid: o.pasid,
  hpasid: o.hpasid,
  wire: o.wire,
  fault: o.fault,
  conflicts,
});

function agree(doc: Record<string, unknown>, kind: PolicyKind | undefined): void {
  const parsed = parseScenario(doc);
  if (!parsed.ok) throw new Error(`the parser refused a valid document: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  const t = buildTimeline(parsed.scenario, kind);
  expect(t.violations).toEqual([]);
  const ref = runReference(doc, kind, { selfCheck: false });
  for (let i = 0; i < t.length; i++) {
    const o = t.outcome(i);
    const mine = fields(o, o.conflicts?.length ?? 0);
    const theirs = fields(ref[i], ref[i].conflicts);
    if (JSON.stringify(mine) !== JSON.stringify(theirs))
      expect({ event: i, op: o.op, policy: kind ?? 'declared', ...mine, message: o.message }).toEqual({
        event: i,
        op: o.op,
        policy: kind ?? 'declared',
        ...theirs,
        message: ref[i].message,
      });
  }
}

describe('the engine agrees with the reference model', () => {
  for (const kind of POLICY_KINDS)
    it(`on 2,000 random scenarios under ${kind}`, () => {
      fc.assert(
        fc.property(scenarioArb, (doc) => agree(doc, kind)),
        { numRuns: 2000 },
      );
    });
  it('on 500 random scenarios as declared (mixed policies)', () => {
    fc.assert(
      fc.property(scenarioArb, (doc) => agree(doc, undefined)),
      { numRuns: 500 },
    );
  });
});
