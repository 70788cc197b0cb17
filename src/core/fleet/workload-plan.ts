/**
 * What a bulk run runs: a generated workload, or a scenario with fills — validated once
 * here for every caller (the `pasidscope workload` command and the page's Workloads panel),
 * so both accept and refuse the same inputs. Problems come back by path; each caller
 * words the path its own way (the command as `--option`, the page as a field name).
 */
import { fillSpecSchema, type FillSpec } from './fill.ts';
import { describeWorkload, generateWorkload, workloadParamsSchema, type WorkloadParams } from './workload.ts';
import type { Scenario } from '../scenario/index.ts';

export interface WorkloadPlan {
  scenario: Scenario;
  fills: FillSpec[];
  /** the knobs of a generated workload; null for a scenario */
  params: WorkloadParams | null;
  /** one line on what runs: the workload's knobs, or the fills of the scenario's hosts */
  description: string;
}

export interface PlanProblem {
  /** where: a knob's name, or `fills.<i>.<field>`; empty for the request as a whole */
  path: readonly PropertyKey[];
  message: string;
}

export type PlanResult = { ok: true; plan: WorkloadPlan } | { ok: false; problems: PlanProblem[] };

/** What is wrong with a generated workload's knobs (as given), without generating it: none when it can run. */
export function checkGenerated(input: unknown): PlanProblem[] {
  const r = workloadParamsSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path, message: i.message }));
}

/**
 * A fill sweep checked before any of it runs: `check(level)` gives the problems of the run
 * at one level (the fill's size grows with it). The first level that cannot run, or null.
 */
export function checkSweep(levels: readonly number[], check: (level: number) => PlanProblem[]): { level: number; problems: PlanProblem[] } | null {
  for (const level of levels) {
    const problems = check(level);
    if (problems.length) return { level, problems };
  }
  return null;
}

/** A generated workload from its knobs (as given, unvalidated). */
export function planGenerated(input: unknown): PlanResult {
  const r = workloadParamsSchema.safeParse(input);
  if (!r.success) return { ok: false, problems: r.error.issues.map((i) => ({ path: i.path, message: i.message })) };
  const w = generateWorkload(r.data);
  return { ok: true, plan: { scenario: w.scenario, fills: w.fills, params: w.params, description: describeWorkload(w.params) } };
}

/**
 * A parsed scenario with fills of some of its hosts (each fill as given, unvalidated).
 * Every problem at once: each fill's fields, and hosts the scenario does not have.
 */
export function planFilled(scenario: Scenario, fills: readonly unknown[]): PlanResult {
  const problems: PlanProblem[] = [];
  const ok: FillSpec[] = [];
  fills.forEach((f, i) => {
    const r = fillSpecSchema.safeParse(f);
    if (!r.success) {
      for (const x of r.error.issues) problems.push({ path: ['fills', i, ...x.path], message: x.message });
      return;
    }
    if (!scenario.hosts.some((h) => h.id === r.data.host))
      problems.push({
        path: ['fills', i, 'host'],
        message: `unknown host "${r.data.host}" (the scenario has ${scenario.hosts.map((h) => h.id).join(', ')})`,
      });
    else ok.push(r.data);
  });
  if (problems.length) return { ok: false, problems };
  const desc = ok.length ? `; filled before the first event: ${fillsText(ok)}` : '';
  return { ok: true, plan: { scenario, fills: ok, params: null, description: `${scenario.title}${desc}` } };
}

/** What fills do, in words: `A to 40% (random), B to 40% (random)`. */
export function fillsText(fills: readonly FillSpec[]): string {
  return fills.map((f) => `${f.host} to ${Math.round(f.level * 100)}% (${f.pattern})`).join(', ');
}
