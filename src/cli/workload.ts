/**
 * `pasidscope workload`: the headless twin of the app's Workload panel (issue 4). Runs a
 * seeded workload (or a scenario file after a fill) under the four policies and prints
 * the same fleet statistics, as a table or as JSON (`pasidscope-workload/1`).
 * Exit status: 0 done; 1 the engine hit an internal error; 2 bad options or input.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import {
  generateWorkload,
  workloadParamsSchema,
  describeWorkload,
  MAX_EVENTS,
  WORKLOAD_DEFAULTS,
  type WorkloadInput,
} from '../core/fleet/workload.ts';
import { FILL_PATTERNS, fillSpecSchema, type FillSpec } from '../core/fleet/fill.ts';
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
import { parseScenarioText, type Scenario } from '../core/scenario/index.ts';
import { POLICY_KINDS, type PolicyKind } from '../core/model/types.ts';
import type { CliIo, Command } from './main.ts';

type Args = Parameters<Command>[0];

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

export const WORKLOAD_USAGE = `usage:
  pasidscope workload --seed S [options] [--policy KIND] [--json]
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
  if (raw === 'true') throw new BadOption(`--${name} needs a value`);
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

function issues(err: z.ZodError, nameOf: (path: PropertyKey[]) => string): string[] {
  return err.issues.map((i) => `${nameOf(i.path as PropertyKey[])}: ${i.message}`);
}

interface Plan {
  scenario: Scenario;
  fills: FillSpec[];
  params: ReturnType<typeof generateWorkload>['params'] | null;
  description: string;
}

function plan(a: Args, io: CliIo, levelOverride?: number): Plan | number {
  const rest = new Map(a.rest);
  rest.delete('sweep');
  if (levelOverride !== undefined) rest.set('fill', String(levelOverride));
  if (a.file !== undefined)
    throw new BadOption(`workload takes no FILE argument ("${a.file}"); use --scenario FILE`);
  const scenarioFile = rest.get('scenario');
  rest.delete('scenario');
  if (scenarioFile !== undefined) {
    if (scenarioFile === 'true') throw new BadOption('--scenario needs a FILE');
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
    let text: string;
    try {
      text = readFileSync(scenarioFile, 'utf8');
    } catch (e) {
      io.err(`${scenarioFile}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
    const parsed = parseScenarioText(text);
    if (!parsed.ok) {
      io.err(
        `${scenarioFile}: rejected, ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}:`,
      );
      for (const p of parsed.problems) io.err(`  ${p.path || '(document)'}: ${p.message}`);
      return 2;
    }
    const s = parsed.scenario;
    const level = fillRaw === undefined ? 0 : (readValue('fill', fillRaw, 'share') as number);
    if (levelOverride !== undefined && (hostsOpt === undefined || hostsOpt === 'true'))
      throw new BadOption('--sweep with --scenario needs --fill-host ID[,ID]');
    const seed = seedRaw === undefined ? 0 : (readValue('seed', seedRaw, 'int') as number);
    if (level > 0 && (hostsOpt === undefined || hostsOpt === 'true'))
      throw new BadOption('--fill with --scenario needs --fill-host ID[,ID]');
    const ids = level > 0 && hostsOpt ? hostsOpt.split(',').map((x) => x.trim()) : [];
    const fills: FillSpec[] = [];
    const problems: string[] = [];
    ids.forEach((host, i) => {
      if (!s.hosts.some((h) => h.id === host))
        problems.push(
          `--fill-host: unknown host "${host}" (the scenario has ${s.hosts.map((h) => h.id).join(', ')})`,
        );
      const r = fillSpecSchema.safeParse({ host, level, pattern, seed: (seed + i) >>> 0 });
      if (!r.success)
        problems.push(
          ...issues(
            r.error,
            (p) => `--${p[0] === 'pattern' ? 'fill-pattern' : p[0] === 'level' ? 'fill' : String(p[0])}`,
          ),
        );
      else fills.push(r.data);
    });
    if (problems.length) throw new BadOption([...new Set(problems)].join('\n'));
    const desc = fills.length ? `; ${ids.join(', ')} filled to ${Math.round(level * 100)}% (${pattern})` : '';
    return { scenario: s, fills, params: null, description: `${s.title}${desc}` };
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
  const r = workloadParamsSchema.safeParse(input);
  if (!r.success)
    problems.push(
      ...issues(r.error, (p) => `--${OPTION_OF.get(String(p[0])) ?? String(p[0])}`).filter(
        (m) => !problems.some((x) => x.startsWith(m.slice(0, m.indexOf(':')))),
      ),
    );
  if (problems.length || !r.success) throw new BadOption(problems.join('\n'));
  const w = generateWorkload(r.data);
  return { scenario: w.scenario, fills: w.fills, params: w.params, description: describeWorkload(w.params) };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** `--sweep LEVELS`: the same run at each fill level, migration success per policy. */
function sweep(a: Args, io: CliIo): number {
  const raw = a.rest.get('sweep')!;
  if (a.rest.has('fill')) throw new BadOption('--sweep sets the fill level itself: leave out --fill');
  const levels = readLevels(raw === 'true' ? '' : raw);
  if (levels.some((x) => x === null))
    throw new BadOption(`--sweep: "${raw}" is not a comma-separated list of levels (e.g. 0,0.3,60%)`);
  const lv = sweepLevelsSchema.safeParse(levels);
  if (!lv.success) throw new BadOption(`--sweep: ${lv.error.issues.map((i) => i.message).join('; ')}`);
  const kinds: readonly PolicyKind[] = a.policy ? [a.policy] : POLICY_KINDS;
  // Every level is checked before anything runs: a fill too big fails at once.
  const plans: Plan[] = [];
  for (const level of lv.data) {
    let p: Plan | number;
    try {
      p = plan(a, io, level);
    } catch (e) {
      if (e instanceof BadOption) throw new BadOption(`at fill ${Math.round(level * 100)}%: ${e.message}`);
      throw e;
    }
    if (typeof p === 'number') return p;
    plans.push(p);
  }
  const result = emptySweep(lv.data, kinds);
  let engineErrors = 0;
  plans.forEach((p, li) =>
    kinds.forEach((k) => {
      const s = runPolicyStats(p.scenario, k, p.fills);
      engineErrors += s.engineErrors;
      recordSweep(result, li, s);
    }),
  );
  if (a.json) {
    io.out(
      JSON.stringify(
        {
          ...sweepJson(result),
          title: plans[0].scenario.title,
          params: plans[0].params,
          events: plans[0].scenario.events.length,
        },
        null,
        2,
      ),
    );
    return engineErrors ? 1 : 0;
  }
  io.out(`${plans[0].scenario.title}: migration success rate by fill level`);
  io.out(`${plans.at(-1)!.description} The fill level varies by row.\n`);
  const all = [['', ...kinds], ...sweepRows(result).map((r) => [r.label, ...r.cells])];
  const widths = all[0].map((_, c) => Math.max(...all.map((r) => r[c].length)));
  for (const r of all)
    io.out(
      r
        .map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c])))
        .join('  ')
        .trimEnd(),
    );
  return engineErrors ? 1 : 0;
}

export function cmdWorkload(a: Args, io: CliIo): number {
  if (a.rest.has('help') || a.rest.has('h')) {
    io.out(WORKLOAD_USAGE);
    return 0;
  }
  let p: Plan | number;
  try {
    if (a.rest.has('sweep')) return sweep(a, io);
    p = plan(a, io);
  } catch (e) {
    if (!(e instanceof BadOption)) throw e;
    for (const line of e.message.split('\n')) io.err(`pasidscope workload: ${line}`);
    io.err(`(pasidscope workload --help lists the options)`);
    return 2;
  }
  if (typeof p === 'number') return p;
  const kinds: readonly PolicyKind[] = a.policy ? [a.policy] : POLICY_KINDS;
  const stats: PolicyStats[] = kinds.map((k) => runPolicyStats(p.scenario, k, p.fills));
  const failed = stats.some((s) => s.engineErrors > 0);
  if (a.json) {
    io.out(
      JSON.stringify(
        workloadJson({
          params: p.params,
          fills: p.fills,
          title: p.scenario.title,
          hosts: p.scenario.hosts.length,
          vms: p.scenario.vms.length,
          events: p.scenario.events.length,
          policies: stats,
        }),
        null,
        2,
      ),
    );
    return failed ? 1 : 0;
  }
  io.out(p.scenario.title);
  io.out(p.description + '\n');
  const rows = summaryRows(stats.map(summarise));
  const head = ['', ...kinds];
  const all = [head, ...rows.map((r) => [r.label, ...r.cells])];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  for (const r of all)
    io.out(
      r
        .map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c])))
        .join('  ')
        .trimEnd(),
    );
  for (const s of stats)
    if (s.firstEngineError)
      io.out(
        `\n${s.policy}: ENGINE ERROR at event ${s.firstEngineError.index}: ${s.firstEngineError.message}`,
      );
  return failed ? 1 : 0;
}
