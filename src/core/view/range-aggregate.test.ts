import { describe, expect, it } from 'vitest';
import { aggregateColumns, lowerBound, ownerRunStarts } from './range-aggregate.ts';

describe('lowerBound', () => {
  it('finds the first element >= value', () => {
    const a = [1, 3, 3, 7];
    expect(lowerBound(a, 0)).toBe(0);
    expect(lowerBound(a, 3)).toBe(1);
    expect(lowerBound(a, 4)).toBe(3);
    expect(lowerBound(a, 8)).toBe(4);
    expect(lowerBound(a, 3, 2)).toBe(2);
  });
});

describe('aggregateColumns', () => {
  it('counts IDs per column when many IDs share a pixel', () => {
    // 4 columns of 256 IDs each over [0, 1024)
    const ids = Int32Array.from([1, 2, 3, 300, 1023]);
    const agg = aggregateColumns(ids, [0, 256, 512, 768, 1024]);
    expect(Array.from(agg.count)).toEqual([3, 1, 0, 1]);
    expect(Array.from(agg.first)).toEqual([0, 3, -1, 4]);
    expect(Array.from(agg.last)).toEqual([2, 3, -1, 4]);
    expect(Array.from(agg.span)).toEqual([256, 256, 256, 256]);
  });

  it('colours every pixel an ID covers when one ID is wider than a pixel', () => {
    // 8 columns over [0, 2): ID 1 covers columns 4..7
    const edges = Array.from({ length: 9 }, (_, i) => i / 4);
    const agg = aggregateColumns([1], edges);
    expect(Array.from(agg.count)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('tells single-owner columns from mixed ones', () => {
    const ids = [1, 2, 3, 10, 11];
    const owners = [0, 0, 1, 2, 2];
    const runs = ownerRunStarts(owners);
    expect(Array.from(runs)).toEqual([0, 0, 2, 3, 3]);
    const agg = aggregateColumns(ids, [0, 3, 8, 16], runs);
    expect(Array.from(agg.count)).toEqual([2, 1, 2]);
    expect(Array.from(agg.mixed)).toEqual([0, 0, 0]);
    const wide = aggregateColumns(ids, [0, 16], runs);
    expect(Array.from(wide.mixed)).toEqual([1]);
  });

  it('agrees with a per-ID reference on random inputs', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 50; round++) {
      const set = new Set<number>();
      const n = Math.floor(rnd() * 60);
      for (let i = 0; i < n; i++) set.add(Math.floor(rnd() * 500));
      const ids = [...set].sort((a, b) => a - b);
      const cols = 1 + Math.floor(rnd() * 40);
      const lo = rnd() * 100;
      const hi = lo + rnd() * 600 + 1;
      const edges = Array.from({ length: cols + 1 }, (_, i) => lo + ((hi - lo) * i) / cols);
      const agg = aggregateColumns(ids, edges);
      for (let c = 0; c < cols; c++) {
        const a = Math.floor(edges[c]);
        const b = Math.max(a + 1, Math.ceil(edges[c + 1]));
        const inCol = ids.filter((id) => id >= a && id < b);
        expect(agg.count[c]).toBe(inCol.length);
        if (inCol.length) {
          expect(ids[agg.first[c]]).toBe(inCol[0]);
          expect(ids[agg.last[c]]).toBe(inCol[inCol.length - 1]);
        }
      }
    }
  });

  it('handles no columns and no IDs', () => {
    expect(aggregateColumns([1, 2], [5]).count.length).toBe(0);
    expect(Array.from(aggregateColumns([], [0, 10, 20]).count)).toEqual([0, 0]);
  });
});
