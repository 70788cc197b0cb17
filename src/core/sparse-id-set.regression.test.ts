import { describe, expect, it } from 'vitest';
import { SparseIdSet } from './sparse-id-set.ts';
import { NaiveIdSet } from './naive-id-set.ts';

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
