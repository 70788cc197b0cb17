/**
 * Derived data (DESIGN.md convention 4): computed from the store, memoised on the
 * identity of what they read so references stay stable while nothing changes. Outcomes
 * are read from each run's typed columns; an event from the event cache, fetched from the
 * engine when it is not there yet.
 */
import { useEffect } from 'react';
import { POLICY_KINDS, type PolicyKind } from '../core/model/types.ts';
import type { ScenarioEvent } from '../core/scenario/index.ts';
import { outcomeLabel } from '../core/view/outcome-label.ts';
import { columnFields } from '../core/timeline/outcome-columns.ts';
import { useAppStore, type RunKey } from '../store/store.ts';
import { currentEvents } from '../store/event-cache.ts';
import type { FrameData, RunInfo, ScenarioHead } from '../worker/engine.ts';
import type { StepScenario } from './maps/model.ts';

type Runs = Partial<Record<RunKey, RunInfo>>;

/** The chip of event `i` of a run (`ok 0x1000`, `EFAULT breach`), from its columns. */
export function chipAt(run: RunInfo | undefined, i: number): string {
  return run && i >= 0 && i < run.length ? outcomeLabel(columnFields(run.columns, i)) : '';
}

/** The short outcome of event `i` (ok, code, numbers, fault), from the run's columns. */
export function fieldsAt(run: RunInfo | undefined, i: number) {
  return run && i >= 0 && i < run.length ? columnFields(run.columns, i) : undefined;
}

const differCache = new WeakMap<Runs, Map<string, Uint8Array | null>>();

/**
 * Per event: do the shown policies' outcomes differ (1) or not (0)? The four by default,
 * or an A/B pair. null until all their runs are loaded.
 */
export function differingEvents(runs: Runs, kinds: readonly PolicyKind[] = POLICY_KINDS): Uint8Array | null {
  const key = kinds.join(',');
  let byKinds = differCache.get(runs);
  if (!byKinds) differCache.set(runs, (byKinds = new Map()));
  if (byKinds.has(key)) return byKinds.get(key)!;
  const all = kinds.map((k) => runs[k]);
  let out: Uint8Array | null = null;
  if (all.every(Boolean)) {
    const n = all[0]!.length;
    out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const first = chipAt(all[0], i);
      for (let k = 1; k < all.length; k++)
        if (chipAt(all[k], i) !== first) {
          out[i] = 1;
          break;
        }
    }
  }
  byKinds.set(key, out);
  return out;
}

/** Which expectation failures and warnings belong to event `index`. */
export function checksFor(run: RunInfo | undefined, index: number) {
  return {
    failed: run?.expectations.failed.filter((f) => f.index === index) ?? [],
    warnings: run?.warnings.filter((w) => w.index === index) ?? [],
    violations: run?.violations.filter((v) => v.index === index) ?? [],
  };
}

/**
 * Events `[from, to)` of the open scenario as they arrive: asks the engine for the ones the
 * cache lacks and renders again when they come. Returns a lookup by index.
 */
export function useEvents(from: number, to: number): (i: number) => ScenarioEvent | undefined {
  useAppStore((s) => s.eventsVersion);
  const cache = currentEvents();
  useEffect(() => {
    cache?.ensure(from, to);
  }, [cache, from, to]);
  return (i: number) => cache?.get(i);
}

/** The events at `indices` as they arrive (a scattered list: the events that touched a holder). */
export function useEventList(indices: readonly number[]): (i: number) => ScenarioEvent | undefined {
  useAppStore((s) => s.eventsVersion);
  const cache = currentEvents();
  useEffect(() => {
    for (const i of indices) cache?.ensure(i, i + 1);
  }, [cache, indices]);
  return (i: number) => cache?.get(i);
}

/**
 * The step the view is on, for a run key: the event that led to the cursor, its outcome's
 * chip fields (from the columns, at once) and the whole outcome (with the frame, when it
 * has arrived for this cursor).
 */
export function useStep(key: RunKey) {
  const cursor = useAppStore((s) => s.cursor);
  const run = useAppStore((s) => s.runs[key]);
  const frame = useAppStore((s) => s.frames[key]);
  const eventAt = useEvents(Math.max(0, cursor - 1), cursor);
  const current = frame && frame.cursor === cursor ? frame : undefined;
  return {
    cursor,
    run,
    event: cursor > 0 ? (current?.event ?? eventAt(cursor - 1)) : undefined,
    fields: fieldsAt(run, cursor - 1),
    chip: chipAt(run, cursor - 1),
    outcome: current?.outcome ?? undefined,
  };
}

/** The same outside React: what the store has now (exports). */
export function stepNow(s: { cursor: number; runs: Runs; frames: Partial<Record<RunKey, FrameData>> }, key: RunKey) {
  const frame = s.frames[key];
  const current = frame && frame.cursor === s.cursor ? frame : undefined;
  return {
    event: s.cursor > 0 ? (current?.event ?? currentEvents()?.get(s.cursor - 1)) : undefined,
    outcome: current?.outcome ?? undefined,
  };
}

const stepCache = new WeakMap<object, StepScenario>();

/**
 * The scenario as a panel reads it at a frame: the owners (colours) and the event of the
 * frame's outcome, which comes with the frame; other events from the cache.
 */
export function stepScenario(head: ScenarioHead, frame: FrameData | undefined): StepScenario {
  const key = frame ?? head;
  let v = stepCache.get(key);
  if (!v) {
    const at = frame?.outcome?.index;
    v = { owners: head.owners, eventAt: (i) => (i === at ? (frame!.event ?? undefined) : currentEvents()?.get(i)) };
    stepCache.set(key, v);
  }
  return v;
}

export const POLICY_BLURB: Record<PolicyKind, string> = {
  global: 'one host-wide space for everything; guests take host numbers (IOASID era)',
  local: 'no global space: every RID allocates on its own (Jason Gunthorpe)',
  split: 'guests below localEnd, host-wide G above it (Ashok Raj)',
  linux: 'G for host SVA; guests pick their own through iommufd (Linux 2025)',
};
