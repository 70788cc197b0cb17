import { describe, expect, it } from 'vitest';
import { isMatch, nextMatch } from './search-slice.ts';

// Events 2, 5 and 9 match: their steps are 3, 6 and 10.
const m = Int32Array.from([2, 5, 9]);

describe('going from match to match', () => {
  it('Enter goes to the first match after the cursor, wrapping to the first', () => {
    expect(nextMatch(m, 0, 1)).toBe(0);
    expect(nextMatch(m, 3, 1)).toBe(1);
    expect(nextMatch(m, 9, 1)).toBe(2);
    expect(nextMatch(m, 10, 1)).toBe(0);
  });

  it('Shift+Enter goes to the last match before the cursor, wrapping to the last', () => {
    expect(nextMatch(m, 10, -1)).toBe(1);
    expect(nextMatch(m, 6, -1)).toBe(0);
    expect(nextMatch(m, 3, -1)).toBe(2);
  });

  it('nowhere without matches', () => {
    expect(nextMatch(new Int32Array(0), 4, 1)).toBe(-1);
  });

  it('tells a match from a non-match', () => {
    expect([0, 2, 3, 5, 9, 10].map((i) => isMatch(m, i))).toEqual([false, true, false, true, true, false]);
    expect(isMatch(new Int32Array(0), 0)).toBe(false);
  });
});
