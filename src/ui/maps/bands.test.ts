import { describe, expect, it } from 'vitest';
import { breakPixels, frameAxis, planAxis, policyBands } from './bands.ts';

describe('planAxis', () => {
  it('cuts the split bands at hex digits and gives 1–0xfff as much room as the shared range start', () => {
    const plan = planAxis({ kind: 'split', localEnd: 4096, sharedEnd: 1 << 19 }, 20);
    expect(plan.breaks).toEqual([0, 1, 0x10, 0x100, 0x1000, 0x1010, 0x1100, 0x2000, 0x11000, 0x80000, 0x100000]);
    const px = breakPixels(plan, 1000);
    const width = (lo: number, hi: number) => px[plan.breaks.indexOf(hi)] - px[plan.breaks.indexOf(lo)];
    // the first 15 guest PASIDs get as much width as the first 16 shared ones
    expect(width(1, 0x10)).toBeCloseTo(width(0x1000, 0x1010));
    // and each of them is several pixels wide
    expect(width(1, 0x10) / 15).toBeGreaterThan(18);
    expect(px.at(-1)).toBeCloseTo(1000);
  });

  it('follows a host whose guest range is smaller', () => {
    const plan = planAxis({ kind: 'split', localEnd: 1024, sharedEnd: 1 << 19 }, 20);
    expect(plan.breaks.slice(0, 6)).toEqual([0, 1, 0x10, 0x100, 0x400, 0x410]);
    expect(policyBands({ kind: 'split', localEnd: 1024, sharedEnd: 1 << 19 }, 20).map((b) => b.kind)).toEqual([
      'reserved',
      'guest',
      'shared',
      'unused',
    ]);
  });

  it('is one band for a global space, cut at hex digits', () => {
    const plan = planAxis({ kind: 'global', localEnd: 4096, sharedEnd: 1 << 19 }, 20);
    expect(plan.breaks).toEqual([0, 1, 0x10, 0x100, 0x1000, 0x10000, 0x100000]);
    expect(plan.bands.map((b) => b.kind)).toEqual(['reserved', 'global']);
  });

  it('keeps breaks strictly ascending for narrow IOMMUs', () => {
    const plan = planAxis({ kind: 'split', localEnd: 16, sharedEnd: 64 }, 8);
    for (let i = 1; i < plan.breaks.length; i++) expect(plan.breaks[i]).toBeGreaterThan(plan.breaks[i - 1]);
    expect(plan.breaks.at(-1)).toBe(256);
    expect(plan.weights.length).toBe(plan.breaks.length - 1);
  });
});

describe('frameAxis', () => {
  const split = planAxis({ kind: 'split', localEnd: 4096, sharedEnd: 1 << 19 }, 20);
  const width = (plan: ReturnType<typeof frameAxis>, px: number[], lo: number, hi: number) => px[plan.breaks.indexOf(hi)] - px[plan.breaks.indexOf(lo)];

  it('gives the used spans of each band most of the track, one ID as wide as any other', () => {
    const plan = frameAxis(split, [1, 2, 3, 0x1000, 0x1001]);
    // guest 0x1–0x3 and two free after them; shared 0x1000–0x1001 and two free after them
    expect(plan.breaks).toEqual([0, 1, 6, 0x1000, 0x1004, 0x80000, 0x100000]);
    expect(plan.framed).toEqual([false, true, false, true, false, false]);
    const px = breakPixels(plan, 420);
    expect(width(plan, px, 1, 6) / 5).toBeCloseTo(width(plan, px, 0x1000, 0x1004) / 4);
    // 420 px of track (one side of a migration at 1600 px): each used ID over 30 px wide
    expect(width(plan, px, 1, 6) / 5).toBeGreaterThan(30);
    // the unframed plan gave them under 10
    const whole = breakPixels(split, 420);
    expect((whole[2] - whole[1]) / 15).toBeLessThan(10);
    expect(px.at(-1)).toBeCloseTo(420);
  });

  it('keeps every band, empty ones narrow, so their labels stay', () => {
    const plan = frameAxis(split, [1]);
    expect(plan.bands).toBe(split.bands);
    expect(plan.breaks).toEqual([0, 1, 4, 0x1000, 0x80000, 0x100000]);
    const px = breakPixels(plan, 420);
    expect(width(plan, px, 0x1000, 0x80000)).toBeGreaterThan(50);
  });

  it('splits far-apart IDs into spans, joins near ones, and ignores 0 and the unused band', () => {
    const plan = frameAxis(split, [0, 2, 9, 0x200, 0x90000]);
    expect(plan.breaks).toEqual([0, 1, 12, 0x1ff, 0x203, 0x1000, 0x80000, 0x100000]);
    expect(plan.framed).toEqual([false, true, false, true, false, false, false]);
    for (let i = 1; i < plan.breaks.length; i++) expect(plan.breaks[i]).toBeGreaterThan(plan.breaks[i - 1]);
  });

  it('is the plan itself when nothing is used', () => {
    expect(frameAxis(split, [])).toBe(split);
  });
});
