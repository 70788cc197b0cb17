import { describe, expect, it } from 'vitest';
import { effectChanges } from './effect-changes.ts';
import type { Effect, Holder } from '../model/types.ts';

const p: Holder = { type: 'guest', vm: 'vm1', process: 'p' };
const h: Holder = { type: 'host', host: 'A', process: 'sva' };

describe('the cells an event changed', () => {
  it('reads allocations, frees, attaches, detaches and a guest process taking a new gPASID; ignores the rest', () => {
    const fx: Effect[] = [
      { t: 'alloc', space: { kind: 'g', host: 'A' }, pasid: 5, holder: h },
      { t: 'free', space: { kind: 'guest', vm: 'vm1' }, pasid: 2, holder: p },
      { t: 'attach', host: 'A', rid: '00:01.0', pasid: 5, holder: h, refs: 1 },
      { t: 'detach', host: 'A', rid: '00:02.0', pasid: 7, holder: h, refs: 1 },
      { t: 'proc', holder: p, before: { pasid: 2 }, after: { pasid: 3 } },
      { t: 'proc', holder: h, before: null, after: { pasid: 9 } },
      { t: 'proc', holder: p, before: { pasid: 3 }, after: { pasid: 3 } },
      { t: 'reserve', host: 'A', rid: '00:01.0', pasid: 5, holder: h },
    ];
    expect(effectChanges(fx)).toEqual([
      { space: { kind: 'g', host: 'A' }, pasid: 5, kind: 'added', holder: h },
      { space: { kind: 'guest', vm: 'vm1' }, pasid: 2, kind: 'removed', holder: p },
      { space: { kind: 'rid', host: 'A', rid: '00:01.0' }, pasid: 5, kind: 'added', holder: h },
      { space: { kind: 'rid', host: 'A', rid: '00:02.0' }, pasid: 7, kind: 'removed', holder: h },
      { space: { kind: 'guest', vm: 'vm1' }, pasid: 3, kind: 'added', holder: p },
    ]);
  });
});
