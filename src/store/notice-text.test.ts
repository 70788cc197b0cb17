import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quote, QUOTE_MAX } from './notice-text.ts';

describe('quote', () => {
  it('leaves short plain text alone', () => {
    expect(quote('vm1 · app')).toBe('vm1 · app');
    expect(quote('日本語 ok 🙂')).toBe('日本語 ok 🙂');
  });

  it('shows control and bidi characters as visible ones', () => {
    expect(quote('a\u0001b\u001b]0;title\u0007c\u007f')).toBe('a\u2401b\u241b]0;title\u2407c\u2421');
    expect(quote('user\u202Egnp.exe')).toBe('user\ufffdgnp.exe');
    expect(quote('x\u0085y\u2066z')).toBe('x\ufffdy\ufffdz');
    expect(quote('lone \ud800 high, lone \udc00 low')).toBe('lone \ufffd high, lone \ufffd low');
  });

  it('cuts long text, says how long it was, and never splits a character', () => {
    expect(quote('x'.repeat(20_000_000))).toBe(`${'x'.repeat(QUOTE_MAX)}… (20,000,000 characters)`);
    const emoji = 'a' + '🙂'.repeat(100);
    const q = quote(emoji, 10);
    expect(q.startsWith('a🙂🙂🙂🙂')).toBe(true);
    expect(q).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('is bounded and free of control characters for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), fc.integer({ min: 1, max: 200 }), (s, max) => {
        const q = quote(s, max);
        expect(q.length).toBeLessThanOrEqual(max + 40);
        // eslint-disable-next-line no-control-regex -- none may remain
        expect(q).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      }),
    );
  });
});
