/**
 * The labels of a panel: where a text sits (its box, from the painter's measure), and the
 * LabelBoard every label reserves its box on, so that no label is drawn over another.
 */
import type { Painter, TextStyle } from './painter.ts';

/** A text's box on the panel. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The font size in px of a CSS font shorthand (`600 12px Inter, …`). */
export function fontPx(font: string): number {
  const m = /([\d.]+)px/.exec(font);
  return m ? Number(m[1]) : 12;
}

/** Where a text drawn with `style` at (x, y) sits: its measured width, the font size for its height. */
export function textBox(p: Painter, s: string, x: number, y: number, style: TextStyle): Box {
  const w = p.measure(s, style.font);
  const h = fontPx(style.font);
  const x0 = style.align === 'center' ? x - w / 2 : style.align === 'right' ? x - w : x;
  const b = style.baseline ?? 'alphabetic';
  const y0 = b === 'middle' ? y - h / 2 : b === 'top' ? y : b === 'bottom' ? y - h : y - h * 0.8;
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

/**
 * Every label of a panel reserves its box here, and no label is drawn where another one
 * is: the labels that explain the step (an ENQCMD on the wire, conflict codes, where a
 * selected PASID goes) take their places first, and the cell, range and tick labels find
 * room around them or stay out.
 */
export class LabelBoard {
  private readonly boxes: Box[] = [];
  fits(b: Box, gap = 4): boolean {
    return this.boxes.every((o) => b.x1 + gap <= o.x0 || b.x0 >= o.x1 + gap || b.y1 <= o.y0 || b.y0 >= o.y1);
  }
  add(b: Box): void {
    this.boxes.push(b);
  }
}

/** `s`, or as much of it as fits in `maxW` with an ellipsis, or '' when not even one character does. */
export function fitText(p: Painter, s: string, font: string, maxW: number): string {
  if (p.measure(s, font) <= maxW) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.measure(s.slice(0, mid) + '…', font) <= maxW) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? s.slice(0, lo) + '…' : '';
}
