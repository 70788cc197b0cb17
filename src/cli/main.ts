/**
 * The `pasidscope` command (DOMAIN.md §8): the headless face of the same core.
 * Exit status: 0 every expectation met; 1 an expectation failed or an invariant I1–I7
 * broke; 2 the input (file or arguments) was rejected, with every problem on stderr.
 */
import { readFileSync } from 'node:fs';
import { parseScenarioText, type Scenario } from '../core/scenario/index.ts';
import { buildTimeline } from '../core/timeline/timeline.ts';
import { outcomeLabel, eventActor } from '../core/view/outcome-label.ts';
import { describePolicy } from '../core/model/policy.ts';
import { POLICY_KINDS, hex, type Outcome, type PolicyKind, type RunChecks } from '../core/model/types.ts';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const USAGE = `usage:
  pasidscope run FILE [--policy global|local|split|linux] [--json]
  pasidscope compare FILE [--json]

  run       run a scenario (each host under its declared policy, or all under --policy)
  compare   run it under all four policies and show where their outcomes differ

exit status: 0 expectations met, 1 an expectation failed or an invariant broke, 2 bad input`;

class UsageError extends Error {}

interface Args {
  command: string;
  file?: string;
  policy?: PolicyKind;
  json: boolean;
  rest: Map<string, string>;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  const args: Args = { command: command ?? '', json: false, rest: new Map() };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') args.json = true;
    else if (a === '--policy' || a.startsWith('--policy=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[++i];
      if (!v || !(POLICY_KINDS as readonly string[]).includes(v))
        throw new UsageError(`--policy must be one of ${POLICY_KINDS.join(', ')}${v ? `, got "${v}"` : ''}`);
      args.policy = v as PolicyKind;
    } else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) args.rest.set(a.slice(2, eq), a.slice(eq + 1));
      else if (i + 1 < rest.length && !rest[i + 1].startsWith('--')) args.rest.set(a.slice(2), rest[++i]);
      else args.rest.set(a.slice(2), 'true');
    } else if (args.file === undefined) args.file = a;
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  return args;
}

function load(file: string | undefined, io: CliIo): Scenario | null {
  if (!file) throw new UsageError('missing FILE');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return null;
  }
  const r = parseScenarioText(text);
  if (!r.ok) {
    io.err(`${file}: rejected, ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}:`);
    for (const p of r.problems) io.err(`  ${p.path || '(document)'}: ${p.message}`);
    return null;
  }
  return r.scenario;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const num = (p: number | undefined) => (p === undefined ? '' : hex(p));

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c]))).join('  ').trimEnd()).join('\n');
}

function exitFor(r: Pick<RunChecks, 'expectations' | 'violations'>): number {
  return r.expectations.failed.length > 0 || r.violations.length > 0 ? 1 : 0;
}

function cmdRun(a: Args, io: CliIo): number {
  const s = load(a.file, io);
  if (!s) return 2;
  const t = buildTimeline(s, a.policy);
  const outcomes = Array.from({ length: t.length }, (_, i) => t.outcome(i));
  const result = {
    format: 'pasidscope-run/1',
    policy: t.policy,
    outcomes,
    expectations: t.expectations,
    violations: t.violations,
    warnings: t.warnings,
  };
  if (a.json) {
    io.out(JSON.stringify(result, null, 2));
    return exitFor(t);
  }
  const hosts = s.hosts
    .map((h) => `${h.id}: ${a.policy && h.policy.kind !== a.policy ? a.policy : describePolicy(h.policy)}`)
    .join(', ');
  io.out(`${s.title}`);
  io.out(`policy: ${a.policy ?? 'as declared'} (${hosts})\n`);
  const failedAt = new Map<number, string[]>();
  for (const f of t.expectations.failed) failedAt.set(f.index, [...(failedAt.get(f.index) ?? []), `${f.field} ${JSON.stringify(f.expected)}`]);
  const rows = [['#', 'op', 'actor', 'outcome', 'pasid', 'hpasid', 'wire', 'expect', 'message']];
  outcomes.forEach((o: Outcome, i) => {
    const e = s.events[i];
    const exp = failedAt.has(i) ? `FAIL want ${failedAt.get(i)!.join(', ')}` : e.expect ? 'met' : '';
    rows.push([String(i), o.op, eventActor(e), o.ok ? 'ok' : o.fault ? `${o.code} ${o.fault}` : o.code!, num(o.pasid), num(o.hpasid), num(o.wire), exp, o.message]);
  });
  io.out(table(rows));
  for (const o of outcomes)
    if (o.conflicts && o.conflicts.length > 1) {
      io.out(`\nevent ${o.index} conflicts:`);
      for (const c of o.conflicts) io.out(`  ${c.code}  ${c.message}`);
    }
  io.out('');
  for (const w of t.warnings) io.out(`warning ${w.invariant} at event ${w.index}: ${w.message}`);
  for (const v of t.violations) io.out(`INVARIANT ${v.invariant} broken at event ${v.index}: ${v.message}`);
  io.out(
    `expectations: ${t.expectations.checked} checked, ${t.expectations.failed.length} failed; invariants: ${t.violations.length ? `${t.violations.length} broken` : 'hold'}; warnings: ${t.warnings.length}`,
  );
  return exitFor(t);
}

function cmdCompare(a: Args, io: CliIo): number {
  if (a.policy) throw new UsageError('compare runs all four policies: --policy does not apply');
  const s = load(a.file, io);
  if (!s) return 2;
  const runs = POLICY_KINDS.map((k) => [k, buildTimeline(s, k)] as const);
  const events = s.events.map((e, i) => {
    const outcomes = runs.map(([k, t]) => [k, t.outcome(i)] as const);
    const labels = Object.fromEntries(outcomes.map(([k, o]) => [k, outcomeLabel(o)]));
    const differs = new Set(Object.values(labels)).size > 1;
    return { index: i, op: e.op, actor: eventActor(e), differs, labels, outcomes: Object.fromEntries(outcomes) };
  });
  const failed = runs.some(([, t]) => exitFor(t) !== 0);
  if (a.json) {
    io.out(
      JSON.stringify(
        {
          format: 'pasidscope-compare/1',
          policies: POLICY_KINDS,
          events: events.map(({ labels: _labels, ...rest }) => rest),
          results: Object.fromEntries(
            runs.map(([k, t]) => [k, { expectations: t.expectations, violations: t.violations, warnings: t.warnings }]),
          ),
        },
        null,
        2,
      ),
    );
    return failed ? 1 : 0;
  }
  io.out(`${s.title}\n`);
  const rows = [['', '#', 'op', 'actor', ...POLICY_KINDS]];
  for (const ev of events) rows.push([ev.differs ? '*' : '', String(ev.index), ev.op, ev.actor, ...POLICY_KINDS.map((k) => ev.labels[k])]);
  io.out(table(rows));
  io.out(`\n* outcomes differ between policies (${events.filter((e) => e.differs).length} of ${events.length} events)`);
  for (const [k, t] of runs) {
    const parts = [`${t.expectations.checked} expectations checked, ${t.expectations.failed.length} failed`];
    if (t.violations.length) parts.push(`${t.violations.length} invariant violations`);
    if (t.warnings.length) parts.push(`${t.warnings.length} warning${t.warnings.length === 1 ? '' : 's'} (${[...new Set(t.warnings.map((w) => w.invariant))].join(', ')})`);
    io.out(`${pad(k, 7)} ${parts.join(', ')}`);
    for (const f of t.expectations.failed) io.out(`        FAIL ${f.message}`);
  }
  return failed ? 1 : 0;
}

export type Command = (a: Args, io: CliIo) => number | Promise<number>;
const commands = new Map<string, Command>([
  ['run', cmdRun],
  ['compare', cmdCompare],
]);

/** Register another subcommand (e.g. `workload`). */
export function registerCommand(name: string, fn: Command): void {
  commands.set(name, fn);
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const a = parseArgs(argv);
    if (a.command === '' || a.command === '--help' || a.command === '-h' || a.command === 'help') {
      io.out(USAGE);
      return a.command === '' ? 2 : 0;
    }
    const cmd = commands.get(a.command);
    if (!cmd) throw new UsageError(`unknown command "${a.command}"`);
    return await cmd(a, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`pasidscope: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`pasidscope: internal error: ${(e as Error).message}`);
    return 1;
  }
}
