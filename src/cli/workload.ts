/**
 * `pasidscope workload`: the headless twin of the app's Workload panel. Runs a
 * seeded workload (or a scenario file after a fill) under the four policies and prints
 * the same fleet statistics, as a table or as JSON (`pasidscope-workload/1`).
 * Exit status: 0 done; 1 the engine hit an internal error; 2 bad options or input.
 */
import {
  MAX_EVENTS,
  WORKLOAD_DEFAULTS,
  type WorkloadInput,
} from '../core/fleet/workload.ts';
import { FILL_PATTERNS } from '../core/fleet/fill.ts';
import { planFilled, planGenerated, type WorkloadPlan } from '../core/fleet/workload-plan.ts';
import { runPolicyStats, type PolicyStats } from '../core/fleet/fleet-stats.ts';
import { summarise, summaryRows, workloadJson } from '../core/fleet/fleet-report.ts';
import {
  emptySweep,
  readLevels,
  recordSweep,
  sweepJson,
  sweepLevelsSchema,
  sweepRows,
} from '../core/fleet/fill-sweep.ts';
import { parseScenarioText } from '../core/scenario/index.ts';
import { POLICY_KINDS, type PolicyKind } from '../core/model/types.ts';
import { HELP, UsageError, type OptionSpec, type ParsedArgs } from './args.ts';
import type { Printer } from './printer.ts';
import { readScenarioFile } from './read-input.ts';
import { escapeJson } from './terminal-text.ts';
import { problemLines } from './scenario-run.ts';
import { tableLine, widen } from './run-table.ts';

/** The arguments as the workload code reads them: every value option but --policy in `rest`. */
interface Args {
  rest: Map<string, string>;
  policy?: PolicyKind;
  json: boolean;
}

/** Option name → workload parameter, and how to read its value. */
const OPTIONS: Record<
  string,
  { param: keyof WorkloadInput; type: 'int' | 'share' | 'weight' | 'list' | 'pattern'; help: string }
> = {
  seed: { param: 'seed', type: 'int', help: 'the seed (0..4294967295); required' },
  events: { param: 'events', type: 'int', help: `events to generate, 1..${MAX_EVENTS}` },
  hosts: { param: 'hosts', type: 'int', help: 'hosts in the fleet' },
  pfs: { param: 'pfs', type: 'int', help: 'physical functions per host' },
  siov: { param: 'siov', type: 'share', help: 'share of PFs that are Scalable-IOV parents (0..1 or %)' },
  swq: { param: 'swq', type: 'share', help: 'share of PFs with a shared work queue' },
  'vfs-per-pf': { param: 'vfsPerPf', type: 'int', help: 'VFs on each non-SIOV PF' },
  widths: { param: 'widths', type: 'list', help: 'PF PASID widths to draw from, e.g. 20,16,8' },
  'iommu-bits': { param: 'iommuBits', type: 'int', help: "the IOMMU's PASID width" },
  'vms-per-host': { param: 'vmsPerHost', type: 'int', help: 'VMs started on each host' },
  'vfs-per-vm': { param: 'vfsPerVm', type: 'int', help: 'passed-through VFs per VM' },
  'adis-per-vm': { param: 'adisPerVm', type: 'int', help: 'ADIs per VM' },
  'pasid-alloc': { param: 'pasidAlloc', type: 'share', help: 'share of VMs whose vIOMMU allocates PASIDs' },
  'host-procs': { param: 'hostProcs', type: 'int', help: 'live host SVA processes per host' },
  'guest-procs': { param: 'guestProcs', type: 'int', help: 'live guest processes per VM' },
  'host-churn': { param: 'hostChurn', type: 'weight', help: 'weight of host-process churn' },
  'guest-churn': { param: 'guestChurn', type: 'weight', help: 'weight of guest-process churn' },
  migrate: { param: 'migrate', type: 'weight', help: 'weight of live migrations' },
  enqcmd: {
    param: 'enqcmd',
    type: 'share',
    help: 'share of starts on a shared-WQ device that submit an ENQCMD',
  },
  fill: {
    param: 'fill',
    type: 'share',
    help: 'fill level of the filled hosts before the first event (0..1 or %)',
  },
  'fill-pattern': {
    param: 'fillPattern',
    type: 'pattern',
    help: `fill pattern: ${FILL_PATTERNS.join(', ')}`,
  },
  'fill-hosts': { param: 'fillHosts', type: 'int', help: 'how many hosts are filled, from h0 (default all)' },
};

const OPTION_OF = new Map(Object.entries(OPTIONS).map(([name, o]) => [o.param as string, name]));

export const WORKLOAD_USAGE_LINE = 'pasidscope workload --seed S [options] [--policy KIND] [--json]';

/** Every option `workload` takes (any other is refused, DOMAIN.md §8). */
export const WORKLOAD_OPTIONS: Record<string, OptionSpec> = {
  ...HELP,
  ...Object.fromEntries(Object.keys(OPTIONS).map((name) => [name, { type: 'value' } as OptionSpec])),
  scenario: { type: 'value', meta: 'FILE' },
  'fill-host': { type: 'value', meta: 'ID[,ID]' },
  sweep: { type: 'value', meta: 'LEVELS' },
  policy: { type: 'value', choices: POLICY_KINDS, meta: 'KIND' },
  json: { type: 'flag' },
};

export const WORKLOAD_USAGE = `usage:
  ${WORKLOAD_USAGE_LINE}
  pasidscope workload --scenario FILE --fill LEVEL --fill-host ID[,ID] [--fill-pattern P] [--seed S] [--json]
  pasidscope workload ... --sweep LEVELS      (the same, once per fill level)

Runs a seeded workload (or a scenario after filling hosts' PASID spaces) under all four
policies (or one, with --policy) and prints fleet statistics side by side.

options (default):
${Object.entries(OPTIONS)
  .map(([name, o]) => {
    const d = (WORKLOAD_DEFAULTS as Record<string, unknown>)[o.param];
    return `  --${name.padEnd(14)} ${o.help}${d !== undefined && name !== 'seed' ? ` (${Array.isArray(d) ? d.join(',') : d})` : ''}`;
  })
  .join('\n')}
  --scenario FILE  run this scenario file instead of a generated workload
  --fill-host IDS  with --scenario: the hosts to fill, comma-separated
  --sweep LEVELS   run once per fill level (e.g. 0,0.2,0.4,0.6,0.8) and print migration
                   success per policy and level (instead of --fill)
  --policy KIND    run only this policy (${POLICY_KINDS.join(', ')})
  --json           print one JSON document (format pasidscope-workload/1)

exit status: 0 done, 1 the engine hit an internal error, 2 bad options or input`;

class BadOption extends Error {}

function readValue(name: string, raw: string, type: (typeof OPTIONS)[string]['type']): unknown {
  const number = (s: string): number => {
    const v = s.trim().endsWith('%') ? Number(s.trim().slice(0, -1)) / 100 : Number(s);
    if (s.trim() === '' || !Number.isFinite(v)) throw new BadOption(`--${name}: "${s}" is not a number`);
    return v;
  };
  switch (type) {
    case 'int': {
      const v = Number(raw);
      if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(v))
        throw new BadOption(`--${name}: "${raw}" is not an integer`);
      return v;
    }
    case 'share':
    case 'weight':
      return number(raw);
    case 'list':
      return raw.split(',').map((s) => {
        const v = Number(s);
        if (!/^\d+$/.test(s.trim())) throw new BadOption(`--${name}: "${s}" is not an integer`);
        return v;
      });
    case 'pattern':
      return raw;
  }
}

type Plan = WorkloadPlan;

function plan(a: Args, p: Printer, levelOverride?: number): Plan | number {
  const rest = new Map(a.rest);
  rest.delete('sweep');
  if (levelOverride !== undefined) rest.set('fill', String(levelOverride));
  const scenarioFile = rest.get('scenario');
  rest.delete('scenario');
  if (scenarioFile !== undefined) {
    const hostsOpt = rest.get('fill-host');
    rest.delete('fill-host');
    const fillRaw = rest.get('fill');
    rest.delete('fill');
    const pattern = rest.get('fill-pattern') ?? 'random';
    rest.delete('fill-pattern');
    const seedRaw = rest.get('seed');
    rest.delete('seed');
    const extra = [...rest.keys()];
    if (extra.length)
      throw new BadOption(
        `with --scenario, ${extra.map((k) => `--${k}`).join(', ')} ${extra.length === 1 ? 'does' : 'do'} not apply (only --fill, --fill-host, --fill-pattern, --seed, --policy, --json)`,
      );
    const read = readScenarioFile(scenarioFile);
    if (!read.ok) {
      p.err(`${scenarioFile}: ${read.message}`);
      return 2;
    }
    const parsed = parseScenarioText(read.text);
    if (!parsed.ok) {
      for (const line of problemLines(scenarioFile, parsed)) p.err(line);
      return 2;
    }
    const s = parsed.scenario;
    const level = fillRaw === undefined ? 0 : (readValue('fill', fillRaw, 'share') as number);
    if (levelOverride !== undefined && hostsOpt === undefined)
      throw new BadOption('--sweep with --scenario needs --fill-host ID[,ID]');
    const seed = seedRaw === undefined ? 0 : (readValue('seed', seedRaw, 'int') as number);
    if (level > 0 && hostsOpt === undefined)
      throw new BadOption('--fill with --scenario needs --fill-host ID[,ID]');
    const ids = level > 0 && hostsOpt ? hostsOpt.split(',').map((x) => x.trim()) : [];
    const planned = planFilled(
      s,
      ids.map((host, i) => ({ host, level, pattern, seed: (seed + i) >>> 0 })),
    );
    if (!planned.ok) {
      const option = (path: readonly PropertyKey[]) =>
        `--${path[2] === 'pattern' ? 'fill-pattern' : path[2] === 'level' ? 'fill' : path[2] === 'host' ? 'fill-host' : String(path[2])}`;
      throw new BadOption([...new Set(planned.problems.map((x) => `${option(x.path)}: ${x.message}`))].join('\n'));
    }
    return planned.plan;
  }

  // Every problem at once: each option on its own, then the knobs together.
  const input: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, raw] of rest) {
    const o = OPTIONS[name];
    if (!o) {
      problems.push(`unknown option --${name}`);
      continue;
    }
    try {
      input[o.param] = readValue(name, raw, o.type);
    } catch (e) {
      if (!(e instanceof BadOption)) throw e;
      problems.push(e.message);
    }
  }
  if (!rest.has('seed')) problems.push('--seed is required (any integer 0..4294967295)');
  if (input.seed === undefined) input.seed = 0;
  const planned = planGenerated(input);
  if (!planned.ok)
    problems.push(
      ...planned.problems
        .map((x) => `--${OPTION_OF.get(String(x.path[0])) ?? String(x.path[0])}: ${x.message}`)
        .filter((m) => !problems.some((x) => x.startsWith(m.slice(0, m.indexOf(':'))))),
    );
  if (problems.length || !planned.ok) throw new BadOption(problems.join('\n'));
  return planned.plan;
}

/** `--sweep LEVELS`: the same run at each fill level, migration success per policy. */
function sweep(a: Args, p: Printer): number {
  const raw = a.rest.get('sweep')!;
  if (a.rest.has('fill')) throw new BadOption('--sweep sets the fill level itself: leave out --fill');
  const levels = readLevels(raw);
  if (levels.some((x) => x === null))
    throw new BadOption(`--sweep: "${raw}" is not a comma-separated list of levels (e.g. 0,0.3,60%)`);
  const lv = sweepLevelsSchema.safeParse(levels);
  if (!lv.success) throw new BadOption(`--sweep: ${lv.error.issues.map((i) => i.message).join('; ')}`);
  const kinds: readonly PolicyKind[] = a.policy ? [a.policy] : POLICY_KINDS;
  // Every level is checked before anything runs: a fill too big fails at once.
  const plans: Plan[] = [];
  for (const level of lv.data) {
    let one: Plan | number;
    try {
      one = plan(a, p, level);
    } catch (e) {
      if (e instanceof BadOption) throw new BadOption(`at fill ${Math.round(level * 100)}%: ${e.message}`);
      throw e;
    }
    if (typeof one === 'number') return one;
    plans.push(one);
  }
  const result = emptySweep(lv.data, kinds);
  let engineErrors = 0;
  plans.forEach((pl, li) =>
    kinds.forEach((k) => {
      const s = runPolicyStats(pl.scenario, k, pl.fills);
      engineErrors += s.engineErrors;
      recordSweep(result, li, s);
    }),
  );
  if (a.json) {
    json(p, {
      ...sweepJson(result),
      title: plans[0].scenario.title,
      params: plans[0].params,
      events: plans[0].scenario.events.length,
    });
    return engineErrors ? 1 : 0;
  }
  p.line(`${plans[0].scenario.title}: migration success rate by fill level`);
  p.line(`${plans.at(-1)!.description} The fill level varies by row.`);
  p.line();
  printTable(p, [['', ...kinds], ...sweepRows(result).map((r) => [r.label, ...r.cells])]);
  return engineErrors ? 1 : 0;
}

/** One pretty JSON document, terminal-safe. */
function json(p: Printer, doc: unknown): void {
  p.raw(escapeJson(JSON.stringify(doc, null, 2)) + '\n');
}

/** A small table (a row per statistic or fill level, never per event). */
function printTable(p: Printer, rows: readonly string[][]): void {
  const widths = rows[0].map(() => 0);
  for (const r of rows) widen(widths, r);
  for (const r of rows) p.line(tableLine(r, widths));
}

/** The workload's arguments from the parsed command line. */
function workloadArgs(a: ParsedArgs): Args {
  if (a.positionals.length)
    throw new UsageError(`workload takes no FILE argument ("${a.positionals[0]}"); use --scenario FILE`);
  const rest = new Map<string, string>();
  for (const [k, v] of a.values) if (typeof v === 'string' && k !== 'policy') rest.set(k, v);
  return { rest, policy: a.values.get('policy') as PolicyKind | undefined, json: a.values.has('json') };
}

export function cmdWorkload(parsed: ParsedArgs, p: Printer): number {
  const a = workloadArgs(parsed);
  let pl: Plan | number;
  try {
    if (a.rest.has('sweep')) return sweep(a, p);
    pl = plan(a, p);
  } catch (e) {
    if (!(e instanceof BadOption)) throw e;
    for (const line of e.message.split('\n')) p.err(`pasidscope workload: ${line}`);
    p.err(`usage: ${WORKLOAD_USAGE_LINE}`);
    p.err(`(pasidscope workload --help lists the options)`);
    return 2;
  }
  if (typeof pl === 'number') return pl;
  const chosen = pl;
  const kinds: readonly PolicyKind[] = a.policy ? [a.policy] : POLICY_KINDS;
  const stats: PolicyStats[] = kinds.map((k) => runPolicyStats(chosen.scenario, k, chosen.fills));
  const failed = stats.some((s) => s.engineErrors > 0);
  if (a.json) {
    json(
      p,
      workloadJson({
        params: chosen.params,
        fills: chosen.fills,
        title: chosen.scenario.title,
        hosts: chosen.scenario.hosts.length,
        vms: chosen.scenario.vms.length,
        events: chosen.scenario.events.length,
        policies: stats,
      }),
    );
    return failed ? 1 : 0;
  }
  p.line(chosen.scenario.title);
  p.line(chosen.description);
  p.line();
  printTable(p, [['', ...kinds], ...summaryRows(stats.map(summarise)).map((r) => [r.label, ...r.cells])]);
  for (const s of stats)
    if (s.firstEngineError) {
      p.line();
      p.line(`${s.policy}: ENGINE ERROR at event ${s.firstEngineError.index}: ${s.firstEngineError.message}`);
    }
  return failed ? 1 : 0;
}
