/**
 * The embed's own small store (whether its scenario opened, and the messages it ignored)
 * and the state message built from it and the app's store. Kept apart from the app's
 * store so the embed adds nothing to its slices.
 */
import { create } from 'zustand';
import { POLICY_KINDS, type Outcome, type PolicyKind } from '../core/model/types.ts';
import { outcomeLabel } from '../core/view/outcome-label.ts';
import type { RunInfo } from '../worker/engine.ts';
import { columnFields } from '../core/timeline/outcome-columns.ts';
import { EMBED_PROTOCOL, type EmbedOutcome, type EmbedState } from './embed-protocol.ts';
import type { AppState } from './store.ts';

export interface EmbedStatus {
  /** `loading` until the scenario is open; `error` when it cannot be */
  phase: 'loading' | 'ready' | 'error';
  /** what went wrong, one line each (bad parameters, an unknown scenario) */
  problems: string[];
  /** messages from a window or an origin that may not drive the view */
  refused: number;
  /** messages from an allowed origin that are not commands */
  malformed: number;
}

export const useEmbedStatus = create<EmbedStatus>()(() => ({ phase: 'loading', problems: [], refused: 0, malformed: 0 }));

/** An outcome as the protocol sends it. */
export function embedOutcome(o: Pick<Outcome, 'op' | 'ok' | 'code' | 'pasid' | 'hpasid' | 'wire' | 'fault'> | undefined): EmbedOutcome | null {
  if (!o) return null;
  const out: EmbedOutcome = { op: o.op, ok: o.ok, chip: outcomeLabel(o) };
  if (o.code !== undefined) out.code = o.code;
  if (o.pasid !== undefined) out.pasid = o.pasid;
  if (o.hpasid !== undefined) out.hpasid = o.hpasid;
  if (o.wire !== undefined) out.wire = o.wire;
  if (o.fault !== undefined) out.fault = o.fault;
  return out;
}

/** The outcome of the step's event, from the run's columns (the store holds no outcome objects). */
function outcomeOf(run: RunInfo | undefined, step: number): EmbedOutcome | null {
  return step > 0 && run && step <= run.length ? embedOutcome(columnFields(run.columns, step - 1)) : null;
}

/** The state message for the current view. */
export function embedState(s: Pick<AppState, 'source' | 'scenario' | 'runs' | 'cursor' | 'policy' | 'compare'>, st: EmbedStatus): EmbedState {
  const ready = st.phase === 'ready' && s.scenario !== null;
  const step = ready ? s.cursor : 0;
  const main = s.compare ? (s.policy === 'declared' ? undefined : s.runs[s.policy]) : s.runs[s.policy];
  const anyRun = Object.values(s.runs).find((r) => r !== undefined);
  let outcomes: Record<PolicyKind, EmbedOutcome | null> | null = null;
  if (ready && s.compare) {
    const o = {} as Record<PolicyKind, EmbedOutcome | null>;
    for (const k of POLICY_KINDS) o[k] = outcomeOf(s.runs[k], step);
    outcomes = o;
  }
  return {
    pasidscope: EMBED_PROTOCOL,
    event: 'state',
    ready,
    error: st.phase === 'error' ? st.problems.join('; ') : null,
    scenario: ready && s.source ? (s.source.kind === 'bundled' ? s.source.file : s.source.name) : null,
    title: ready ? (s.scenario?.title ?? null) : null,
    step,
    length: ready ? (anyRun?.length ?? 0) : 0,
    policy: s.policy,
    compare: s.compare,
    outcome: ready ? outcomeOf(main, step) : null,
    outcomes,
    debug: { refused: st.refused, malformed: st.malformed },
  };
}
