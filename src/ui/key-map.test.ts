import { describe, expect, it } from 'vitest';
import { KEY_GROUPS, keyAction, type KeyMode } from './key-map.ts';

const at = (mode: KeyMode, blank = false) => (key: string) => keyAction(key, { mode, blank });

describe('key map', () => {
  it('steps with the clicker keys alike in the app, in presenter mode and in the embed view', () => {
    for (const mode of ['app', 'presenter', 'embed'] as const) {
      const k = at(mode);
      expect([k('PageDown'), k('ArrowRight')]).toEqual(['next', 'next']);
      expect([k('PageUp'), k('ArrowLeft')]).toEqual(['prev', 'prev']);
      expect([k('Home'), k('End')]).toEqual(['first', 'last']);
    }
  });

  it('takes Space as next from a clicker, as play at a desk', () => {
    expect(at('presenter')(' ')).toBe('next');
    expect(at('embed')(' ')).toBe('next');
    expect(at('app')(' ')).toBe('play');
  });

  it('blanks with . and B in presenter mode and the embed view, not at a desk', () => {
    for (const key of ['.', 'b', 'B']) {
      expect(at('presenter')(key)).toBe('blank');
      expect(at('embed')(key)).toBe('blank');
      expect(at('app')(key)).toBeNull();
    }
  });

  it('on a black screen, only a blank key shows it again and Esc leaves; stepping waits', () => {
    const k = at('presenter', true);
    expect([k('.'), k('b'), k('B')]).toEqual(['blank', 'blank', 'blank']);
    expect(k('Escape')).toBe('leave');
    for (const key of ['PageDown', 'ArrowLeft', ' ', 'p', 'f', 'Home']) expect(k(key)).toBeNull();
    expect(at('embed', true)('Escape')).toBeNull();
  });

  it('gives Esc, F, D and E their meaning per mode', () => {
    expect(at('presenter')('Escape')).toBe('leave');
    expect(at('app')('Escape')).toBe('deselect');
    expect(at('presenter')('f')).toBe('fullscreen');
    expect(at('app')('f')).toBeNull();
    expect(at('app')('d')).toBe('details');
    expect(at('presenter')('d')).toBeNull();
    expect(at('app')('E')).toBe('editor');
    expect([at('app')('p'), at('presenter')('P')]).toEqual(['presenter', 'presenter']);
  });

  it('leaves the slide deck its keys in the embed view', () => {
    for (const key of ['p', 'Escape', 'f', 'd', 'e', 'Enter', 'a']) expect(at('embed')(key)).toBeNull();
  });

  it('lists every key it acts on in the help', () => {
    const help = new Set(KEY_GROUPS.flatMap((g) => g.entries.flatMap((e) => e.keys)));
    for (const key of ['PageDown', 'PageUp', 'Home', 'End', 'Space', 'P', 'F', '.', 'B', 'Esc', 'D', 'E', 'T', '?', '/']) expect(help).toContain(key);
  });
});
