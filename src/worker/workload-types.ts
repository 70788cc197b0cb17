/**
 * What the Workloads panel asks the engine and what it answers: the request, progress
 * reports, the map rows and their used IDs at a cursor, a timeline's typed columns, one
 * event in full. Bulk answers are typed arrays, listed by `transfersOf` so a worker hands
 * the buffers over instead of copying them (DESIGN.md convention 8).
 */
import type { ScenarioEvent } from '../core/scenario/index.ts';
import type { WorkloadInput, WorkloadParams } from '../core/fleet/workload.ts';
import type { FillSpec } from '../core/fleet/fill.ts';
import type { PolicyStats } from '../core/fleet/fleet-stats.ts';
import type { Conflict, ErrorCode, MigrationSummary, Policy, PolicyKind } from '../core/model/types.ts';

/** What to run: a generated workload, or a scenario file with fills. */
export type WorkloadRequest =
  | { kind: 'generate'; params: WorkloadInput; policy: PolicyKind }
  | { kind: 'scenario'; text: string; name: string; fills: FillSpec[]; policy: PolicyKind };

export interface Progress {
  /** what is running, for the status line */
  phase: string;
  done: number;
  total: number;
  elapsedMs: number;
  /** estimated time left, null until there is enough to estimate from */
  etaMs: number | null;
}

/** The map rows of a run: one per space, in display order (host by host, then the VMs). */
export interface RowLayout {
  /** `h0/G`, `h0/0000:10:00.0`, `vm3` */
  names: string[];
  /** 0 G, 1 PF table, 2 VF table, 3 guest space (SPACE_CLASSES order) */
  kind: Uint8Array;
  /** the host a row belongs to (guest rows: the VM's host at cursor 0) */
  host: Uint16Array;
  /** the IDs the row's space can hold, [lo, hi) */
  lo: Uint32Array;
  hi: Uint32Array;
}

export interface TimelineInfo {
  policy: PolicyKind;
  length: number;
  /** per event: index into OPS, outcome code (0 ok, 1 + ERROR_CODES index, 255 engine error) */
  op: Uint8Array;
  code: Uint8Array;
  /**
   * Prefix counts (n + 1 entries: [i] counts events before i) of failed events, migrations
   * and failed migrations: any stretch of the timeline is two lookups, and the page does
   * no pass over a million events.
   */
  failedBefore: Uint32Array;
  migrationsBefore: Uint32Array;
  migrationFailuresBefore: Uint32Array;
  rows: RowLayout;
  hostIds: string[];
  /** every host's policy and IOMMU width (the axis of its rows) */
  hostPolicy: Policy[];
  iommuBits: Uint8Array;
}

export interface WorkloadSummary {
  title: string;
  description: string;
  params: WorkloadParams | null;
  fills: FillSpec[];
  hosts: number;
  vms: number;
  events: number;
  stats: PolicyStats[];
  timeline: TimelineInfo;
  elapsedMs: number;
}

/** The used IDs of some rows at a cursor: row r's IDs are ids[offsets[r]..offsets[r+1]), ascending. */
export interface RowsData {
  policy: PolicyKind;
  cursor: number;
  rows: Int32Array;
  offsets: Uint32Array;
  ids: Int32Array;
  /** OWNER class per ID */
  owners: Uint8Array;
}

/** One event and its full outcome, for the details beside the timeline. */
export interface EventDetail {
  index: number;
  event: ScenarioEvent;
  ok: boolean;
  code?: ErrorCode;
  message: string;
  pasid?: number;
  hpasid?: number;
  wire?: number;
  conflicts?: Conflict[];
  migration?: MigrationSummary;
  /** the cells the event changed, triples: row index, PASID, CHANGE kind */
  changes: Int32Array;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/** Something a bulk result holds that can be transferred rather than copied. */
export function transfersOf(x: unknown, out: Transferable[] = [], seen = new Set<unknown>()): Transferable[] {
  if (x === null || typeof x !== 'object' || seen.has(x)) return out;
  seen.add(x);
  if (ArrayBuffer.isView(x)) {
    if (!seen.has(x.buffer)) {
      seen.add(x.buffer);
      out.push(x.buffer as ArrayBuffer);
    }
    return out;
  }
  for (const v of Array.isArray(x) ? x : Object.values(x)) transfersOf(v, out, seen);
  return out;
}

export interface BackendOptions {
  /** how long one chunk of work may run before yielding (ms): short in the page, longer in a worker */
  sliceMs: number;
  /** give the event loop a turn (cancel messages, rendering) */
  yieldNow: () => Promise<void>;
  now?: () => number;
}
