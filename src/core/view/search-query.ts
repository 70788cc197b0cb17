/**
 * What the reviewer's search box asks for, read once from its text: a PASID (`0x1003`,
 * `4099`), an error code (`EBUSY`), an op (`guest.bind`) or a name (a VM, host, process,
 * device alias or RID). The text is data: never a pattern, bounded in length, compared
 * whole (a name matches a name exactly, ignoring case), so `.*` finds only a thing named
 * `.*`. The same query matches events (in the engine, over a whole run) and map cells
 * (in the page, over what a panel shows).
 */
import { ERROR_CODES, type ErrorCode } from '../model/error-code.ts';
import { PASID_SPACE } from '../model/pasid.ts';
import type { Holder } from '../model/holder.ts';
import { OPS, type Op, type ScenarioEvent } from '../scenario/index.ts';
import { LIMITS } from '../scenario/limits.ts';
import { CODE_OK, type OutcomeColumns } from '../timeline/outcome-columns.ts';

/** Longer text is cut to this: no name in a scenario is longer (LIMITS.name). */
export const QUERY_MAX = LIMITS.name;
/** At most this many matching events come back from the engine; the total says how many there were. */
export const MATCHES_MAX = 1000;

export type SearchQuery =
  | { kind: 'pasid'; pasid: number; text: string }
  | { kind: 'code'; code: ErrorCode; text: string }
  | { kind: 'op'; op: Op; text: string }
  | { kind: 'name'; name: string; text: string };

/** The event fields that carry names (the scenario format's, DOMAIN.md §4). */
const NAME_FIELDS = ['vm', 'host', 'process', 'device', 'function', 'as', 'adiOf', 'to'] as const;

/** A PASID as written: `0x` hex or decimal digits, within the 20-bit space; null otherwise. */
function pasidOf(t: string): number | null {
  let n: number;
  if (/^0x[0-9a-f]{1,6}$/i.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^[0-9]{1,7}$/.test(t)) n = parseInt(t, 10);
  else return null;
  return n < PASID_SPACE ? n : null;
}

/** Read the search box: null when there is nothing to look for. */
export function parseQuery(raw: string): SearchQuery | null {
  const text = raw.slice(0, QUERY_MAX).trim();
  if (!text) return null;
  const pasid = pasidOf(text);
  if (pasid !== null) return { kind: 'pasid', pasid, text };
  const upper = text.toUpperCase();
  const code = ERROR_CODES.find((c) => c === upper);
  if (code) return { kind: 'code', code, text };
  const op = OPS.find((o) => o === text.toLowerCase());
  if (op) return { kind: 'op', op, text };
  return { kind: 'name', name: text.toLowerCase(), text };
}

/** `name` equals `s`, ignoring case. */
function sameName(q: string, s: unknown): boolean {
  return typeof s === 'string' && s.length === q.length && s.toLowerCase() === q;
}

/**
 * Does event `i` match? PASIDs are read from the outcome columns of every run given (the
 * actor's PASID, the host's, the one on the wire) and codes from their code column, so a
 * compare view finds an event that fails under any policy.
 */
export function eventMatches(
  q: SearchQuery,
  e: ScenarioEvent,
  i: number,
  runs: readonly OutcomeColumns[],
): boolean {
  switch (q.kind) {
    case 'pasid':
      return runs.some((c) => c.pasid[i] === q.pasid || c.hpasid[i] === q.pasid || c.wire[i] === q.pasid);
    case 'code': {
      const v = 1 + ERROR_CODES.indexOf(q.code);
      return runs.some((c) => c.code[i] !== CODE_OK && c.code[i] === v);
    }
    case 'op':
      return e.op === q.op;
    case 'name': {
      const ev = e as unknown as Record<string, unknown>;
      return NAME_FIELDS.some((f) => sameName(q.name, ev[f]));
    }
  }
}

/** What a map cell is, for the matcher: its number, its holder, and the names of its row. */
export interface CellFacts {
  pasid: number;
  holder: Holder;
  /** device aliases bound through the cell (guest rows), or the alias of the row's function */
  devices?: readonly string[];
  /** the row's own names: its RID, its host */
  row: readonly string[];
}

/** Does a map cell match? PASIDs by number; names by holder, device alias or row; codes and ops by no cell. */
export function cellMatches(q: SearchQuery, c: CellFacts): boolean {
  switch (q.kind) {
    case 'pasid':
      return c.pasid === q.pasid;
    case 'name': {
      const h = c.holder;
      if (sameName(q.name, h.process) || sameName(q.name, h.type === 'host' ? h.host : h.vm)) return true;
      return (c.devices ?? []).some((d) => sameName(q.name, d)) || c.row.some((r) => sameName(q.name, r));
    }
    default:
      return false;
  }
}

/** The events `[0, count)` that match, the first `max` of them, and how many matched in all. */
export function matchEvents(
  q: SearchQuery,
  count: number,
  eventAt: (i: number) => ScenarioEvent,
  runs: readonly OutcomeColumns[],
  max = MATCHES_MAX,
): { matches: Int32Array; total: number } {
  const found: number[] = [];
  let total = 0;
  for (let i = 0; i < count; i++)
    if (eventMatches(q, eventAt(i), i, runs)) {
      if (found.length < max) found.push(i);
      total++;
    }
  return { matches: Int32Array.from(found), total };
}
