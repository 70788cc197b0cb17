import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findEvent } from './prefix.ts';

function prefix(flags: boolean[]): Uint32Array {
  const out = new Uint32Array(flags.length + 1);
  flags.forEach((f, i) => (out[i + 1] = out[i] + (f ? 1 : 0)));
  return out;
}

describe('findEvent', () => {
  it('finds the same event as a scan, forward and backward, from anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 200 }),
        fc.integer({ min: -3, max: 205 }),
        (flags, from) => {
          const before = prefix(flags);
          let next = -1;
          for (let i = Math.max(0, from); i < flags.length; i++)
            if (flags[i]) {
              next = i;
              break;
            }
          let prev = -1;
          for (let i = Math.min(flags.length - 1, from); i >= 0; i--)
            if (flags[i]) {
              prev = i;
              break;
            }
          expect(findEvent(before, from, 1)).toBe(next);
          expect(findEvent(before, from, -1)).toBe(prev);
        },
      ),
    );
  });
});
