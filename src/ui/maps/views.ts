/**
 * The panels a step shows, as data: every host in one panel, or on a migrate step the
 * source before and the destination after. Shared by the screen (main-view.tsx) and the
 * tests that render every step of every bundled scenario.
 */
import type { Scenario } from '../../core/scenario/index.ts';
import { scenarioOwners } from '../../core/scenario/owners.ts';
import type { Holder, Outcome, Snapshot } from '../../core/model/types.ts';
import { buildPanel, type PanelModel, type StepScenario } from './model.ts';

const whole = new WeakMap<Scenario, StepScenario>();

/** A parsed scenario as the panels read it (tests and exports that hold one whole). */
export function fromScenario(s: Scenario): StepScenario {
  let v = whole.get(s);
  if (!v) whole.set(s, (v = { owners: scenarioOwners(s.events), eventAt: (i) => s.events[i] }));
  return v;
}

/** Every host of a snapshot, with the step's changes and conflicts. */
export function allHostsPanel(scenario: StepScenario, snap: Snapshot, outcome: Outcome | undefined, selected: Holder | null): PanelModel {
  return buildPanel({ scenario, snap, outcome, selected, changes: 'all', conflicts: true });
}

/** Which VM a migrate step moved, from where, to where (also for a refused one). */
export function migrationHosts(o: Outcome, scenario: StepScenario, prev: Snapshot | null): { vm: string; from: string; to: string } {
  if (o.migration) return { vm: o.migration.vm, from: o.migration.from, to: o.migration.to };
  const e = (scenario.eventAt(o.index) ?? { vm: '', to: '' }) as { vm: string; to: string };
  const from = prev?.vms.find((v) => v.id === e.vm)?.host ?? '';
  return { vm: e.vm, from, to: e.to };
}

/** One side of a migrate step: the source host before it, or the destination after it. */
export function migrationSide(
  side: 'source' | 'destination',
  scenario: StepScenario,
  snap: Snapshot,
  outcome: Outcome,
  host: string,
  selected: Holder | null,
): PanelModel {
  const ok = outcome.ok;
  const tag = side === 'source' ? (ok ? 'source · before' : 'source · unchanged') : ok ? 'destination · after' : 'destination · refused';
  return buildPanel({
    scenario,
    snap,
    outcome,
    hosts: [host],
    selected,
    changes: side === 'source' ? 'removed' : 'added',
    conflicts: true,
    tags: { [host]: tag },
  });
}
