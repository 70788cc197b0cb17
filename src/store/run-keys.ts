/** The run keys a view shows: the one policy choice, or all four kinds side by side. */
import { POLICY_KINDS } from '../core/model/types.ts';
import type { PolicyChoice, RunKey } from '../worker/engine.ts';

export function activeKeys(s: { policy: PolicyChoice; compare: boolean }): RunKey[] {
  return s.compare ? [...POLICY_KINDS] : [s.policy];
}
