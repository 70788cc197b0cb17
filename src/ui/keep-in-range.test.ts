import { describe, expect, it } from 'vitest';
import { keepInRange } from './keep-in-range.ts';

describe('keepInRange', () => {
  const range = { startIndex: 100, endIndex: 104, overscan: 2, count: 10_000 };
  it('renders the items in view and their overscan, not the whole list', () => {
    expect(keepInRange(range, [])).toEqual([98, 99, 100, 101, 102, 103, 104, 105, 106]);
  });
  it('keeps the current and the focused item wherever the list is scrolled, in order, once', () => {
    expect(keepInRange(range, [9_999, 3, 101, -1])).toEqual([3, 98, 99, 100, 101, 102, 103, 104, 105, 106, 9_999]);
    expect(keepInRange(range, [10_000])).not.toContain(10_000);
  });
});
