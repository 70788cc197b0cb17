/**
 * `run --reporter junit`: JUnit XML on stdout, so that a CI system lists scenario
 * expectations as tests. One `<testsuite>` per file; in it one `<testcase>` per checked
 * expectation (named by event index, op, actor and policy kind; a failure carries the
 * expected pattern and the actual outcome), and one for the invariants, failed when any
 * broke. A file rejected as input is one errored test case listing its problems.
 *
 * Everything from the scenario is escaped: control and deceptive characters first as on
 * the terminal (escapeText, so nothing XML 1.0 forbids is left), then XML's own five.
 */
import type { InputProblem } from '../core/scenario/index.ts';
import type { Timeline } from '../core/timeline/timeline.ts';
import { eventActor } from '../core/view/outcome-label.ts';
import type { Printer } from './printer.ts';
import { escapeText } from './terminal-text.ts';
import type { Outcome } from '../core/model/types.ts';
import { checkedPattern, eventKinds, outcomeCell } from './scenario-run.ts';

const XML_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** `s` as XML character data or an attribute value: well-formed whatever `s` holds. */
export function xmlText(s: string): string {
  return escapeText(s).replace(/[&<>"']/g, (c) => XML_SPECIAL[c]);
}

/** Lines of character data: each line escaped, the lines kept apart by real newlines. */
const xmlLines = (lines: readonly string[]) => lines.map(xmlText).join('\n');

const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlText(String(v))}"`)
    .join('');

export function junitStart(p: Printer): void {
  p.raw('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pasidscope">\n');
}

export function junitEnd(p: Printer): void {
  p.raw('</testsuites>\n');
}

/** A file that was not run: one test case in error, with every problem. */
export function junitRejected(p: Printer, file: string, problems: readonly InputProblem[], unreadable?: string): void {
  const summary = unreadable ?? `rejected: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  const body = xmlLines(problems.map((x) => `${x.path || '(document)'}: ${x.message}`));
  p.raw(`  <testsuite${attrs({ name: file, tests: 1, failures: 0, errors: 1 })}>\n`);
  p.raw(`    <testcase${attrs({ classname: file, name: 'scenario input' })}>\n`);
  p.raw(`      <error${attrs({ type: 'input', message: summary })}>${body}</error>\n`);
  p.raw('    </testcase>\n  </testsuite>\n');
}

/** The fields of an outcome that a pattern can name (DOMAIN.md §4), as JSON. */
function outcomeFields(o: Outcome): string {
  const { ok, code, fault, pasid, hpasid, wire } = o;
  return JSON.stringify({ ok, code, fault, pasid, hpasid, wire });
}

/** A file that ran: its checked expectations and its invariants as test cases. */
export async function junitRun(p: Printer, file: string, t: Timeline): Promise<void> {
  const events = t.scenario.events;
  const failedAt = new Map<number, string[]>();
  for (const f of t.expectations.failed)
    failedAt.set(f.index, [...(failedAt.get(f.index) ?? []), `${f.field} ${JSON.stringify(f.expected)}`]);
  const failures = failedAt.size + (t.violations.length ? 1 : 0);
  p.raw(`  <testsuite${attrs({ name: file, tests: t.expectations.checked + 1, failures, errors: 0 })}>\n`);
  const kindAt = eventKinds(t);
  for (let i = 0; i < t.length; i++) {
    const pattern = checkedPattern(t, kindAt, i);
    if (!pattern) continue;
    const e = events[i];
    const actor = eventActor(e);
    const name = `event ${i}: ${e.op}${actor ? ` ${actor}` : ''} (${kindAt(i)})`;
    const head = `    <testcase${attrs({ classname: file, name })}`;
    const want = failedAt.get(i);
    if (!want) {
      p.raw(head + '/>\n');
    } else {
      const o: Outcome = t.outcome(i);
      const message = `expected ${want.join(', ')}; got ${outcomeCell(o)}`;
      const body = xmlLines([`expected: ${JSON.stringify(pattern)}`, `actual:   ${outcomeFields(o)}`, o.message]);
      p.raw(`${head}>\n      <failure${attrs({ type: 'expectation', message })}>${body}</failure>\n    </testcase>\n`);
    }
    const wait = p.pace();
    if (wait) await wait;
  }
  const kinds = [...new Set(t.scenario.hosts.map((h) => h.policy.kind))].join(', ');
  p.raw(`    <testcase${attrs({ classname: file, name: `invariants (${kinds})` })}>\n`);
  if (t.violations.length) {
    const message = `${t.violations.length} invariant violation${t.violations.length === 1 ? '' : 's'}`;
    const body = xmlLines(t.violations.map((v) => `${v.invariant} broken at event ${v.index}: ${v.message}`));
    p.raw(`      <failure${attrs({ type: 'invariant', message })}>${body}</failure>\n`);
  }
  if (t.warnings.length) {
    const body = xmlLines(t.warnings.map((w) => `warning ${w.invariant} at event ${w.index}: ${w.message}`));
    p.raw(`      <system-out>${body}</system-out>\n`);
  }
  p.raw('    </testcase>\n  </testsuite>\n');
}
