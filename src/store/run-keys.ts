/**
 * The run keys a view shows: the one policy choice, or in compare mode the four kinds side
 * by side, or the two of an A/B pair.
 */
import { POLICY_KINDS, type PolicyKind } from '../core/model/types.ts';
import type { PolicyChoice, RunKey } from '../worker/engine.ts';

/** Two policies compared side by side (A/B); the four when null. */
export type PolicyPair = readonly [PolicyKind, PolicyKind];

export function activeKeys(s: { policy: PolicyChoice; compare: boolean; pair?: PolicyPair | null }): RunKey[] {
  if (!s.compare) return [s.policy];
  return s.pair ? [...s.pair] : [...POLICY_KINDS];
}

/** The policies a compare view shows, in the order it shows them. */
export function comparedKinds(pair: PolicyPair | null | undefined): PolicyKind[] {
  return pair ? [...pair] : [...POLICY_KINDS];
}

/** A pair is two different policies; anything else (one policy twice) is no pair. */
export function validPair(a: PolicyKind, b: PolicyKind): PolicyPair | null {
  return a === b ? null : [a, b];
}
