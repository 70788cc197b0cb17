import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenarioText, type Scenario } from '../scenario/index.ts';
import { checkGenerated, checkSweep, planFilled, planGenerated } from './workload-plan.ts';
import { fleetSpaces } from './fleet-spaces.ts';
import { initialState } from '../engine/state.ts';
import { withPolicy } from '../scenario/index.ts';
import { SPACE_CLASSES } from '../model/space.ts';

function bundled(file: string): Scenario {
  const r = parseScenarioText(readFileSync(join(import.meta.dirname, '../../../public/scenarios', file), 'utf8'));
  if (!r.ok) throw new Error(file);
  return r.scenario;
}

describe('workload plans', () => {
  it('check a sweep at every level before it runs: the first level whose fill is too big', () => {
    const knobs = { seed: 1, hosts: 8, iommuBits: 20, widths: [20] };
    const bad = checkSweep([0, 0.2, 0.4, 0.6], (fill) => checkGenerated({ ...knobs, fill }));
    expect(bad?.level).toBe(0.4);
    expect(bad?.problems[0].path).toEqual(['fill']);
    expect(checkSweep([0, 0.5, 1], (fill) => checkGenerated({ ...knobs, iommuBits: 12, fill }))).toBeNull();
  });

  it('name every problem of a generated workload by its knob, and accept good knobs', () => {
    const bad = planGenerated({ seed: -1, hosts: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.path[0]).sort()).toEqual(['hosts', 'seed']);
    const good = planGenerated({ seed: 7, events: 500, hosts: 2 });
    expect(good.ok).toBe(true);
    if (good.ok) {
      expect(good.plan.scenario.events).toHaveLength(500);
      expect(good.plan.params?.seed).toBe(7);
    }
  });

  it('refuse every bad fill of a scenario at once: unknown hosts and bad fields, by index', () => {
    const s1 = bundled('s1-vf-migration-busy-destination.json');
    const r = planFilled(s1, [
      { host: 'nowhere', level: 0.5, pattern: 'random' },
      { host: 'B', level: 2, pattern: 'random' },
      { host: 'B', level: 0.5, pattern: 'striped' },
      { host: '__proto__', level: 0.5, pattern: 'lowest' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path.join('.'))).toEqual(['fills.0.host', 'fills.1.level', 'fills.2.pattern', 'fills.3.host']);
    expect(r.problems[0].message).toContain('unknown host "nowhere"');
  });

  it('say what was filled in the description', () => {
    const s1 = bundled('s1-vf-migration-busy-destination.json');
    const r = planFilled(s1, [{ host: 'B', level: 0.4, pattern: 'fragmented' }]);
    expect(r.ok && r.plan.description).toBe(`${s1.title}; filled before the first event: B to 40% (fragmented)`);
    const none = planFilled(s1, []);
    expect(none.ok && none.plan.description).toBe(s1.title);
  });
});

describe('fleet spaces', () => {
  it('list each host G (not under local), then its functions, then the guest spaces, with their ranges', () => {
    const s1 = bundled('s1-vf-migration-busy-destination.json');
    for (const kind of ['global', 'local'] as const) {
      const sc = withPolicy(s1, kind);
      const spaces = fleetSpaces(initialState(sc));
      const expected = [
        ...sc.hosts.flatMap((h) => [...(kind === 'local' ? [] : [`${h.id}/G`]), ...h.functions.map((f) => `${h.id}/${f.rid}`)]),
        ...sc.vms.map((v) => v.id),
      ];
      expect(spaces.map((x) => x.name)).toEqual(expected);
      for (const sp of spaces) {
        expect(sp.lo).toBeLessThanOrEqual(sp.hi);
        const ref = sp.ref;
        const fnKind = ref.kind === 'rid' ? sc.hosts.find((h) => h.id === ref.host)!.functions.find((f) => f.rid === ref.rid)!.kind : null;
        expect(SPACE_CLASSES[sp.cls]).toBe(ref.kind === 'g' ? 'G' : ref.kind === 'guest' ? 'guest' : fnKind === 'pf' ? 'PF' : 'VF');
      }
    }
  });
});
