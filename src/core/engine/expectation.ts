/**
 * An outcome checked against its event's `expect` (DOMAIN.md §4): each field the pattern
 * gives must equal the outcome's; a field the outcome lacks counts as `null`.
 */
import { PATTERN_FIELDS, patternFor, type ScenarioEvent } from '../scenario/index.ts';
import type { ExpectationFailure, Outcome } from '../model/outcome.ts';
import type { PolicyKind } from '../model/policy.ts';

export function checkExpectation(e: ScenarioEvent, kind: PolicyKind, o: Outcome): { checked: boolean; failures: ExpectationFailure[] } {
  const pattern = patternFor(e.expect, kind);
  if (!pattern) return { checked: false, failures: [] };
  const failures: ExpectationFailure[] = [];
  for (const field of PATTERN_FIELDS) {
    const want = pattern[field];
    if (want === undefined) continue;
    const actual = o[field];
    if (actual !== want)
      failures.push({
        index: o.index,
        field,
        expected: want,
        actual: actual ?? null,
        message: `events[${o.index}] (${e.op}) under ${kind}: expected ${field} ${JSON.stringify(want)}, got ${JSON.stringify(actual ?? null)}`,
      });
  }
  return { checked: true, failures };
}
