/**
 * lz-string's `decompressFromEncodedURIComponent` with a bound on what it produces.
 *
 * Why a port and not the library call: lz-string is an LZW variant, so its output can grow
 * with the square of its input (a 12 KB link expands to 20 MB, a 114 KB one to 8.6 MB of
 * real-looking JSON), and its API has neither streaming nor a limit: the whole string is
 * built before the caller can look at it. This is the same algorithm (lz-string 1.5.0,
 * MIT), reading the same bits, that stops as soon as the output would pass `maxChars`.
 * `lz-bounded.test.ts` checks it against the library on random and damaged input.
 * Compression stays the library's own.
 */

/** The alphabet of `compressToEncodedURIComponent`: 6 bits a character. */
const URI_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < URI_SAFE.length; i++) VALUE[URI_SAFE.charCodeAt(i)] = i;

export type BoundedResult =
  | { ok: true; text: string }
  /** `damaged`: the library would return null or "" (cut short, foreign data); `too-large`: past `maxChars` */
  | { ok: false; why: 'damaged' | 'too-large' };

/**
 * Decompress `input` (an output of `LZString.compressToEncodedURIComponent`), giving up
 * once the text would be longer than `maxChars`. Work and memory stay proportional to
 * `input.length + maxChars`. Never throws.
 */
export function decompressBounded(input: string, maxChars: number): BoundedResult {
  if (input === '') return { ok: false, why: 'damaged' };
  const length = input.length;
  // As the library: a space is a '+' that a URL decoder turned into one; other characters
  // outside the alphabet read as zero bits.
  const valueAt = (i: number): number => {
    if (i >= length) return 0;
    let c = input.charCodeAt(i);
    if (c === 32) c = 43;
    return c < 128 && VALUE[c] >= 0 ? VALUE[c] : 0;
  };
  let val = valueAt(0);
  let position = 32;
  let index = 1;
  const bits = (n: number): number => {
    let out = 0;
    for (let power = 1, k = 0; k < n; k++, power <<= 1) {
      const b = val & position;
      position >>= 1;
      if (position === 0) {
        position = 32;
        val = valueAt(index++);
      }
      if (b > 0) out |= power;
    }
    // 16-bit codes set bit 15: keep the result unsigned.
    return out >>> 0;
  };

  const dictionary: string[] = [];
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  const first = bits(2);
  // 2 ends the stream, 3 is no code at all (the library then builds text from `undefined`).
  if (first > 1) return { ok: false, why: 'damaged' };
  const c0 = String.fromCharCode(bits(first === 0 ? 8 : 16));
  dictionary[3] = c0;
  let w = c0;
  const result: string[] = [c0];
  let produced = 1;
  if (produced > maxChars) return { ok: false, why: 'too-large' };

  for (;;) {
    if (index > length) return { ok: false, why: 'damaged' };
    let c = bits(numBits);
    if (c === 2) return { ok: true, text: result.join('') };
    if (c === 0 || c === 1) {
      dictionary[dictSize++] = String.fromCharCode(bits(c === 0 ? 8 : 16));
      c = dictSize - 1;
      enlargeIn--;
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    let entry: string;
    const known = dictionary[c];
    if (known !== undefined) entry = known;
    else if (c === dictSize) entry = w + w.charAt(0);
    else return { ok: false, why: 'damaged' };
    produced += entry.length;
    if (produced > maxChars) return { ok: false, why: 'too-large' };
    result.push(entry);
    dictionary[dictSize++] = w + entry.charAt(0);
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}
