/**
 * `pasidscope run FILE` as a readable table (DOMAIN.md §8), streamed: the column widths
 * come from one pass over the events and the timeline's outcome columns, then each row
 * is printed as its outcome is produced, so memory stays flat in the event count.
 */
import type { Scenario } from '../core/scenario/index.ts';
import type { Timeline } from '../core/timeline/timeline.ts';
import { eventActor } from '../core/view/outcome-label.ts';
import { describePolicy } from '../core/model/policy.ts';
import { hex, holderName, type Conflict, type PolicyKind } from '../core/model/types.ts';
import type { Printer } from './printer.ts';
import { escapedLength } from './terminal-text.ts';
import { checkedPattern, eventKinds, outcomeCell } from './scenario-run.ts';
import { columnFields } from '../core/timeline/outcome-columns.ts';

const HEADER = ['#', 'op', 'actor', 'outcome', 'pasid', 'hpasid', 'wire', 'expect', 'message'];
/** A cell longer than this (a 200-character id) overflows its column rather than widening every row. */
const MAX_WIDTH = 48;

const num = (p: number | undefined) => (p === undefined ? '' : hex(p));

/** Pad by the escaped width, which is what the terminal will show. */
const pad = (s: string, n: number) => {
  const w = escapedLength(s);
  return w >= n ? s : s + ' '.repeat(n - w);
};

/** A row's cells joined as the table prints them (the last cell unpadded). */
export function tableLine(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, c) => (c === cells.length - 1 ? cell : pad(cell, widths[c])))
    .join('  ')
    .trimEnd();
}

/** Widest of each column, capped at MAX_WIDTH (a header is never cut). */
export function widen(widths: number[], cells: readonly string[]): void {
  cells.forEach((cell, c) => {
    const w = Math.min(escapedLength(cell), Math.max(MAX_WIDTH, widths[c]));
    if (w > widths[c]) widths[c] = w;
  });
}

/** A conflict's own fields after its message, whatever the engine puts in one. */
export function conflictLine(c: Conflict): string {
  const extra = Object.entries(c)
    .filter(([k, v]) => k !== 'code' && k !== 'message' && v !== undefined)
    .map(([k, v]) => `${k} ${fieldText(k, v)}`);
  return `  ${c.code}  ${c.message}${extra.length ? `  (${extra.join(', ')})` : ''}`;
}

function fieldText(key: string, v: unknown): string {
  if (typeof v === 'number' && /pasid$/i.test(key)) return hex(v);
  if (key === 'holder' && typeof v === 'object' && v !== null && 'type' in v)
    return holderName(v as Parameters<typeof holderName>[0]);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Print the run of `s` (already run as `t`) as the table, its conflicts and checks, and the summary line. */
export async function printRunTable(p: Printer, s: Scenario, t: Timeline, policy?: PolicyKind): Promise<void> {
  const events = s.events;
  const hosts = s.hosts
    .map((h) => `${h.id}: ${policy && h.policy.kind !== policy ? policy : describePolicy(h.policy)}`)
    .join(', ');
  p.line(s.title);
  p.line(`policy: ${policy ?? 'as declared'} (${hosts})`);
  p.line();

  const failedAt = new Map<number, string[]>();
  for (const f of t.expectations.failed)
    failedAt.set(f.index, [...(failedAt.get(f.index) ?? []), `${f.field} ${JSON.stringify(f.expected)}`]);
  const expectCell = (i: number, checked: boolean) =>
    failedAt.has(i) ? `FAIL want ${failedAt.get(i)!.join(', ')}` : checked ? 'met' : '';

  // Widths: one pass over the outcome columns, rebuilding no outcome.
  const widths = HEADER.map((h) => h.length);
  for (let i = 0; i < t.length; i++) {
    const o = columnFields(t.columns, i);
    widen(widths, [
      String(i),
      o.op,
      eventActor(events[i]),
      outcomeCell(o),
      num(o.pasid),
      num(o.hpasid),
      num(o.wire),
      expectCell(i, true),
    ]);
  }

  p.line(tableLine(HEADER, widths));
  const kindAt = eventKinds(t);
  for (let i = 0; i < t.length; i++) {
    const checked = checkedPattern(t, kindAt, i) !== undefined;
    const o = t.outcome(i);
    const e = events[i];
    p.line(
      tableLine(
        [String(i), o.op, eventActor(e), outcomeCell(o), num(o.pasid), num(o.hpasid), num(o.wire), expectCell(i, checked), o.message],
        widths,
      ),
    );
    const wait = p.pace();
    if (wait) await wait;
  }
  for (let i = 0; i < t.length; i++) {
    if (t.columns.conflicts[i] <= 1) continue;
    const o = t.outcome(i);
    if (!o.conflicts || o.conflicts.length <= 1) continue;
    p.line();
    p.line(`event ${o.index} conflicts:`);
    for (const c of o.conflicts) p.line(conflictLine(c));
    const wait = p.pace();
    if (wait) await wait;
  }
  p.line();
  for (const w of t.warnings) p.line(`warning ${w.invariant} at event ${w.index}: ${w.message}`);
  for (const v of t.violations) p.line(`INVARIANT ${v.invariant} broken at event ${v.index}: ${v.message}`);
  p.line(summaryLine(t));
}

/** The last line of a run: what was checked and what held. */
export function summaryLine(t: Pick<Timeline, 'expectations' | 'violations' | 'warnings'>): string {
  return `expectations: ${t.expectations.checked} checked, ${t.expectations.failed.length} failed; invariants: ${t.violations.length ? `${t.violations.length} broken` : 'hold'}; warnings: ${t.warnings.length}`;
}
