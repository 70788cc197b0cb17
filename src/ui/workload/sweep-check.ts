/**
 * Whether the fill sweep can run with the form as typed, and if not, why — in one line for
 * beside its button, re-checked on every change so a sweep never starts only to fail.
 * Pure: the form's text and the scenario's hosts in, the levels to run or the reason out.
 * The checks are the core's (workload-plan.ts), the same the worker makes before a run.
 */
import { readLevels, sweepLevelsSchema } from '../../core/fleet/fill-sweep.ts';
import { checkGenerated, checkSweep, type PlanProblem } from '../../core/fleet/workload-plan.ts';
import type { WorkloadForm } from '../../store/jobs-slice.ts';
import { checkFields, FIELDS } from './fields.ts';

/** `inLevels`: the reason is the levels field's own (so that field is the one marked invalid). */
export type SweepCheck = { ok: true; levels: number[] } | { ok: false; reason: string; inLevels: boolean };

/** A field's label for its key; the key itself for one the form does not show. */
function labelOf(key: string): string {
  return FIELDS.find((f) => f.name === key)?.label ?? key;
}

function problemText(p: PlanProblem): string {
  const key = p.path.length ? String(p.path[0]) : '';
  return key ? `${labelOf(key)}: ${p.message}` : p.message;
}

/**
 * `scenario`: for a scenario sweep, whether a scenario is chosen and how many of its hosts
 * are to be filled (ignored for a generated workload).
 */
export function checkSweepForm(form: WorkloadForm, scenario: { chosen: boolean; fillHosts: number }): SweepCheck {
  const typed = readLevels(form.sweepLevels);
  if (typed.some((x) => x === null)) return { ok: false, reason: 'Fill levels: a comma-separated list, e.g. 0, 0.3, 60%', inLevels: true };
  const lv = sweepLevelsSchema.safeParse(typed);
  if (!lv.success) return { ok: false, reason: `Fill levels: ${lv.error.issues[0].message}`, inLevels: true };
  const levels = lv.data;
  if (form.source === 'scenario') {
    if (!scenario.chosen) return { ok: false, reason: 'choose a scenario', inLevels: false };
    if (scenario.fillHosts === 0) return { ok: false, reason: 'choose the hosts to fill', inLevels: false };
    return { ok: true, levels };
  }
  // The sweep sets the fill level itself: the form's own level need not be filled in.
  const r = checkFields({ ...form.fields, fill: '0' }, form.fillPattern);
  if (!r.ok) {
    const [key, message] = Object.entries(r.errors)[0];
    return { ok: false, reason: `${labelOf(key)}: ${message}`, inLevels: false };
  }
  const bad = checkSweep(levels, (fill) => checkGenerated({ ...r.params, fill }));
  if (bad) return { ok: false, reason: `at fill ${Math.round(bad.level * 1000) / 10}%: ${problemText(bad.problems[0])}`, inLevels: true };
  return { ok: true, levels };
}
