/**
 * `pasidscope compare FILE` (DOMAIN.md §8): the scenario under all four policy kinds, per
 * event each kind's outcome (`ok 0x1000`, `EBUSY`, `EFAULT breach`), marked where they
 * differ; as a table or as the `pasidscope-compare/1` document. Streamed like `run`.
 */
import { buildTimeline, type Timeline } from '../core/timeline/timeline.ts';
import { eventActor, outcomeLabel } from '../core/view/outcome-label.ts';
import { POLICY_KINDS, type Outcome } from '../core/model/types.ts';
import { HELP, UsageError, type OptionSpec, type ParsedArgs } from './args.ts';
import type { Printer } from './printer.ts';
import { exitFor, loadScenario, problemLines } from './scenario-run.ts';
import { columnFields } from '../core/timeline/outcome-columns.ts';
import { tableLine, widen } from './run-table.ts';
import { writeJsonObject } from './json-stream.ts';

export const COMPARE_USAGE = 'pasidscope compare FILE [--json]';

export const COMPARE_OPTIONS: Record<string, OptionSpec> = { ...HELP, json: { type: 'flag' } };

/** The chip of an outcome, with its fault when the chip does not already name it. */
export function compareLabel(o: Pick<Outcome, 'ok' | 'code' | 'op' | 'pasid' | 'hpasid' | 'wire' | 'fault'>): string {
  const label = outcomeLabel(o);
  return !o.ok && o.fault && !label.includes(o.fault) ? `${label} ${o.fault}` : label;
}

export async function cmdCompare(a: ParsedArgs, p: Printer): Promise<number> {
  if (a.positionals.length === 0) throw new UsageError('missing FILE');
  if (a.positionals.length > 1) throw new UsageError(`compare takes one FILE (got ${a.positionals.length} paths)`);
  const file = a.positionals[0];
  const l = loadScenario(file);
  if (!l.ok) {
    for (const line of problemLines(file, l)) p.err(line);
    return 2;
  }
  const s = l.scenario;
  const runs = POLICY_KINDS.map((k) => [k, buildTimeline(s, k)] as const);
  const failed = runs.some(([, t]) => exitFor(t) !== 0);
  const n = s.events.length;
  const outcomesAt = (i: number) => runs.map(([, t]) => t.outcome(i) as Outcome);

  if (a.values.has('json')) {
    await writeJsonObject(
      p,
      [
        { key: 'format', value: 'pasidscope-compare/1' },
        { key: 'policies', value: POLICY_KINDS },
        {
          key: 'events',
          items: {
            length: n,
            item: (i) => {
              const os = outcomesAt(i);
              const e = s.events[i];
              return {
                index: i,
                op: e.op,
                actor: eventActor(e),
                differs: new Set(os.map(compareLabel)).size > 1,
                outcomes: Object.fromEntries(POLICY_KINDS.map((k, j) => [k, os[j]])) as Record<string, Outcome>,
              };
            },
          },
        },
        {
          key: 'results',
          value: Object.fromEntries(
            runs.map(([k, t]) => [k, { expectations: t.expectations, violations: t.violations, warnings: t.warnings }]),
          ),
        },
      ],
      true,
    );
    return failed ? 1 : 0;
  }

  p.line(s.title);
  p.line();
  const header = ['', '#', 'op', 'actor', ...POLICY_KINDS];
  const widths = header.map((h) => h.length);
  // Widths from the outcome columns, without rebuilding any outcome.
  const columnLabel = (t: Timeline, i: number) => compareLabel(columnFields(t.columns, i));
  for (let i = 0; i < n; i++)
    widen(widths, ['*', String(i), s.events[i].op, eventActor(s.events[i]), ...runs.map(([, t]) => columnLabel(t, i))]);
  p.line(tableLine(header, widths));
  let differing = 0;
  for (let i = 0; i < n; i++) {
    const labels = outcomesAt(i).map(compareLabel);
    const differs = new Set(labels).size > 1;
    if (differs) differing++;
    const e = s.events[i];
    p.line(tableLine([differs ? '*' : '', String(i), e.op, eventActor(e), ...labels], widths));
    const wait = p.pace();
    if (wait) await wait;
  }
  p.line();
  p.line(`* outcomes differ between policies (${differing} of ${n} events)`);
  for (const [k, t] of runs) {
    const parts = [`${t.expectations.checked} expectations checked, ${t.expectations.failed.length} failed`];
    if (t.violations.length) parts.push(`${t.violations.length} invariant violations`);
    if (t.warnings.length) parts.push(`${t.warnings.length} warning${t.warnings.length === 1 ? '' : 's'} (${[...new Set(t.warnings.map((w) => w.invariant))].join(', ')})`);
    p.line(`${k.padEnd(7)} ${parts.join(', ')}`);
    for (const f of t.expectations.failed) p.line(`        FAIL ${f.message}`);
  }
  return failed ? 1 : 0;
}
