import { describe, expect, it } from 'vitest';
import { hoverAt, sameWords, useHover } from './hover-store.ts';

describe('hover store', () => {
  it('a pointer moving over one cell moves the tooltip; its words are set once', () => {
    useHover.getState().set(null);
    const words = { title: '0x1 · vm1 guest space', lines: ['held by vm1 · p1'] };
    hoverAt(10, 20, words);
    const first = useHover.getState().info;
    expect(first).toMatchObject({ x: 10, y: 20, ...words });
    hoverAt(14, 22, { ...words, lines: [...words.lines] });
    // Same words: the info object (what the tooltip renders from) is the same one; only the position moved.
    expect(useHover.getState().info).toBe(first);
    expect(useHover.getState().pos).toEqual({ x: 14, y: 22 });
    hoverAt(30, 20, { title: '0x2 · vm1 guest space', lines: ['free'] });
    expect(useHover.getState().info).not.toBe(first);
    expect(useHover.getState().info?.title).toBe('0x2 · vm1 guest space');
  });
  it('sameWords compares title, lines and tone', () => {
    expect(sameWords({ title: 'a', lines: ['x'] }, { title: 'a', lines: ['x'] })).toBe(true);
    expect(sameWords({ title: 'a', lines: ['x'] }, { title: 'a', lines: ['y'] })).toBe(false);
    expect(sameWords({ title: 'a', lines: [], tone: 'conflict' }, { title: 'a', lines: [] })).toBe(false);
    expect(sameWords(null, { title: 'a', lines: [] })).toBe(false);
  });
});
