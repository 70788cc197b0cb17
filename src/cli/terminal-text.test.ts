import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeJson, escapeText } from './terminal-text.ts';

/** Every character a terminal may act on, or that hides what the reader sees. */
// eslint-disable-next-line no-control-regex -- the controls are what is looked for
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('escapeText', () => {
  it('shows controls as ls -b and git do, and leaves ordinary text alone', () => {
    expect(escapeText('\x1b]0;title\x07\x1b[2J')).toBe('\\033]0;title\\007\\033[2J');
    expect(escapeText('a\tb\nc\rd\x00e\x7f')).toBe('a\\tb\\nc\\rd\\000e\\177');
    expect(escapeText('\u009b31m \u202eevil\u2028 \ufeff')).toBe('\\u009b31m \\u202eevil\\u2028 \\ufeff');
    expect(escapeText('lone \ud800 and \udc00; pair \ud83d\ude00')).toBe('lone \\ud800 and \\udc00; pair \ud83d\ude00');
    expect(escapeText('vm1 ← 0000:3b:00.1 as nic0 → B ✕ ok 0x1→0x1000 \\ é 中')).toBe('vm1 ← 0000:3b:00.1 as nic0 → B ✕ ok 0x1→0x1000 \\ é 中');
  });

  it('never leaves an unsafe character, for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !UNSAFE.test(escapeText(s))));
  });
});

describe('escapeJson', () => {
  it('escapes what JSON.stringify leaves raw, and the JSON still means the same', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (v, s) => {
        const doc = { v, s };
        const text = escapeJson(JSON.stringify(doc));
        expect(text).not.toMatch(UNSAFE);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(doc)));
      }),
    );
  });
});
