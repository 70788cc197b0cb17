/**
 * Colours as the pixels of an ImageData: a CSS colour (d3-color parses it) packed into
 * the Uint32 the image's buffer holds, whatever the machine's byte order, and blended
 * over an opaque background as the canvas would.
 */
import { rgb } from 'd3-color';

const word = new Uint32Array(1);
const bytes = new Uint8ClampedArray(word.buffer);

/** An opaque pixel from r, g, b (0–255). */
export function packRgb(r: number, g: number, b: number): number {
  bytes[0] = r;
  bytes[1] = g;
  bytes[2] = b;
  bytes[3] = 255;
  return word[0];
}

/** The channels of a packed pixel. */
export function unpack(px: number): [number, number, number] {
  word[0] = px;
  return [bytes[0], bytes[1], bytes[2]];
}

/** `colour` (any CSS colour, its own alpha included) at `alpha` over the opaque pixel `under`. */
export function blendOver(under: number, colour: string, alpha = 1): number {
  const c = rgb(colour);
  const a = Math.max(0, Math.min(1, (Number.isNaN(c.opacity) ? 1 : c.opacity) * alpha));
  const [r, g, b] = unpack(under);
  return packRgb(r + (c.r - r) * a, g + (c.g - g) * a, b + (c.b - b) * a);
}

/** An opaque CSS colour as a pixel. */
export function pixelOf(colour: string): number {
  const c = rgb(colour);
  return packRgb(c.r, c.g, c.b);
}
