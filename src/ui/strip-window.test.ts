import { describe, expect, it } from 'vitest';
import { scrollToShow, stripWindow } from './strip-window.ts';

describe('the event strip window', () => {
  it('renders the items in view and the overscan, with the room of the others left and right', () => {
    const w = stripWindow(10_000, 144, 144 * 100, 1000, 2, []);
    expect(w.items.map((x) => x.index)).toEqual([98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    expect(w.before).toBe(98 * 144);
    expect(w.after).toBe((10_000 - 1 - 109) * 144);
    // the whole list's width is kept: before + rendered + after
    expect(w.before + w.items.length * 144 + w.after).toBe(10_000 * 144);
  });

  it('keeps the current and the focused item wherever the list is scrolled, each where it belongs', () => {
    const w = stripWindow(10_000, 144, 0, 700, 1, [9_999, -1, 10_000, 3]);
    expect(w.items.map((x) => x.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 9_999]);
    expect(w.items[7].gap).toBe((9_999 - 6 - 1) * 144);
    expect(w.after).toBe(0);
    expect(w.before + w.items.length * 144 + w.items.reduce((n, x) => n + x.gap, 0) + w.after).toBe(10_000 * 144);
  });

  it('a short list renders whole; an empty one renders nothing', () => {
    expect(stripWindow(10, 144, 0, 1600, 6, []).items).toHaveLength(10);
    expect(stripWindow(0, 144, 0, 1600, 6, [0])).toEqual({ before: 0, after: 0, items: [] });
  });

  it('scrolls as little as needed to show an item', () => {
    expect(scrollToShow(4, 144, 138, 0, 1000)).toBe(0);
    expect(scrollToShow(100, 144, 138, 0, 1000)).toBe(100 * 144 + 138 + 144 - 1000);
    expect(scrollToShow(2, 144, 138, 5000, 1000)).toBe(2 * 144 - 144);
    expect(scrollToShow(0, 144, 138, 5000, 1000)).toBe(0);
  });
});
