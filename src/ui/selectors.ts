/**
 * Derived data (DESIGN.md convention 4): computed from the store, memoised on the
 * identity of what they read so references stay stable while nothing changes.
 */
import { POLICY_KINDS, type Outcome, type PolicyKind } from '../core/model/types.ts';
import type { RunKey } from '../store/store.ts';
import type { RunSummary } from '../worker/engine.ts';
import { chipText } from './format.ts';

type Runs = Partial<Record<RunKey, RunSummary>>;

const differCache = new WeakMap<Runs, boolean[] | null>();

/** Per event: do the four policies' outcomes differ? null until all four runs are loaded. */
export function differingEvents(runs: Runs): boolean[] | null {
  if (differCache.has(runs)) return differCache.get(runs)!;
  const all = POLICY_KINDS.map((k) => runs[k]);
  let out: boolean[] | null = null;
  if (all.every(Boolean)) {
    const n = all[0]!.outcomes.length;
    out = Array.from({ length: n }, (_, i) => new Set(all.map((r) => chipText(r!.outcomes[i]))).size > 1);
  }
  differCache.set(runs, out);
  return out;
}

/** The outcome that led to `cursor` (the event just applied), if any. */
export function outcomeAt(run: RunSummary | undefined, cursor: number): Outcome | undefined {
  return cursor > 0 ? run?.outcomes[cursor - 1] : undefined;
}

/** Which expectation failures and warnings belong to event `index`. */
export function checksFor(run: RunSummary | undefined, index: number) {
  return {
    failed: run?.expectations.failed.filter((f) => f.index === index) ?? [],
    warnings: run?.warnings.filter((w) => w.index === index) ?? [],
    violations: run?.violations.filter((v) => v.index === index) ?? [],
  };
}

export const POLICY_BLURB: Record<PolicyKind, string> = {
  global: 'one host-wide space for everything; guests take host numbers (IOASID era)',
  local: 'no global space: every RID allocates on its own (Jason Gunthorpe)',
  split: 'guests below localEnd, host-wide G above it (Ashok Raj)',
  linux: 'G for host SVA; guests pick their own through iommufd (Linux 2025)',
};
