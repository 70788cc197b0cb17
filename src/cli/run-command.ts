/**
 * `pasidscope run PATH...` (DOMAIN.md §8): files, or directories searched for `*.json`.
 * With one file it prints that file's table (or its `pasidscope-run/1` document); with
 * several, a block per file and a summary line, or one JSON object per line with its
 * `file`; `--reporter junit` writes JUnit XML. Files are run one after another, each
 * streamed and let go before the next, and the exit status is the worst file's.
 */
import { POLICY_KINDS, type PolicyKind } from '../core/model/types.ts';
import { buildTimeline, type Timeline } from '../core/timeline/timeline.ts';
import { HELP, UsageError, type OptionSpec, type ParsedArgs } from './args.ts';
import type { Printer } from './printer.ts';
import { collectRunFiles } from './read-input.ts';
import { exitFor, loadScenario, problemLines } from './scenario-run.ts';
import { printRunTable } from './run-table.ts';
import { writeJsonObject } from './json-stream.ts';
import { junitEnd, junitRejected, junitRun, junitStart } from './junit.ts';
import { statSync } from 'node:fs';

export const RUN_USAGE = 'pasidscope run PATH... [--policy global|local|split|linux] [--json | --reporter junit]';

export const RUN_HELP = `usage: ${RUN_USAGE}

Runs scenario files, and every *.json under the directories given (in sorted order).
One file: its table, or with --json its pasidscope-run/1 document. Several: a block per
file and a summary line, or with --json one pasidscope-run/1 object per line with its
"file". --reporter junit: JUnit XML, one test case per checked expectation.

  --policy KIND        run every host under KIND (global, local, split, linux)
  --json               JSON instead of the table
  --reporter junit     JUnit XML instead of the table

exit status: the worst file's: 0 expectations met, 1 an expectation failed or an
invariant broke, 2 a file or the arguments were rejected (problems on stderr)
limits on input: docs/limits.md`;

export const RUN_OPTIONS: Record<string, OptionSpec> = {
  ...HELP,
  policy: { type: 'value', choices: POLICY_KINDS, meta: 'KIND' },
  json: { type: 'flag' },
  reporter: { type: 'value', choices: ['junit'], meta: 'junit' },
};

type Mode = 'table' | 'json' | 'junit';

interface Totals {
  files: number;
  passed: number;
  failed: number;
  rejected: number;
  checked: number;
  unmet: number;
  broken: number;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The `pasidscope-run/1` document's fields, `file` among them when several files run. */
function runFields(t: Timeline, file: string | undefined) {
  return [
    { key: 'format', value: 'pasidscope-run/1' },
    { key: 'file', value: file },
    { key: 'policy', value: t.policy },
    { key: 'outcomes', items: { length: t.length, item: (i: number) => t.outcome(i) } },
    { key: 'expectations', value: t.expectations },
    { key: 'violations', value: t.violations },
    { key: 'warnings', value: t.warnings },
  ];
}

export async function cmdRun(a: ParsedArgs, p: Printer): Promise<number> {
  const paths = a.positionals;
  if (paths.length === 0) throw new UsageError('missing PATH (a scenario file, or a directory of them)');
  const json = a.values.has('json');
  const mode: Mode = a.values.has('reporter') ? 'junit' : json ? 'json' : 'table';
  if (json && mode === 'junit') throw new UsageError('--json and --reporter junit are two output forms: give one');
  const policy = a.values.get('policy') as PolicyKind | undefined;

  const found = collectRunFiles(paths);
  if ('message' in found) {
    p.err(`pasidscope: ${found.message}`);
    return 2;
  }
  if (found.files.length === 0) {
    p.err(`pasidscope: no *.json files under ${paths.join(', ')}`);
    return 2;
  }
  const single = paths.length === 1 && !isDirectory(paths[0]);
  const totals: Totals = { files: 0, passed: 0, failed: 0, rejected: 0, checked: 0, unmet: 0, broken: 0 };
  let status = 0;
  if (mode === 'junit') junitStart(p);
  for (const [k, file] of found.files.entries()) {
    totals.files++;
    if (mode === 'table' && !single) {
      if (k > 0) p.line();
      p.line(`==> ${file} <==`);
    }
    const l = loadScenario(file);
    if (!l.ok) {
      for (const line of problemLines(file, l)) p.err(line);
      totals.rejected++;
      status = 2;
      if (mode === 'junit') junitRejected(p, file, l.problems, l.unreadable);
      else if (!single && mode === 'json')
        await writeJsonObject(p, [{ key: 'format', value: 'pasidscope-run/1' }, { key: 'file', value: file }, { key: 'problems', value: l.problems }], false);
      else if (!single) p.line(l.unreadable ?? `rejected: ${l.problems.length} problem${l.problems.length === 1 ? '' : 's'} (on stderr)`);
      continue;
    }
    const t = buildTimeline(l.scenario, policy);
    const code = exitFor(t);
    status = Math.max(status, code);
    if (code) totals.failed++;
    else totals.passed++;
    totals.checked += t.expectations.checked;
    totals.unmet += t.expectations.failed.length;
    totals.broken += t.violations.length;
    if (mode === 'table') await printRunTable(p, l.scenario, t, policy);
    else if (mode === 'json') await writeJsonObject(p, runFields(t, single ? undefined : file), single);
    else await junitRun(p, file, t);
  }
  if (mode === 'junit') junitEnd(p);
  if (mode === 'table' && !single) {
    p.line();
    p.line(
      `${totals.files} file${totals.files === 1 ? '' : 's'}: ${totals.passed} passed, ${totals.failed} failed, ${totals.rejected} rejected; ` +
        `expectations: ${totals.checked} checked, ${totals.unmet} failed; invariants: ${totals.broken} broken`,
    );
  }
  return status;
}
