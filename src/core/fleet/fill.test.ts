import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FILL_PATTERNS, applyFills, fillCount, fillIds, fillTargets } from './fill.ts';
import { freeRuns } from './fleet-stats.ts';
import { initialState } from '../engine/state.ts';
import { checkAllInvariants as checkInvariants } from '../engine/invariants.ts';
import { applyEvent } from '../engine/apply-event.ts';
import { generateWorkload } from './workload.ts';
import { withPolicy } from '../scenario/index.ts';
import { POLICY_KINDS } from '../model/types.ts';
import { NaiveIdSet } from '../id-set/naive-id-set.ts';

describe('fillIds', () => {
  it('places exactly round(level × n) distinct ascending IDs inside the range, for every pattern', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(...FILL_PATTERNS),
        fc.nat(),
        (lo, n, level, pattern, seed) => {
          const ids = fillIds(lo, lo + n, level, pattern, seed);
          expect(ids.length).toBe(fillCount(n, level));
          expect(ids.length).toBe(Math.round(n * level));
          for (let i = 0; i < ids.length; i++) {
            expect(ids[i]).toBeGreaterThanOrEqual(lo);
            expect(ids[i]).toBeLessThan(lo + n);
            if (i > 0) expect(ids[i]).toBeGreaterThan(ids[i - 1]);
          }
        },
      ),
    );
  });

  it('lowest is the first IDs; fragmented leaves no free run longer than the level needs', () => {
    expect(Array.from(fillIds(4096, 4106, 0.3, 'lowest'))).toEqual([4096, 4097, 4098]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4000 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (n, level) => {
        const ids = fillIds(0, n, level, 'fragmented');
        const set = new NaiveIdSet(0, n);
        for (const id of ids) set.add(id);
        const k = ids.length;
        if (k === 0) return;
        // k used IDs spread over n: every free run is at most ceil((n - k) / k) long.
        expect(freeRuns(set, 0, n).largest).toBeLessThanOrEqual(Math.ceil((n - k) / k));
      }),
    );
  });

  it('random depends on the seed only, and is spread over the whole range', () => {
    const a = fillIds(1, 1 << 16, 0.5, 'random', 1);
    expect(Array.from(fillIds(1, 1 << 16, 0.5, 'random', 1))).toEqual(Array.from(a));
    expect(Array.from(fillIds(1, 1 << 16, 0.5, 'random', 2))).not.toEqual(Array.from(a));
    // each quarter of the range gets about a quarter of the IDs
    for (let q = 0; q < 4; q++) {
      const inQ = a.filter((x) => x >= 1 + q * (1 << 14) && x < 1 + (q + 1) * (1 << 14)).length;
      expect(inQ / a.length).toBeGreaterThan(0.23);
      expect(inQ / a.length).toBeLessThan(0.27);
    }
  });
});

describe('applyFills', () => {
  const w = generateWorkload({ seed: 1, events: 400, hosts: 2, iommuBits: 12, widths: [12, 10] });

  it('fills G to the level under global, linux and split, and the accelerator PF tables under local', () => {
    for (const kind of POLICY_KINDS) {
      const st = initialState(withPolicy(w.scenario, kind));
      const report = applyFills(st, [{ host: 'h0', level: 0.4, pattern: 'random', seed: 3 }]);
      const h = st.hosts.get('h0')!;
      const targets = fillTargets(h);
      expect(report[0].spaces.map((s) => s.space)).toEqual(targets.map((t) => t.space));
      if (kind === 'local') {
        expect(targets.every((t) => t.space !== 'G')).toBe(true);
        for (const t of targets) {
          const f = h.fn.get(t.space)!;
          expect(f.spec.swq || f.spec.siov).toBe(true);
          expect(f.table.size).toBe(Math.round((t.hi - t.lo) * 0.4));
        }
      } else {
        expect(targets).toHaveLength(1);
        expect(h.g!.size).toBe(Math.round((h.g!.hi - h.g!.lo) * 0.4));
        // G-policy tenants hold PASIDs without binding: every function stays assignable
        for (const f of h.functions) expect(f.entries.size).toBe(0);
      }
      expect(st.hosts.get('h1')!.procs.size).toBe(0);
      // the filled state is one the engine could reach: the invariants hold
      expect(checkInvariants(st)).toEqual([]);
    }
  });

  it('leaves a state the events run on with the invariants holding after every event', () => {
    for (const kind of POLICY_KINDS) {
      const s = withPolicy(w.scenario, kind);
      const st = initialState(s);
      applyFills(st, w.scenario.hosts.map((h, i) => ({ host: h.id, level: 0.7, pattern: 'fragmented' as const, seed: i })));
      s.events.forEach((e, i) => {
        applyEvent(st, e, i);
        expect(checkInvariants(st)).toEqual([]);
      });
    }
  });

  it('a full fill leaves no room: the next host allocation fails with ENOSPC', () => {
    const s = withPolicy(w.scenario, 'global');
    const st = initialState(s);
    applyFills(st, [{ host: 'h0', level: 1, pattern: 'lowest', seed: 0 }]);
    const o = applyEvent(st, { op: 'host.bind', host: 'h0', process: 'x', function: s.hosts[0].functions[0].rid }, 0);
    expect(o.code).toBe('ENOSPC');
  });

  it('rejects an unknown host', () => {
    const st = initialState(w.scenario);
    expect(() => applyFills(st, [{ host: 'nope', level: 0.1, pattern: 'lowest', seed: 0 }])).toThrow(/unknown host "nope"/);
  });
});
