import { describe, expect, it } from 'vitest';
import LZString from 'lz-string';
import { decodeHash, encodeHash, type HashView } from './url-hash.ts';

describe('url hash', () => {
  it('round-trips a bundled view and an inline scenario', () => {
    const views: HashView[] = [
      { source: { kind: 'bundled', file: 's1.json' }, step: 9, policy: 'global', compare: true },
      { source: { kind: 'inline', name: 'mine.json', text: '{"format":"pasidscope/1"}' }, step: 0, policy: 'declared', compare: false },
    ];
    for (const v of views) {
      const h = encodeHash(v);
      expect(h).toMatch(/^#1:/);
      expect(decodeHash(h)).toEqual({ ok: true, view: v });
    }
  });

  it('explains empty, old, new, damaged and foreign links', () => {
    expect(decodeHash('')).toEqual({ ok: 'empty' });
    expect(decodeHash('#')).toEqual({ ok: 'empty' });
    const old = decodeHash('#0:abc');
    expect(old.ok).toBe(false);
    expect(old.ok === false && old.reason).toMatch(/older pasidscope/);
    const newer = decodeHash('#7:abc');
    expect(newer.ok === false && newer.reason).toMatch(/newer pasidscope/);
    const cut = encodeHash({ source: { kind: 'bundled', file: 's1.json' }, step: 2, policy: 'split', compare: false });
    const damaged = decodeHash(cut.slice(0, 8));
    expect(damaged.ok).toBe(false);
    expect(decodeHash('#hello').ok).toBe(false);
    const foreign = decodeHash('#1:' + LZString.compressToEncodedURIComponent(JSON.stringify({ step: -1 })));
    expect(foreign.ok === false && foreign.reason).toMatch(/not a pasidscope view/);
    const notJson = decodeHash('#1:' + LZString.compressToEncodedURIComponent('{nope'));
    expect(notJson.ok === false && notJson.reason).toMatch(/not JSON/);
  });
});
