import { describe, expect, it, vi } from 'vitest';
import LZString from 'lz-string';
import { decodeHash, encodeHash, LINK_LIMITS, type HashView } from './url-hash.ts';
import { contentId } from './recent-scenarios.ts';

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
      expect(h).toMatch(/^#3:/);
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
    expect(newer.ok === false && newer.reason).toMatch(/newer pasidscope \(link format 7; this one reads formats 1–3\)/);
    const cut = encodeHash({ source: { kind: 'bundled', file: 's1.json' }, step: 2, policy: 'split', compare: false, selection: null });
    const damaged = decodeHash(cut.slice(0, 8));
    expect(damaged.ok).toBe(false);
    const inline = encodeHash({ source: { kind: 'inline', name: 'x.json', text: '{"format":"pasidscope/1","title":"a scenario"}' }, step: 0, policy: 'split', compare: false, selection: null });
    expect(decodeHash(inline.slice(0, inline.indexOf('.')))).toMatchObject({ ok: false, reason: expect.stringMatching(/scenario part is missing/) });
    expect(decodeHash(inline.slice(0, -6))).toMatchObject({ ok: false, reason: expect.stringMatching(/damaged/) });
    expect(decodeHash(cut + '.' + 'AAAA')).toMatchObject({ ok: false, reason: expect.stringMatching(/carries a scenario its view does not use/) });
    expect(decodeHash('#hello').ok).toBe(false);
    const foreign = decodeHash(v2({ step: -1 }));
    expect(foreign.ok === false && foreign.reason).toMatch(/not a pasidscope view/);
    const notJson = decodeHash('#2:' + LZString.compressToEncodedURIComponent('{nope'));
    expect(notJson.ok === false && notJson.reason).toMatch(/not JSON/);
  });
});

describe('url hash against hostile and large links', () => {
  const base = { step: 3, policy: 'global', compare: false, selection: null } as const;

  it('carries a small scenario in the link and names a large one by its recent-store id', () => {
    const small = '{"t":"' + 'x'.repeat(1000) + '"}';
    const large = '{"t":"' + 'y'.repeat(LINK_LIMITS.inlineChars) + '"}';
    const h1 = encodeHash({ ...base, source: { kind: 'inline', name: 'small.json', text: small } });
    expect(h1).toContain('.');
    expect(decodeHash(h1)).toEqual({ ok: true, view: { ...base, source: { kind: 'inline', name: 'small.json', text: small } } });
    const h2 = encodeHash({ ...base, source: { kind: 'inline', name: 'large.json', text: large } });
    expect(h2.length).toBeLessThan(200);
    expect(decodeHash(h2)).toEqual({ ok: true, view: { ...base, source: { kind: 'recent', id: contentId(large), name: 'large.json' } } });
    // An entry saved under its own name is named by it; Share asks for the text in the link.
    const h3 = encodeHash({ ...base, source: { kind: 'inline', name: 'b.json', text: large, recentId: 'branch:x' } });
    expect(decodeHash(h3)).toMatchObject({ ok: true, view: { source: { kind: 'recent', id: 'branch:x' } } });
    const full = encodeHash({ ...base, source: { kind: 'inline', name: 'large.json', text: large } }, { inline: 'always' });
    expect(decodeHash(full)).toEqual({ ok: true, view: { ...base, source: { kind: 'inline', name: 'large.json', text: large } } });
  });

  it('compresses a scenario once, however often the view changes', () => {
    const text = JSON.stringify({ format: 'pasidscope/1', title: 'once', pad: 'z'.repeat(5000) });
    const spy = vi.spyOn(LZString, 'compressToEncodedURIComponent');
    try {
      const hashes = Array.from({ length: 50 }, (_, step) => encodeHash({ ...base, step, source: { kind: 'inline', name: 'once.json', text } }));
      expect(new Set(hashes).size).toBe(50);
      const withText = spy.mock.calls.filter(([s]) => s === text);
      expect(withText).toHaveLength(1);
      // and the scenario part of every hash is the same string
      expect(new Set(hashes.map((h) => h.slice(h.indexOf('.'))))).toHaveProperty('size', 1);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a link bomb by its unpacked size, in every format, without unpacking it whole', () => {
    // Small limits keep the compressing fast; the real ones are checked once below.
    const limits = { textChars: 20_000, viewChars: 1000 };
    const huge = 'a'.repeat(limits.textChars + 1);
    const bombs = [
      '#3:' + LZString.compressToEncodedURIComponent(JSON.stringify({ src: { n: 'bomb.json' }, step: 0, policy: 'split' })) + '.' + LZString.compressToEncodedURIComponent(huge),
      v2({ src: { n: 'bomb.json', t: huge }, step: 0, policy: 'split' }),
      v1({ src: { n: 'bomb.json', t: huge + huge }, step: 0, policy: 'split' }),
    ];
    for (const b of bombs) {
      expect(b.length).toBeLessThan(1000);
      expect(decodeHash(b, limits)).toMatchObject({ ok: false, tooLarge: true, reason: expect.stringMatching(/larger than the 20 KiB a link may hold/) });
    }
    // Just within the limit opens.
    const fits = '#3:' + LZString.compressToEncodedURIComponent(JSON.stringify({ src: { n: 'ok.json' }, step: 0, policy: 'split' })) + '.' + LZString.compressToEncodedURIComponent(huge.slice(1));
    expect(decodeHash(fits, limits)).toMatchObject({ ok: true, view: { source: { kind: 'inline', text: huge.slice(1) } } });
    // A view part that unpacks past its own bound is damaged, whatever it holds.
    const fatView = '#3:' + LZString.compressToEncodedURIComponent(JSON.stringify({ src: { b: 's1.json' }, step: 0, policy: 'split', pad: 'p'.repeat(2000) }));
    expect(decodeHash(fatView, limits)).toMatchObject({ ok: false, reason: expect.stringMatching(/view part is too long/) });
  });

  it('refuses, at the real limit, a 3 KB link that unpacks to more than 2 MiB', () => {
    const bomb = '#3:' + LZString.compressToEncodedURIComponent(JSON.stringify({ src: { n: 'bomb.json' }, step: 0, policy: 'split' })) + '.' + LZString.compressToEncodedURIComponent('a'.repeat(LINK_LIMITS.textChars + 1));
    expect(bomb.length).toBeLessThan(4000);
    expect(decodeHash(bomb)).toMatchObject({ ok: false, tooLarge: true, reason: expect.stringMatching(/larger than the 2.0 MiB a link may hold/) });
  });

  it('refuses a hash longer than a browser keeps before reading it', () => {
    const r = decodeHash('#3:' + 'A'.repeat(LINK_LIMITS.hashChars));
    expect(r).toMatchObject({ ok: false, tooLarge: true, reason: expect.stringMatching(/^the link is 2.0 MiB long, more than the 2.0 MiB this page reads$/) });
  });

  it('never quotes more than a short piece of the link in its reason', () => {
    const longName = 'n'.repeat(5000);
    const cases = [
      v2({ src: { b: longName }, step: 0, policy: 'split' }),
      v2({ src: { b: 's1.json' }, step: 0, policy: 'split', [longName]: 1 }),
      v2({ src: { b: 's1.json' }, step: 0, policy: 'split', sel: { vm: longName, p: 'p' } }),
      v2({ src: { b: 's1.json' }, step: 0, policy: longName }),
      '#3:' + LZString.compressToEncodedURIComponent(JSON.stringify({ src: { b: 's1.json' }, step: 0, policy: 'split', ['\u0001\u001b]0;owned\u0007' + longName]: 1 })),
    ];
    for (const c of cases) {
      const r = decodeHash(c);
      expect(r.ok).toBe(false);
      const reason = r.ok === false ? r.reason : '';
      expect(reason.length).toBeLessThan(400);
      // eslint-disable-next-line no-control-regex -- no control character may reach a notice
      expect(reason).not.toMatch(/[\u0000-\u001f]/);
    }
  });

  it('refuses names longer than a link may hold', () => {
    const r = decodeHash(v2({ src: { n: 'x'.repeat(LINK_LIMITS.nameChars + 1), t: '{}' }, step: 0, policy: 'split' }));
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/^the link's contents are not a pasidscope view \(src/) });
  });
});

describe('url hash: A/B pair and presenter mode', () => {
  const base = { source: { kind: 'bundled', file: 's1.json' }, step: 10, policy: 'declared', compare: true, selection: null } as const;

  it('round-trips an A/B pair and presenter mode, each on its own', () => {
    const views: HashView[] = [
      { ...base, pair: ['global', 'split'] },
      { ...base, pair: ['split', 'global'], presenter: true },
      { ...base, compare: false, presenter: true },
    ];
    for (const v of views) expect(decodeHash(encodeHash(v))).toEqual({ ok: true, view: v });
    // The order is the screen's: split on the left is another link than global on the left.
    expect(encodeHash(views[0])).not.toBe(encodeHash({ ...base, pair: ['split', 'global'] }));
  });

  it('leaves both out of a link that does not use them, so such a link reads as before', () => {
    const plain = encodeHash({ ...base, pair: null, presenter: false });
    expect(plain).toBe(encodeHash(base));
    const r = decodeHash(plain);
    expect(r.ok === true && 'pair' in r.view).toBe(false);
    expect(r.ok === true && 'presenter' in r.view).toBe(false);
  });

  it('opens a format-3 link made before the pair and presenter mode existed', () => {
    const old = '#3:' + LZString.compressToEncodedURIComponent(JSON.stringify({ src: { b: 's4.json' }, step: 2, policy: 'split', compare: true }));
    expect(decodeHash(old)).toEqual({ ok: true, view: { source: { kind: 'bundled', file: 's4.json' }, step: 2, policy: 'split', compare: true, selection: null } });
  });

  it('shows the four for one policy named twice, and refuses an unknown policy or a malformed presenter flag', () => {
    const v3 = (payload: unknown) => '#3:' + LZString.compressToEncodedURIComponent(JSON.stringify(payload));
    const same = decodeHash(v3({ src: { b: 's1.json' }, step: 1, policy: 'split', compare: true, ab: ['split', 'split'] }));
    expect(same.ok === true && same.view.pair).toBeUndefined();
    for (const bad of [{ ab: ['split', 'nope'] }, { ab: ['split'] }, { ab: ['split', 'global', 'fixed'] }, { pr: false }, { pr: 'yes' }]) {
      const r = decodeHash(v3({ src: { b: 's1.json' }, step: 1, policy: 'split', ...bad }));
      expect(r.ok === false && r.reason).toMatch(/not a pasidscope view/);
    }
  });
});
