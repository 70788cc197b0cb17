/**
 * Shared pieces of the model-based tests of {@link IdSet} implementations
 * (`bitmap-id-set.test.ts`, `sparse-id-set.test.ts`): random command sequences are applied
 * to the implementation under test and to {@link NaiveIdSet}, and every answer is compared.
 *
 * Not a test file itself (Vitest runs only `*.test.ts`). Each test file keeps its own
 * universes and their weights, its properties and its checks of implementation details.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { IdSet } from './id-set.ts';
import type { NaiveIdSet } from './naive-id-set.ts';

/** A universe `[lo, hi)` to test in, with the IDs worth aiming commands at. */
export interface Universe {
  lo: number;
  hi: number;
  /** IDs worth aiming at: the ends and the implementation's word / summary / chunk boundaries */
  hot: number[];
  /** longest fill/clear range (keeps the naive model fast on large universes) */
  maxFill: number;
}

/** Builds a {@link Universe} `[lo, hi)`; `maxFill` defaults to the whole universe. */
export type UniverseBuilder = (lo: number, hi: number, maxFill?: number) => Universe;

/**
 * A {@link UniverseBuilder} whose hot IDs are the universe's ends plus, for each step in
 * `boundaries`, the first six multiples of that step in `[lo, hi]`.
 */
export function universeBuilder(boundaries: readonly number[]): UniverseBuilder {
  return (lo, hi, maxFill = hi - lo) => {
    const hot = [lo, hi - 1];
    for (const step of boundaries) {
      const first = Math.ceil(lo / step) * step;
      for (let b = first, k = 0; b <= hi && k < 6; b += step, k++) hot.push(b);
    }
    return { lo, hi, hot, maxFill };
  };
}

/** Small universes: `lo` in 0..70, 0 to 300 IDs (empty universes included). */
export function smallUniverses(universe: UniverseBuilder): fc.Arbitrary<Universe> {
  return fc
    .tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 300 }))
    .map(([lo, size]) => universe(lo, lo + size));
}

/** One step of a model-based run; see {@link applyCommand} for what each does. */
export type IdSetCommand =
  | { op: 'add' | 'delete' | 'has'; id: number }
  | { op: 'alloc' | 'lowestFree' | 'countIn' | 'usedRuns'; from: number; to: number }
  | { op: 'fill' | 'clear'; from: number; to: number }
  | { op: 'sprinkle'; from: number; to: number; step: number }
  | { op: 'clone'; id: number };

/** An ID anywhere in (or just outside) the universe, or close to one of its hot IDs. */
function idIn(u: Universe): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: u.lo - 2, max: u.hi + 1 }),
    fc.constantFrom(...u.hot).chain((x) => fc.integer({ min: x - 2, max: x + 2 })),
  );
}

/** A range `[from, to)`: between two IDs, short from one ID, or past both ends. */
function rangeIn(u: Universe): fc.Arbitrary<{ from: number; to: number }> {
  return fc.oneof(
    fc.tuple(idIn(u), idIn(u)).map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) })),
    fc.tuple(idIn(u), fc.integer({ min: 0, max: 40 })).map(([a, len]) => ({ from: a, to: a + len })),
    fc.constant({ from: u.lo - 5, to: u.hi + 5 }),
  );
}

/** Sequences of up to `maxLength` commands aimed at universe `u`. */
export function commandSequences(u: Universe, maxLength: number): fc.Arbitrary<IdSetCommand[]> {
  const fillRange = fc
    .tuple(idIn(u), fc.integer({ min: 0, max: Math.max(0, Math.min(u.maxFill, u.hi - u.lo)) }))
    .map(([from, len]) => ({ from, to: from + len }));
  const cmd: fc.Arbitrary<IdSetCommand> = fc.oneof(
    { arbitrary: idIn(u).map((id) => ({ op: 'add' as const, id })), weight: 6 },
    { arbitrary: idIn(u).map((id) => ({ op: 'delete' as const, id })), weight: 4 },
    { arbitrary: idIn(u).map((id) => ({ op: 'has' as const, id })), weight: 1 },
    { arbitrary: rangeIn(u).map((r) => ({ op: 'alloc' as const, ...r })), weight: 4 },
    { arbitrary: rangeIn(u).map((r) => ({ op: 'lowestFree' as const, ...r })), weight: 2 },
    { arbitrary: rangeIn(u).map((r) => ({ op: 'countIn' as const, ...r })), weight: 2 },
    { arbitrary: rangeIn(u).map((r) => ({ op: 'usedRuns' as const, ...r })), weight: 2 },
    { arbitrary: fillRange.map((r) => ({ op: 'fill' as const, ...r })), weight: 1 },
    { arbitrary: fillRange.map((r) => ({ op: 'clear' as const, ...r })), weight: 1 },
    // every step-th ID of a range: many short runs at once
    {
      arbitrary: fc
        .tuple(fillRange, fc.integer({ min: 2, max: 5 }))
        .map(([r, step]) => ({ op: 'sprinkle' as const, ...r, step })),
      weight: 1,
    },
    { arbitrary: idIn(u).map((id) => ({ op: 'clone' as const, id })), weight: 1 },
  );
  return fc.array(cmd, { maxLength });
}

/** `s.usedRuns(from, to)` as an array of mutable pairs (comparable with `toEqual`). */
export function usedRunsOf(s: IdSet, from?: number, to?: number): [number, number][] {
  return [...s.usedRuns(from, to)].map(([a, b]) => [a, b]);
}

/** Expect `sut` to hold exactly what `model` holds: size, runs, lowest free ID and count. */
export function expectSameAsModel(sut: IdSet, model: NaiveIdSet): void {
  expect(sut.size).toBe(model.size);
  expect(usedRunsOf(sut)).toEqual(usedRunsOf(model));
  expect(sut.lowestFree()).toBe(model.lowestFree());
  expect(sut.countIn(sut.lo, sut.hi)).toBe(model.size);
}

/**
 * Apply one command to both; compare the answers. Returns the pair to continue with: the
 * same two sets, except after `clone`, which continues with the two copies (having checked
 * that changing an original and its copy leaves the other alone).
 */
export function applyCommand(sut: IdSet, model: NaiveIdSet, c: IdSetCommand): [IdSet, NaiveIdSet] {
  switch (c.op) {
    case 'add':
      expect(sut.add(c.id)).toBe(model.add(c.id));
      break;
    case 'delete':
      expect(sut.delete(c.id)).toBe(model.delete(c.id));
      break;
    case 'has':
      expect(sut.has(c.id)).toBe(model.has(c.id));
      break;
    case 'alloc': {
      const id = model.lowestFree(c.from, c.to);
      expect(sut.lowestFree(c.from, c.to)).toBe(id);
      if (id >= 0) expect(sut.add(id)).toBe(model.add(id));
      break;
    }
    case 'lowestFree':
      expect(sut.lowestFree(c.from, c.to)).toBe(model.lowestFree(c.from, c.to));
      break;
    case 'countIn':
      expect(sut.countIn(c.from, c.to)).toBe(model.countIn(c.from, c.to));
      break;
    case 'usedRuns':
      expect(usedRunsOf(sut, c.from, c.to)).toEqual(usedRunsOf(model, c.from, c.to));
      break;
    case 'fill':
      for (let i = c.from; i < c.to; i++) expect(sut.add(i)).toBe(model.add(i));
      break;
    case 'clear':
      for (let i = c.from; i < c.to; i++) expect(sut.delete(i)).toBe(model.delete(i));
      break;
    case 'sprinkle':
      for (let i = c.from; i < c.to; i += c.step) expect(sut.add(i)).toBe(model.add(i));
      break;
    case 'clone': {
      const copy = sut.clone();
      const modelCopy = model.clone();
      expectSameAsModel(copy, modelCopy);
      // Changing the original leaves the copy alone, and the other way round.
      if (!sut.add(c.id)) sut.delete(c.id);
      if (!copy.add(c.id + 1)) copy.delete(c.id + 1);
      if (!modelCopy.add(c.id + 1)) modelCopy.delete(c.id + 1);
      expectSameAsModel(copy, modelCopy);
      return [copy, modelCopy];
    }
  }
  expect(sut.size).toBe(model.size);
  return [sut, model];
}
