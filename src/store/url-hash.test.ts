import { describe, expect, it } from 'vitest';
import LZString from 'lz-string';
import { decodeHash, encodeHash, type HashView } from './url-hash.ts';

const v1 = (payload: unknown) => '#1:' + LZString.compressToEncodedURIComponent(JSON.stringify(payload));
const v2 = (payload: unknown) => '#2:' + LZString.compressToEncodedURIComponent(JSON.stringify(payload));

describe('url hash', () => {
  it('round-trips a bundled view and an inline scenario', () => {
    const views: HashView[] = [
      { source: { kind: 'bundled', file: 's1.json' }, step: 9, policy: 'global', compare: true, selection: null },
      { source: { kind: 'inline', name: 'mine.json', text: '{"format":"pasidscope/1"}' }, step: 0, policy: 'declared', compare: false, selection: null },
    ];
    for (const v of views) {
      const h = encodeHash(v);
      expect(h).toMatch(/^#2:/);
      expect(decodeHash(h)).toEqual({ ok: true, view: v });
    }
  });

  it('round-trips the selection: a guest or host process, with or without the cell it was picked from', () => {
    const base = { source: { kind: 'bundled', file: 's2.json' }, step: 4, policy: 'split', compare: false } as const;
    const selections: HashView['selection'][] = [
      { holder: { type: 'guest', vm: 'vm1', process: 'app' } },
      { holder: { type: 'guest', vm: 'vm1', process: 'app' }, at: { space: { kind: 'guest', vm: 'vm1' }, pasid: 1 } },
      { holder: { type: 'guest', vm: 'vm1', process: 'app' }, at: { space: { kind: 'rid', host: 'A', rid: '0000:6a:01.0' }, pasid: 0x1000 } },
      { holder: { type: 'host', host: 'B', process: 'hostapp' }, at: { space: { kind: 'g', host: 'B' }, pasid: 0x1000 } },
      { holder: { type: 'host', host: 'B', process: 'sva · with spaces' } },
    ];
    for (const selection of selections) {
      const v: HashView = { ...base, selection };
      expect(decodeHash(encodeHash(v))).toEqual({ ok: true, view: v });
    }
    // Selecting changes the link; clearing gives the link without a selection back.
    const none = encodeHash({ ...base, selection: null });
    expect(encodeHash({ ...base, selection: selections[0] })).not.toBe(none);
    expect(decodeHash(none)).toEqual({ ok: true, view: { ...base, selection: null } });
  });

  it('still opens format-1 links (made before the selection was in the link)', () => {
    expect(decodeHash(v1({ src: { b: 's1.json' }, step: 3, policy: 'split' }))).toEqual({
      ok: true,
      view: { source: { kind: 'bundled', file: 's1.json' }, step: 3, policy: 'split', compare: false, selection: null },
    });
    expect(decodeHash(v1({ src: { n: 'x.json', t: '{}' }, step: 0, policy: 'declared', compare: true }))).toMatchObject({ ok: true, view: { compare: true } });
    // A format-1 link never had a selection: one there is not a view of that format.
    const odd = decodeHash(v1({ src: { b: 's1.json' }, step: 3, policy: 'split', sel: { vm: 'vm1', p: 'p1' } }));
    expect(odd.ok === false && odd.reason).toMatch(/not a pasidscope view/);
  });

  it('refuses a malformed selection by its path', () => {
    const bad = [
      { vm: 'vm1' },
      { vm: 'vm1', p: '' },
      { vm: 'vm1', host: 'A', p: 'x' },
      { vm: 'vm1', p: 'app', at: { vm: 'vm1', n: -1 } },
      { vm: 'vm1', p: 'app', at: { vm: 'vm1', n: 2 ** 20 } },
      { vm: 'vm1', p: 'app', at: { rid: 'r', n: 1 } },
    ];
    for (const sel of bad) {
      const r = decodeHash(v2({ src: { b: 's1.json' }, step: 0, policy: 'split', sel }));
      expect(r.ok).toBe(false);
      expect(r.ok === false && r.reason).toMatch(/^the link's contents are not a pasidscope view \(sel/);
    }
  });

  it('explains empty, old, new, damaged and foreign links', () => {
    expect(decodeHash('')).toEqual({ ok: 'empty' });
    expect(decodeHash('#')).toEqual({ ok: 'empty' });
    const old = decodeHash('#0:abc');
    expect(old.ok).toBe(false);
    expect(old.ok === false && old.reason).toMatch(/older pasidscope/);
    const newer = decodeHash('#7:abc');
    expect(newer.ok === false && newer.reason).toMatch(/newer pasidscope \(link format 7; this one reads formats 1–2\)/);
    const cut = encodeHash({ source: { kind: 'bundled', file: 's1.json' }, step: 2, policy: 'split', compare: false, selection: null });
    const damaged = decodeHash(cut.slice(0, 8));
    expect(damaged.ok).toBe(false);
    expect(decodeHash('#hello').ok).toBe(false);
    const foreign = decodeHash(v2({ step: -1 }));
    expect(foreign.ok === false && foreign.reason).toMatch(/not a pasidscope view/);
    const notJson = decodeHash('#2:' + LZString.compressToEncodedURIComponent('{nope'));
    expect(notJson.ok === false && notJson.reason).toMatch(/not JSON/);
  });
});
