/**
 * One scenario file through the core: read it (read-input.ts), parse it, run it, and the
 * facts every output form needs about the run — its exit status, which events had their
 * expectation checked and under which policy kind, and an outcome as the tables show it.
 */
import { parseScenarioText, patternFor, type InputProblem, type Pattern, type Scenario } from '../core/scenario/index.ts';
import type { Timeline } from '../core/timeline/timeline.ts';
import { eventHost } from '../core/engine/apply-event.ts';
import type { Outcome, PolicyKind } from '../core/model/types.ts';
import { readScenarioFile } from './read-input.ts';

/** A parsed scenario, or why not: the file could not be read (`unreadable`), or its problems. */
export type Loaded =
  | { ok: true; scenario: Scenario }
  | { ok: false; unreadable: string; problems: InputProblem[] }
  | { ok: false; unreadable?: undefined; problems: InputProblem[] };

/** Read and parse `file`. Never throws. */
export function loadScenario(file: string): Loaded {
  const r = readScenarioFile(file);
  if (!r.ok) return { ok: false, unreadable: r.message, problems: [{ path: '', message: r.message }] };
  return parseScenarioText(r.text);
}

/** The stderr lines for a file that was not run (DOMAIN.md §6: every problem, by JSON path). */
export function problemLines(file: string, l: Exclude<Loaded, { ok: true }>): string[] {
  if (l.unreadable !== undefined) return [`${file}: ${l.unreadable}`];
  const problems = l.problems;
  return [
    `${file}: rejected, ${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
    ...problems.map((p) => `  ${p.path || '(document)'}: ${p.message}`),
  ];
}

/** Exit status of one run (DOMAIN.md §8): 1 when an expectation failed or an invariant broke. */
export function exitFor(t: Pick<Timeline, 'expectations' | 'violations'>): 0 | 1 {
  return t.expectations.failed.length > 0 || t.violations.length > 0 ? 1 : 0;
}

/**
 * The policy kind each event is judged under (its host's, DOMAIN.md §4), asked in
 * ascending event order. When every host runs one kind that is the answer; otherwise
 * the state before the event says which host a VM is on.
 */
export function eventKinds(t: Timeline): (i: number) => PolicyKind {
  const kinds = [...new Set(t.scenario.hosts.map((h) => h.policy.kind))];
  if (kinds.length === 1) return () => kinds[0];
  return (i) => {
    const st = t.stateAt(i);
    return st.hosts.get(eventHost(st, t.scenario.events[i]))!.policy.kind;
  };
}

/** The pattern event `i` was checked against, if it was checked. */
export function checkedPattern(t: Timeline, kindAt: (i: number) => PolicyKind, i: number): Pattern | undefined {
  const e = t.scenario.events[i];
  return e.expect ? patternFor(e.expect, kindAt(i)) : undefined;
}

/** `EBUSY`, `EFAULT breach`, `ok`: the outcome column of the run table. */
export function outcomeCell(o: Pick<Outcome, 'ok' | 'code' | 'fault'>): string {
  if (o.ok) return 'ok';
  return o.fault ? `${o.code} ${o.fault}` : (o.code ?? 'error');
}
