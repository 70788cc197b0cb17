/**
 * Model-based properties of the engine over random topologies and event sequences
 * (DESIGN.md convention 9): after every event the invariants hold, a failed event changes
 * nothing, the state at event i — reached by seeking the timeline in any order — equals
 * the state of a fresh run of the first i events, and the invariant checks on what an
 * event touched find what the whole-state checks find.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario } from '../scenario/index.ts';
import { buildTimeline, type Timeline } from '../timeline/timeline.ts';
import { POLICY_KINDS } from '../model/types.ts';
import { applyEffect } from './effects.ts';
import { checkAllInvariants, checkTouchedInvariants } from './invariants.ts';
import type { Effect } from '../model/effect.ts';

const PROCS = ['p1', 'p2', 'p3'];
const ALIASES = ['d1', 'd2'];

const fnArb = (i: number) =>
  fc
    .record({
      kind: fc.constantFrom('pf', 'vf'),
      pasidBits: fc.constantFrom(3, 4, 6, 20),
      swq: fc.boolean(),
      siov: fc.boolean(),
      model: fc.constantFrom(undefined, 'dsa', 'iax'),
    })
    .map((f) => ({ ...f, rid: `0000:0${i}:00.0` }));

const hostArb = (id: string) =>
  fc
    .record({
      kind: fc.constantFrom(...POLICY_KINDS),
      iommuBits: fc.constantFrom(4, 5, 20),
      xlate: fc.boolean(),
      fns: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 5 }),
      group: fc.integer({ min: 0, max: 3 }),
    })
    .chain((h) =>
      fc.tuple(...h.fns.map((_, i) => fnArb(i))).map((fns) => {
        // The first function is always a PF; VFs hang off it.
        const functions = fns.map((f, i) => {
          const base = { rid: f.rid, swq: f.swq };
          if (i === 0 || f.kind === 'pf')
            return {
              ...base,
              kind: 'pf',
              pasidBits: f.pasidBits,
              siov: f.siov,
              ...(f.model ? { model: f.model } : {}),
            };
          return { ...base, kind: 'vf', pf: fns[0].rid };
        });
        // Up to the first `group` functions form an allocation group (used under local).
        const members = functions.slice(0, h.group).map((f) => f.rid);
        return {
          id,
          policy: h.kind === 'split' ? { kind: 'split', localEnd: 4, sharedEnd: 12 } : { kind: h.kind },
          iommu: { pasidBits: h.iommuBits, cpuPasidTranslation: h.xlate },
          functions,
          ...(members.length >= 2 ? { pasidGroups: [{ id: 'g', functions: members }] } : {}),
        };
      }),
    );

const scenarioArb = fc
  .record({
    hosts: fc.tuple(hostArb('A'), hostArb('B'), hostArb('C')),
    samePolicy: fc.boolean(),
    vms: fc.array(fc.record({ host: fc.constantFrom('A', 'B', 'C'), pasidAlloc: fc.boolean() }), {
      minLength: 1,
      maxLength: 3,
    }),
  })
  .chain(({ hosts, samePolicy, vms }) => {
    const hs = samePolicy ? hosts.map((h) => ({ ...h, policy: hosts[0].policy })) : hosts;
    const vmIds = vms.map((_, i) => `vm${i + 1}`);
    const rids = [...new Set(hs.flatMap((h) => h.functions.map((f) => f.rid)))];
    const vm = fc.constantFrom(...vmIds);
    const proc = fc.constantFrom(...PROCS);
    const alias = fc.constantFrom(...ALIASES);
    const host = fc.constantFrom('A', 'B', 'C');
    const ridOf = (h: string) => fc.constantFrom(...hs.find((x) => x.id === h)!.functions.map((f) => f.rid));
    // Weighted towards building state up, so that binds, ENQCMDs and migrations succeed often.
    const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
    const event = fc.oneof(
      w(3, fc.record({ op: fc.constant('assign'), vm, function: fc.constantFrom(...rids), as: alias })),
      w(3, fc.record({ op: fc.constant('assign'), vm, adiOf: fc.constantFrom(...rids), as: alias })),
      w(1, fc.record({ op: fc.constant('unassign'), vm, device: alias })),
      w(
        5,
        fc.record({
          op: fc.constant('guest.alloc'),
          vm,
          process: proc,
          kind: fc.constantFrom('local', 'shared'),
        }),
      ),
      w(
        1,
        fc.record({
          op: fc.constant('guest.alloc'),
          vm,
          process: proc,
          pasid: fc.integer({ min: 1, max: 9 }),
        }),
      ),
      w(8, fc.record({ op: fc.constant('guest.bind'), vm, process: proc, device: alias })),
      w(1, fc.record({ op: fc.constant('guest.unbind'), vm, process: proc, device: alias })),
      w(1, fc.record({ op: fc.constant('guest.free'), vm, process: proc })),
      w(
        5,
        host.chain((h) =>
          fc.record({
            op: fc.constant('host.bind'),
            host: fc.constant(h),
            process: proc,
            function: ridOf(h),
          }),
        ),
      ),
      w(
        1,
        host.chain((h) =>
          fc.record({
            op: fc.constant('host.unbind'),
            host: fc.constant(h),
            process: proc,
            function: ridOf(h),
          }),
        ),
      ),
      w(1, fc.record({ op: fc.constant('host.exit'), host, process: proc })),
      w(4, fc.record({ op: fc.constant('enqcmd'), vm, process: proc, device: alias })),
      w(
        2,
        host.chain((h) =>
          fc.record({ op: fc.constant('enqcmd'), host: fc.constant(h), process: proc, function: ridOf(h) }),
        ),
      ),
      w(3, fc.record({ op: fc.constant('migrate'), vm, to: host })),
      w(
        1,
        host.chain((h) =>
          fc.record({ op: fc.constant('migrate'), vm, to: fc.constant(h), map: fc.record({ d1: ridOf(h) }) }),
        ),
      ),
    );
    return fc.array(event, { minLength: 5, maxLength: 60, size: 'max' }).map((events) => ({
      format: 'pasidscope/1',
      hosts: hs,
      vms: vms.map((v, i) => ({ id: vmIds[i], host: v.host, viommu: { pasidAlloc: v.pasidAlloc } })),
      events,
    }));
  });

function parsed(raw: unknown) {
  const r = parseScenario(raw);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.scenario;
}

const outcomes = (t: Timeline) => Array.from({ length: t.length }, (_, i) => t.outcome(i));

describe('engine properties', () => {
  it('generated scenarios are valid input', () => {
    fc.assert(
      fc.property(scenarioArb, (raw) => void parsed(raw)),
      { numRuns: 200 },
    );
  });

  it('the invariants hold over the whole state after every event, and failed events change nothing', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom(undefined, ...POLICY_KINDS), (raw, policy) => {
        const t = buildTimeline(parsed(raw), policy, { checkpointEvery: 4, invariants: 'full' });
        expect(t.violations).toEqual([]);
        for (const o of outcomes(t)) {
          if (o.ok) continue;
          expect(o.effects).toEqual([]);
          expect(o.code).toBeDefined();
          expect(t.snapshot(o.index + 1).hosts).toEqual(t.snapshot(o.index).hosts);
          expect(t.snapshot(o.index + 1).vms).toEqual(t.snapshot(o.index).vms);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('seeking to event i in any order equals a fresh run of i events, under every policy', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom(undefined, ...POLICY_KINDS),
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        (raw, policy, seeks) => {
          const s = parsed(raw);
          const t = buildTimeline(s, policy, { checkpointEvery: 3 });
          for (const k of seeks) {
            const i = k % (s.events.length + 1);
            const fresh = buildTimeline({ ...s, events: s.events.slice(0, i) }, policy);
            expect(t.snapshot(i)).toEqual(fresh.snapshot(i));
            // An outcome rebuilt after seeks is the one the build recorded.
            if (i < s.events.length) {
              const o = t.outcome(i);
              expect([o.ok, o.code, o.pasid, o.hpasid, o.wire, o.fault, o.conflicts?.length]).toEqual([
                t.columns.code[i] === 0,
                o.code,
                t.columns.pasid[i] < 0 ? undefined : t.columns.pasid[i],
                t.columns.hpasid[i] < 0 ? undefined : t.columns.hpasid[i],
                t.columns.wire[i] < 0 ? undefined : t.columns.wire[i],
                o.fault,
                o.conflicts ? t.columns.conflicts[i] : undefined,
              ]);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the checks on what an event touched find what the whole-state checks find, on broken states too', () => {
    // A state broken on purpose: one effect that no op would make, applied behind the engine's back.
    const breakers = (st: Parameters<typeof checkAllInvariants>[0]): Effect[] => {
      const out: Effect[] = [];
      for (const h of st.hosts.values())
        for (const f of h.functions) {
          const free = f.table.lowestFree(1, f.maxPasids);
          if (free > 0)
            out.push({
              t: 'attach',
              host: h.id,
              rid: f.spec.rid,
              pasid: free,
              holder: { type: 'host', host: h.id, process: 'ghost' },
              refs: 1,
            });
          for (const [p, en] of f.entries)
            out.push({ t: 'ref', host: h.id, rid: f.spec.rid, pasid: p, holder: en.holder, delta: 1 });
        }
      for (const v of st.vms.values()) {
        for (const [name, p] of v.procs) {
          if (p.pasid !== null) out.push({ t: 'xlate-set', vm: v.id, gpasid: p.pasid, hpasid: 1 });
          // A binding no entry backs, and a process record whose gPASID the guest space never gave out.
          for (const alias of v.devices.keys())
            out.push({ t: 'bind', vm: v.id, process: name, device: alias, delta: 1 });
          const unused = v.space.lowestFree(1, 1 << 20);
          if (p.pasid !== null && unused > 0)
            out.push({
              t: 'proc',
              holder: { type: 'guest', vm: v.id, process: name },
              before: p,
              after: { ...p, pasid: unused },
            });
        }
        out.push({
          t: 'translation',
          vm: v.id,
          before: v.translationSince,
          after: v.translationSince === null ? 0 : null,
        });
      }
      return out;
    };
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom(undefined, ...POLICY_KINDS),
        fc.nat(),
        fc.nat(),
        (raw, policy, at, pick) => {
          const s = parsed(raw);
          const t = buildTimeline(s, policy);
          const st = t.stateAt(at % (s.events.length + 1));
          const choices = breakers(st);
          if (choices.length === 0) return;
          const e = choices[pick % choices.length];
          applyEffect(st, e);
          const full = checkAllInvariants(st).map((b) => b.invariant);
          const touched = checkTouchedInvariants(st, [e]).map((b) => b.invariant);
          expect([...new Set(touched)].sort()).toEqual([...new Set(full)].sort());
          // Not vacuous: an entry for a process that has no PASID breaks I4, whichever way it is looked for.
          if (e.t === 'attach') expect(full).toContain('I4');
          if (e.t === 'ref' && e.holder.type === 'guest') expect(full).toContain('I7');
          if (e.t === 'bind') expect(full).toContain('I7');
          if (e.t === 'proc') expect(full).toContain('I1');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a run is deterministic: the same scenario gives the same outcomes', () => {
    fc.assert(
      fc.property(scenarioArb, (raw) => {
        const s = parsed(raw);
        expect(outcomes(buildTimeline(s))).toEqual(outcomes(buildTimeline(s)));
      }),
      { numRuns: 50 },
    );
  });
});
