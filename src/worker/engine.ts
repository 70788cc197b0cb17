/**
 * The one interface the page uses to run anything (DESIGN.md convention 8, Perfetto's
 * engine proxy): scenario runs and bulk workloads alike, with two transports — in a Web
 * Worker (worker-engine.ts, the default) and in the page (page-engine.ts, the fallback).
 * Everything is async and what crosses is small: a scenario's head, typed outcome columns
 * per run, the frame at a cursor, and on demand one outcome, a window of events, or the
 * events that touched a holder. The page never holds an array of every outcome.
 */
import type { InputProblem, HostSpec, ScenarioEvent, VmSpec } from '../core/scenario/index.ts';
import type { Holder, Outcome, PolicyKind, RunChecks, Snapshot } from '../core/model/types.ts';
import type { OutcomeColumns } from '../core/timeline/outcome-columns.ts';
import type { SweepResult } from '../core/fleet/fill-sweep.ts';
import type { SearchQuery } from '../core/view/search-query.ts';
import type { EventDetail, Progress, RowsData, TimelineInfo, WorkloadRequest, WorkloadSummary } from './workload-backend.ts';

/** `declared`: every host runs the policy it declares; a kind: every host runs that kind. */
export type PolicyChoice = PolicyKind | 'declared';
export type RunKey = PolicyChoice;

/** What the page keeps of a scenario: everything but its events, which it fetches in windows. */
export interface ScenarioHead {
  title: string;
  description: string;
  hosts: HostSpec[];
  vms: VmSpec[];
  /** number of events */
  events: number;
  /** every process the events name, in order of first appearance (stable colours) */
  owners: Holder[];
}

/** How many of each check a run sends at most; the totals say how many there were. */
export const CHECKS_SENT = 1000;

/** One run of the scenario: a policy choice, its outcome columns and its checks. */
export interface RunInfo extends RunChecks {
  key: RunKey;
  length: number;
  columns: OutcomeColumns;
  /** the checks found, before the lists were cut to CHECKS_SENT */
  totals: { violations: number; warnings: number; failed: number };
}

/** The state at a cursor, the one before it (migration and freed cells), and the event and outcome between them. */
export interface FrameData {
  cursor: number;
  snap: Snapshot;
  prev: Snapshot | null;
  event: ScenarioEvent | null;
  outcome: Outcome | null;
}

export type OpenResult =
  | { ok: true; head: ScenarioHead; runs: RunInfo[]; events: ScenarioEvent[] | null }
  | { ok: false; problems: InputProblem[] };

/** A search's answer: the first matches (event indices), how many matched in all, and what the text was read as. */
export interface SearchResult {
  matches: Int32Array;
  total: number;
  query: SearchQuery | null;
}

/** Scenarios of at most this many events come with all their events on open. */
export const EVENTS_UP_FRONT = 5000;

export interface RunOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface Engine {
  /** where the engine runs */
  readonly mode: 'worker' | 'page';
  /** Parse `text` and build its runs. Never rejects for bad input: problems come back by JSON path. */
  open(text: string, keys: readonly RunKey[], opts?: Pick<RunOptions, 'onProgress'>): Promise<OpenResult>;
  /** Build the runs of the open scenario that are missing (switching policy, opening compare). */
  ensure(keys: readonly RunKey[], opts?: Pick<RunOptions, 'onProgress'>): Promise<RunInfo[]>;
  frame(key: RunKey, cursor: number): Promise<FrameData>;
  outcome(key: RunKey, index: number): Promise<Outcome>;
  /** Events `[from, to)` of the open scenario. */
  events(from: number, to: number): Promise<ScenarioEvent[]>;
  /** The events that named or changed what `holder` holds, ascending. */
  touching(key: RunKey, holder: Holder): Promise<Int32Array>;
  /**
   * The events the search box's text matches under any of the runs `keys`, ascending: at
   * most `max` (MATCHES_MAX by default) of them, and how many there were. Run where the
   * events are, so a 200k-event scenario is searched without crossing to the page.
   */
  search(keys: readonly RunKey[], text: string, max?: number): Promise<SearchResult>;

  /** Bulk: a workload or a filled scenario under the four policies, with progress and cancel. */
  run(req: WorkloadRequest, opts?: RunOptions): Promise<WorkloadSummary>;
  timeline(kind: PolicyKind, opts?: RunOptions): Promise<TimelineInfo>;
  sweep(req: WorkloadRequest, levels: number[], opts?: RunOptions): Promise<SweepResult>;
  rows(kind: PolicyKind, cursor: number, rows: Int32Array): Promise<RowsData>;
  event(kind: PolicyKind, index: number): Promise<EventDetail>;

  /** Be told when the engine dies by itself (not when cancelled or disposed); returns the unsubscribe. */
  onStopped?(listener: (e: Error) => void): () => void;

  /** Release what it holds (a worker is terminated). */
  dispose(): void;
}

/** How an event touched a workload map cell (the rows the worker sends say it in these numbers). */
export const CHANGE = { removed: 0, added: 1, conflict: 2 } as const;

/** Owner classes of a workload map cell. */
export const OWNER = { host: 1, guest: 2, fill: 3 } as const;

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0];
  return String(e).split('\n')[0];
}
