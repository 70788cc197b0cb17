import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IdSet } from './id-set.ts';
import {
  applyCommand,
  commandSequences,
  expectSameAsModel,
  type IdSetCommand,
  smallUniverses,
  type Universe,
  universeBuilder,
  usedRunsOf,
} from './id-set-model.testkit.ts';
import { NaiveIdSet } from './naive-id-set.ts';
import { SparseIdSet, type SparseIdSetOptions } from './sparse-id-set.ts';

// ---------------------------------------------------------------------------------------
// Model-based testing against NaiveIdSet: random command sequences, every answer compared.

/** Hot IDs: the ends, and multiples of 32, of the 4096-ID chunk and of two chunks. */
const universe = universeBuilder([32, 4096, 8192]);

const smallUniverse = smallUniverses(universe);

const universes = fc.oneof(
  { arbitrary: smallUniverse, weight: 3 },
  { arbitrary: fc.constant(universe(1, 64)), weight: 1 },
  // a few 4096-ID chunks, not aligned
  { arbitrary: fc.constant(universe(4000, 12400, 3000)), weight: 3 },
  // large and sampled sparsely
  { arbitrary: fc.constant(universe(4096, 1 << 19, 3000)), weight: 2 },
  { arbitrary: fc.constant(universe(1, 1 << 20, 3000)), weight: 1 },
);

const modesSeen = new Set<string>();

function runModel(make: (lo: number, hi: number) => SparseIdSet, u: Universe, cmds: IdSetCommand[]): void {
  let sut: IdSet = make(u.lo, u.hi);
  let model = new NaiveIdSet(u.lo, u.hi);
  for (const c of cmds) {
    const before = (sut as SparseIdSet).mode;
    [sut, model] = applyCommand(sut, model, c);
    const s = sut as SparseIdSet;
    if (c.op !== 'clone') modesSeen.add(`${before}->${s.mode}`);
    const r = usedRunsOf(s);
    expect(r).toEqual(usedRunsOf(model));
    expect(s.runCount).toBe(r.length);
  }
  expectSameAsModel(sut, model);
  // Then empty it, lowest first, so every set that went to chunks also comes back.
  const s = sut as SparseIdSet;
  for (const id of [...model.usedRuns()].flatMap(([a, b]) =>
    Array.from({ length: b - a }, (_, k) => a + k),
  )) {
    const before = s.mode;
    expect(s.delete(id)).toBe(true);
    expect(s.has(id)).toBe(false);
    expect(s.lowestFree(id)).toBe(id);
    modesSeen.add(`${before}->${s.mode}`);
  }
  expect(s.size).toBe(0);
  expect(s.runCount).toBe(0);
  expect(s.mode).toBe('intervals');
}

/** Options that make the set switch representation after a handful of runs. */
const twitchy: SparseIdSetOptions = { chunksAboveRuns: 6, intervalsAtOrBelowRuns: 2 };

describe('SparseIdSet against NaiveIdSet (model-based)', () => {
  for (const [name, options] of [
    ['default thresholds', {}],
    ['switching after 6 runs, back at 2', twitchy],
    ['switching at the first run, back when empty', { chunksAboveRuns: 0, intervalsAtOrBelowRuns: 0 }],
  ] as const) {
    it(`answers every command as the naive set does (${name})`, () => {
      const make = (lo: number, hi: number) => new SparseIdSet(lo, hi, options);
      fc.assert(
        fc.property(
          universes.chain((u) => fc.tuple(fc.constant(u), commandSequences(u, 80))),
          ([u, cmds]) => runModel(make, u, cmds),
        ),
        { numRuns: 200 },
      );
    });
  }

  it('keeps every run while its run list grows, shrinks and grows again', () => {
    // Isolated IDs, one run each: the list's capacity goes up and down through every size.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.nat(), { maxLength: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 1000 }),
        (grow, removals, regrow, seed) => {
          const s = new SparseIdSet(0, 1 << 20, { chunksAboveRuns: 2000, intervalsAtOrBelowRuns: 500 });
          const model = new NaiveIdSet(0, 1 << 20);
          const spacing = 50 + (seed % 5); // spread out: the memory rule keeps intervals
          for (let i = 0; i < grow; i++) expect(s.add(spacing * i)).toBe(model.add(spacing * i));
          for (const r of removals) {
            const id = spacing * (r % grow);
            expect(s.delete(id)).toBe(model.delete(id));
          }
          expect(usedRunsOf(s)).toEqual(usedRunsOf(model));
          for (let i = 0; i < regrow; i++) {
            const id = spacing * ((seed + 7 * i) % 600) + 1;
            expect(s.add(id)).toBe(model.add(id));
          }
          expect(s.mode).toBe('intervals');
          expectSameAsModel(s, model);
          expect(s.runCount).toBe(usedRunsOf(model).length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('went through both representations and both switches in the runs above', () => {
    // Guards the model tests against silently exercising one representation only.
    for (const t of ['intervals->intervals', 'intervals->chunks', 'chunks->chunks', 'chunks->intervals']) {
      expect(modesSeen).toContain(t);
    }
  });

  it('churn: fill the space, free a random ID, allocate the lowest (both representations)', () => {
    const u = fc.oneof(smallUniverse, fc.constant(universe(4000, 12400)));
    fc.assert(
      fc.property(
        u.chain((x) => fc.tuple(fc.constant(x), fc.array(fc.nat(), { maxLength: 40 }), fc.boolean())),
        ([x, picks, chunky]) => {
          const sut = new SparseIdSet(
            x.lo,
            x.hi,
            chunky ? { chunksAboveRuns: 0, intervalsAtOrBelowRuns: 0 } : {},
          );
          const model = new NaiveIdSet(x.lo, x.hi);
          for (let k = x.lo; k < x.hi; k++) {
            const id = sut.lowestFree();
            if (id !== k) expect(id).toBe(k);
            sut.add(id);
            model.add(id);
          }
          expect(sut.lowestFree()).toBe(-1);
          expect(sut.size).toBe(x.hi - x.lo);
          expect(sut.runCount).toBe(x.hi > x.lo ? 1 : 0);
          if (x.hi === x.lo) return;
          for (const p of picks) {
            const id = x.lo + (p % (x.hi - x.lo));
            expect(sut.delete(id)).toBe(true);
            model.delete(id);
            expect(sut.lowestFree()).toBe(model.lowestFree());
            expect(sut.lowestFree()).toBe(id);
            expect(sut.add(id)).toBe(model.add(id));
            expect(sut.lowestFree()).toBe(-1);
          }
          expectSameAsModel(sut, model);
        },
      ),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// Unit tests.

/** Compare with a naive set holding the same IDs, over the whole universe and a window. */
function expectMatches(s: SparseIdSet, ids: Iterable<number>): void {
  const model = new NaiveIdSet(s.lo, s.hi);
  for (const id of ids) model.add(id);
  expectSameAsModel(s, model);
  expect(s.runCount).toBe(usedRunsOf(model).length);
}

describe('SparseIdSet', () => {
  it('starts empty and lean', () => {
    const s = new SparseIdSet(1, 1 << 20);
    expect(s.size).toBe(0);
    expect(s.mode).toBe('intervals');
    expect(s.lowestFree()).toBe(1);
    expect([...s.usedRuns()]).toEqual([]);
    expect(s.countIn(0, 1 << 21)).toBe(0);
    expect(s.byteSize()).toBeLessThanOrEqual(128);
  });

  it('rejects universes it cannot hold and options that contradict', () => {
    expect(() => new SparseIdSet(5, 4)).toThrow(RangeError);
    expect(() => new SparseIdSet(0, 0.5)).toThrow(RangeError);
    expect(() => new SparseIdSet(0, 2 ** 31)).toThrow(RangeError);
    expect(() => new SparseIdSet(0, 10, { chunksAboveRuns: 5, intervalsAtOrBelowRuns: 6 })).toThrow(
      RangeError,
    );
  });

  it('refuses IDs outside the universe and non-integers', () => {
    for (const s of [
      new SparseIdSet(1, 64),
      new SparseIdSet(1, 64, { chunksAboveRuns: 0, intervalsAtOrBelowRuns: 0 }),
    ]) {
      s.add(2);
      for (const id of [0, 64, -1, 1.5, NaN, Infinity]) {
        expect(s.add(id)).toBe(false);
        expect(s.has(id)).toBe(false);
        expect(s.delete(id)).toBe(false);
      }
      expect(s.size).toBe(1);
    }
  });

  it('keeps runs maximal: merges on add, splits on delete', () => {
    const s = new SparseIdSet(0, 100);
    for (const id of [5, 7, 6]) s.add(id);
    expect([...s.usedRuns()]).toEqual([[5, 8]]);
    expect(s.runCount).toBe(1);
    expect(s.lowestFree(5)).toBe(8);
    s.delete(6);
    expect([...s.usedRuns()]).toEqual([
      [5, 6],
      [7, 8],
    ]);
    expect(s.lowestFree(5)).toBe(6);
    s.delete(5);
    s.delete(7);
    expect(s.runCount).toBe(0);
    expect(s.byteSize()).toBe(new SparseIdSet(0, 100).byteSize());
  });

  it('switches to chunks when fragmented and back when it shrinks, with hysteresis (memory rule)', () => {
    const s = new SparseIdSet(0, 1 << 20);
    const ids = new Set<number>();
    const add = (id: number) => {
      s.add(id);
      ids.add(id);
    };
    const del = (id: number) => {
      s.delete(id);
      ids.delete(id);
    };
    // Every other ID of one chunk: 8 bytes a run soon outweighs one 4096-ID chunk.
    let k = 0;
    for (; s.mode === 'intervals' && k < 2048; k++) add(2 * k);
    expect(s.mode).toBe('chunks');
    const switchedAt = s.runCount;
    expect(switchedAt).toBeGreaterThan(100);
    expect(switchedAt).toBeLessThan(400);
    expectMatches(s, ids);
    for (; k < 2048; k++) add(2 * k);
    expect(s.runCount).toBe(2048);
    expectMatches(s, ids);
    // Shrinking a little keeps chunks (hysteresis) ...
    for (let j = 2047; j >= switchedAt - 20; j--) del(2 * j);
    expect(s.mode).toBe('chunks');
    expectMatches(s, ids);
    // ... and far enough goes back to intervals.
    let j = switchedAt - 21;
    for (; s.mode === 'chunks' && j >= 0; j--) del(2 * j);
    expect(s.mode).toBe('intervals');
    expect(s.runCount).toBeLessThan(switchedAt / 2);
    expect(s.runCount).toBeGreaterThan(0);
    expectMatches(s, ids);
    // Growing a little again keeps intervals.
    for (let i = j + 1; i < j + 20; i++) add(2 * i);
    expect(s.mode).toBe('intervals');
    expectMatches(s, ids);
  });

  it('switches to chunks past chunksAboveRuns even when the runs are spread thin', () => {
    const s = new SparseIdSet(1, 1 << 20);
    const ids: number[] = [];
    // One isolated ID every 200: 5,000 runs over 256 chunks.
    for (let i = 0; i < 5000; i++) ids.push(1 + 200 * i);
    for (const id of ids.slice(0, 4096)) s.add(id);
    expect(s.mode).toBe('intervals');
    s.add(ids[4096]);
    expect(s.mode).toBe('chunks');
    for (const id of ids.slice(4097)) s.add(id);
    expectMatches(s, ids);
    for (let i = 4999; i > 1024; i--) s.delete(ids[i]);
    expect(s.mode).toBe('chunks');
    s.delete(ids[1024]);
    expect(s.mode).toBe('intervals');
    expectMatches(s, ids.slice(0, 1024));
  });

  it('joins runs across chunk boundaries in chunk mode', () => {
    const s = new SparseIdSet(100, 20000, { chunksAboveRuns: 0, intervalsAtOrBelowRuns: 0 });
    for (let id = 4000; id < 8300; id++) s.add(id);
    s.add(12387);
    expect(s.mode).toBe('chunks');
    expect([...s.usedRuns()]).toEqual([
      [4000, 8300],
      [12387, 12388],
    ]);
    expect([...s.usedRuns(4195, 8297)]).toEqual([[4195, 8297]]);
    expect(s.countIn(4196, 12388)).toBe(8300 - 4196 + 1);
    expect(s.lowestFree(4000)).toBe(8300);
    expect(s.runCount).toBe(2);
  });

  it('clones independently in both representations', () => {
    for (const options of [{}, { chunksAboveRuns: 0, intervalsAtOrBelowRuns: 0 }]) {
      const a = new SparseIdSet(0, 10000, options);
      for (let i = 0; i < 100; i += 3) a.add(i);
      const b = a.clone();
      expect(b.mode).toBe(a.mode);
      a.delete(3);
      b.add(1);
      expect(a.has(1)).toBe(false);
      expect(b.has(3)).toBe(true);
      expect(a.size).toBe(33);
      expect(b.size).toBe(35);
      expect(a.lowestFree()).toBe(1);
      expect(b.lowestFree()).toBe(2);
    }
  });

  it('~48 scattered PASIDs cost under 1% of a full 2^20 bitmap', () => {
    const s = new SparseIdSet(1, 1 << 20);
    for (let i = 0; i < 48; i++) s.add(1 + ((i * 2654435761) % ((1 << 20) - 1)));
    expect(s.size).toBe(48);
    expect(s.runCount).toBe(48);
    expect(s.byteSize()).toBeLessThanOrEqual(131072 / 100);
  });

  it('byteSize follows the chunks held, and empty chunks are given back', () => {
    const s = new SparseIdSet(0, 1 << 20, { chunksAboveRuns: 0, intervalsAtOrBelowRuns: 0 });
    for (let c = 0; c < 10; c++) s.add(c * 4096 * 3);
    s.add(5);
    expect(s.mode).toBe('chunks');
    const ten = s.byteSize();
    expect(ten).toBeGreaterThan(10 * 512);
    s.delete(4096 * 3);
    const nine = s.byteSize();
    expect(nine).toBeLessThan(ten - 512);
    s.delete(0);
    expect(s.byteSize()).toBe(nine); // chunk 0 still holds 5
    s.delete(5);
    expect(s.byteSize()).toBeLessThan(nine - 512);
  });

  it('gives interval-list memory back as the set shrinks', () => {
    const s = new SparseIdSet(0, 1 << 20);
    const empty = s.byteSize();
    for (let i = 0; i < 180; i++) s.add(3 * i);
    expect(s.mode).toBe('intervals');
    const big = s.byteSize();
    expect(big).toBeGreaterThanOrEqual(empty + 180 * 8);
    for (let i = 5; i < 180; i++) s.delete(3 * i);
    expect(s.byteSize()).toBeLessThanOrEqual(empty + 400);
    for (let i = 0; i < 5; i++) s.delete(3 * i);
    expect(s.byteSize()).toBe(empty);
  });
});

describe('SparseIdSet regressions found by the engine at scale', () => {
  it('shrinking the run list to an odd capacity no longer loses the last run', () => {
    // Found by a 1M-event engine workload cross-checked against NaiveIdSet: the list
    // shrank from 26 to 13 numbers, and the next split wrote past its end.
    const ops =
      '+4 +6 +7 +9 +10 +13 +15 +17 +18 +20 +24 +25 +28 +12 +29 +22 +23 +30 +32 +33 +1 +8 +31 +11 +14 +5 +26 +2 +21 +3 +16 -32 -24 -14 -12 +12 +24 +32 +14 +19 +27';
    const a = new SparseIdSet(1, 1 << 20);
    const b = new NaiveIdSet(1, 1 << 20);
    for (const op of ops.split(' ')) {
      const n = Number(op.slice(1));
      expect(op[0] === '+' ? a.add(n) : a.delete(n)).toBe(op[0] === '+' ? b.add(n) : b.delete(n));
      expect([...a.usedRuns()]).toEqual([...b.usedRuns()]);
    }
    expect(a.lowestFree(1, 4096)).toBe(b.lowestFree(1, 4096));
  });
});
