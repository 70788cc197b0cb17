import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitmapIdSet } from './bitmap-id-set.ts';
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

// ---------------------------------------------------------------------------------------
// Model-based testing against NaiveIdSet: random command sequences, every answer compared.

/** Hot IDs: the ends, and multiples of the word (32) and summary (1024, 32768) spans and of 4096. */
const universe = universeBuilder([32, 1024, 4096, 32768]);

const smallUniverse = smallUniverses(universe);

const universes = fc.oneof(
  { arbitrary: smallUniverse, weight: 4 },
  { arbitrary: fc.constant(universe(1, 64)), weight: 1 },
  // three summary levels
  { arbitrary: fc.constant(universe(0, 2048)), weight: 2 },
  { arbitrary: fc.constant(universe(3, 1100)), weight: 1 },
  // large and sampled sparsely
  { arbitrary: fc.constant(universe(4096, 1 << 19, 3000)), weight: 2 },
);

function runModel(make: (lo: number, hi: number) => IdSet, u: Universe, cmds: IdSetCommand[]): void {
  let sut = make(u.lo, u.hi);
  let model = new NaiveIdSet(u.lo, u.hi);
  for (const c of cmds) {
    [sut, model] = applyCommand(sut, model, c);
    expect(usedRunsOf(sut)).toEqual(usedRunsOf(model));
  }
  expectSameAsModel(sut, model);
}

const make = (lo: number, hi: number) => new BitmapIdSet(lo, hi);

describe('BitmapIdSet against NaiveIdSet (model-based)', () => {
  it('answers every command as the naive set does', () => {
    fc.assert(
      fc.property(
        universes.chain((u) => fc.tuple(fc.constant(u), commandSequences(u, 80))),
        ([u, cmds]) => runModel(make, u, cmds),
      ),
      { numRuns: 300 },
    );
  });

  it('churn: fill the space, free a random ID, allocate the lowest', () => {
    const u = fc.oneof(smallUniverse, fc.constant(universe(0, 2048)), fc.constant(universe(7, 1 << 12)));
    fc.assert(
      fc.property(
        u.chain((x) => fc.tuple(fc.constant(x), fc.array(fc.nat(), { maxLength: 40 }))),
        ([x, picks]) => {
          const sut = make(x.lo, x.hi);
          const model = new NaiveIdSet(x.lo, x.hi);
          for (let k = x.lo; k < x.hi; k++) {
            const id = sut.lowestFree();
            if (id !== k) expect(id).toBe(k);
            sut.add(id);
            model.add(id);
          }
          expect(model.lowestFree()).toBe(-1);
          expect(sut.size).toBe(x.hi - x.lo);
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
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// Unit tests.

describe('BitmapIdSet', () => {
  it('starts empty', () => {
    const s = new BitmapIdSet(1, 1 << 20);
    expect(s.size).toBe(0);
    expect(s.lowestFree()).toBe(1);
    expect(s.has(1)).toBe(false);
    expect([...s.usedRuns()]).toEqual([]);
    expect(s.countIn(0, 1 << 21)).toBe(0);
  });

  it('rejects universes it cannot hold', () => {
    expect(() => new BitmapIdSet(5, 4)).toThrow(RangeError);
    expect(() => new BitmapIdSet(0.5, 4)).toThrow(RangeError);
    expect(() => new BitmapIdSet(0, 2 ** 30 + 1)).toThrow(RangeError);
  });

  it('an empty universe has nothing to give', () => {
    const s = new BitmapIdSet(10, 10);
    expect(s.lowestFree()).toBe(-1);
    expect(s.add(10)).toBe(false);
    expect(s.size).toBe(0);
    expect([...s.usedRuns()]).toEqual([]);
  });

  it('refuses IDs outside the universe and non-integers', () => {
    const s = new BitmapIdSet(1, 64);
    for (const id of [0, 64, -1, 1.5, NaN, Infinity]) {
      expect(s.add(id)).toBe(false);
      expect(s.has(id)).toBe(false);
      expect(s.delete(id)).toBe(false);
    }
    expect(s.size).toBe(0);
  });

  it('add and delete report whether they changed anything', () => {
    const s = new BitmapIdSet(0, 100);
    expect(s.add(7)).toBe(true);
    expect(s.add(7)).toBe(false);
    expect(s.size).toBe(1);
    expect(s.delete(7)).toBe(true);
    expect(s.delete(7)).toBe(false);
    expect(s.size).toBe(0);
  });

  it('never hands out the padding past the end of a universe that is not a multiple of 32', () => {
    const s = new BitmapIdSet(5, 100);
    for (let i = 0; i < 95; i++) expect(s.add(s.lowestFree())).toBe(true);
    expect(s.lowestFree()).toBe(-1);
    expect(s.size).toBe(95);
    expect([...s.usedRuns()]).toEqual([[5, 100]]);
    expect(s.countIn(0, 200)).toBe(95);
  });

  it('lowestFree clips to [from, to) and the universe', () => {
    const s = new BitmapIdSet(10, 200);
    for (let i = 10; i < 100; i++) s.add(i);
    expect(s.lowestFree()).toBe(100);
    expect(s.lowestFree(0, 50)).toBe(-1);
    expect(s.lowestFree(50, 101)).toBe(100);
    expect(s.lowestFree(50, 100)).toBe(-1);
    expect(s.lowestFree(150)).toBe(150);
    expect(s.lowestFree(199, 1000)).toBe(199);
    expect(s.lowestFree(200)).toBe(-1);
    expect(s.lowestFree(120, 110)).toBe(-1);
  });

  it('finds nothing free after the last word of a universe whose levels are exactly full', () => {
    // 2048 IDs: 64 leaf words, 2 summary words, 1 top word; 2^20: 32768, 1024, 32, 1.
    for (const n of [2048, 1 << 20]) {
      const s = new BitmapIdSet(0, n);
      for (let i = n - 40; i < n; i++) s.add(i);
      expect(s.lowestFree(n - 32)).toBe(-1);
      expect(s.lowestFree(n - 5)).toBe(-1);
      expect(s.lowestFree(n - 41)).toBe(n - 41);
      expect(s.lowestFree()).toBe(0);
    }
  });

  it('allocates all 2^20 lowest-first, then churns at full occupancy', () => {
    const n = 1 << 20;
    const s = new BitmapIdSet(0, n);
    for (let i = 0; i < n; i++) {
      const id = s.lowestFree();
      if (id !== i) expect(id).toBe(i);
      s.add(id);
    }
    expect(s.size).toBe(n);
    expect(s.lowestFree()).toBe(-1);
    expect([...s.usedRuns()]).toEqual([[0, n]]);
    // Free a few spread IDs: the lowest free is always the smallest one freed.
    const freed = [1 << 19, 31, 32, 1023, 1024, n - 1, 777777];
    let lowest = Infinity;
    for (const id of freed) {
      s.delete(id);
      lowest = Math.min(lowest, id);
      expect(s.lowestFree()).toBe(lowest);
    }
    expect(s.lowestFree(lowest + 1)).toBe(32);
    expect(s.lowestFree(1 << 19, n)).toBe(1 << 19);
    expect(s.lowestFree((1 << 19) + 1, n)).toBe(777777);
    expect(s.countIn(0, n)).toBe(n - freed.length);
    expect(s.countIn(30, 1025)).toBe(995 - 4);
    expect([...s.usedRuns()]).toEqual([
      [0, 31],
      [33, 1023],
      [1025, 1 << 19],
      [(1 << 19) + 1, 777777],
      [777778, n - 1],
    ]);
  });

  it('usedRuns skips long empty stretches and joins runs across words', () => {
    const s = new BitmapIdSet(4096, 1 << 19);
    const ids = [4096, 4127, 4128, 4129, 70000, 300000, 300001, (1 << 19) - 1];
    for (const id of ids) s.add(id);
    expect([...s.usedRuns()]).toEqual([
      [4096, 4097],
      [4127, 4130],
      [70000, 70001],
      [300000, 300002],
      [(1 << 19) - 1, 1 << 19],
    ]);
    expect([...s.usedRuns(4128, 300001)]).toEqual([
      [4128, 4130],
      [70000, 70001],
      [300000, 300001],
    ]);
    expect(s.countIn(4100, 300001)).toBe(5);
  });

  it('clones independently', () => {
    const a = new BitmapIdSet(0, 3000);
    for (let i = 0; i < 2048; i++) a.add(i);
    const b = a.clone();
    a.delete(5);
    b.add(2048);
    expect(a.lowestFree()).toBe(5);
    expect(b.lowestFree()).toBe(2049);
    expect(a.size).toBe(2047);
    expect(b.size).toBe(2049);
  });

  it('byteSize reports the bitmap it holds', () => {
    const big = new BitmapIdSet(0, 1 << 20).byteSize();
    expect(big).toBeGreaterThan(131072 + 4096); // leaf + first summary level
    expect(big).toBeLessThan(131072 * 1.1);
    expect(new BitmapIdSet(1, 64).byteSize()).toBeLessThan(1024);
  });
});
