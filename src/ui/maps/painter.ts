/**
 * The few drawing primitives the range maps need, with two back ends: a canvas (the
 * screen, PNG export) and an SVG string (SVG export). One renderer, two outputs, so an
 * exported frame is exactly what was on the screen.
 */

export interface TextStyle {
  font: string;
  fill: string;
  align?: 'left' | 'center' | 'right';
  baseline?: 'top' | 'middle' | 'alphabetic' | 'bottom';
  /** a dark outline behind the text, for labels over colour */
  halo?: string;
}

export interface Painter {
  fillRect(x: number, y: number, w: number, h: number, fill: string): void;
  strokeRect(x: number, y: number, w: number, h: number, stroke: string, width: number, dash?: number[]): void;
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, dash?: number[]): void;
  curve(x1: number, y1: number, cx1: number, cy1: number, cx2: number, cy2: number, x2: number, y2: number, stroke: string, width: number): void;
  /** a filled triangle pointing down at (x, y) */
  marker(x: number, y: number, size: number, fill: string): void;
  text(s: string, x: number, y: number, style: TextStyle): void;
  measure(s: string, font: string): number;
  /** diagonal hatching over a rectangle */
  hatch(x: number, y: number, w: number, h: number, stroke: string, gap: number): void;
  clip(x: number, y: number, w: number, h: number): void;
  unclip(): void;
  setAlpha(a: number): void;
}

let measureCtx: CanvasRenderingContext2D | null = null;
function measureWith(s: string, font: string): number {
  if (!measureCtx) measureCtx = document.createElement('canvas').getContext('2d');
  if (!measureCtx) return s.length * 7;
  measureCtx.font = font;
  return measureCtx.measureText(s).width;
}

export class CanvasPainter implements Painter {
  private readonly ctx: CanvasRenderingContext2D;
  constructor(ctx: CanvasRenderingContext2D) {
    this.ctx = ctx;
  }
  fillRect(x: number, y: number, w: number, h: number, fill: string) {
    this.ctx.fillStyle = fill;
    this.ctx.fillRect(x, y, w, h);
  }
  strokeRect(x: number, y: number, w: number, h: number, stroke: string, width: number, dash: number[] = []) {
    const c = this.ctx;
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.setLineDash(dash);
    c.strokeRect(x, y, w, h);
    c.setLineDash([]);
  }
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, dash: number[] = []) {
    const c = this.ctx;
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.setLineDash(dash);
    c.beginPath();
    c.moveTo(x1, y1);
    c.lineTo(x2, y2);
    c.stroke();
    c.setLineDash([]);
  }
  curve(x1: number, y1: number, cx1: number, cy1: number, cx2: number, cy2: number, x2: number, y2: number, stroke: string, width: number) {
    const c = this.ctx;
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.beginPath();
    c.moveTo(x1, y1);
    c.bezierCurveTo(cx1, cy1, cx2, cy2, x2, y2);
    c.stroke();
  }
  marker(x: number, y: number, size: number, fill: string) {
    const c = this.ctx;
    c.fillStyle = fill;
    c.beginPath();
    c.moveTo(x, y);
    c.lineTo(x - size, y - size * 1.4);
    c.lineTo(x + size, y - size * 1.4);
    c.closePath();
    c.fill();
  }
  text(s: string, x: number, y: number, st: TextStyle) {
    const c = this.ctx;
    c.font = st.font;
    c.textAlign = st.align ?? 'left';
    c.textBaseline = st.baseline ?? 'alphabetic';
    if (st.halo) {
      c.strokeStyle = st.halo;
      c.lineWidth = 3;
      c.lineJoin = 'round';
      c.strokeText(s, x, y);
    }
    c.fillStyle = st.fill;
    c.fillText(s, x, y);
  }
  measure(s: string, font: string) {
    this.ctx.font = font;
    return this.ctx.measureText(s).width;
  }
  hatch(x: number, y: number, w: number, h: number, stroke: string, gap: number) {
    if (w <= 0 || h <= 0) return;
    const c = this.ctx;
    c.save();
    c.beginPath();
    c.rect(x, y, w, h);
    c.clip();
    c.strokeStyle = stroke;
    c.lineWidth = 1;
    c.beginPath();
    // Anchor the stripes to the canvas, not the rectangle, so they do not crawl while panning.
    const start = Math.floor((x - h) / gap) * gap;
    for (let sx = start; sx < x + w; sx += gap) {
      c.moveTo(sx, y + h);
      c.lineTo(sx + h, y);
    }
    c.stroke();
    c.restore();
  }
  clip(x: number, y: number, w: number, h: number) {
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(x, y, w, h);
    this.ctx.clip();
  }
  unclip() {
    this.ctx.restore();
  }
  setAlpha(a: number) {
    this.ctx.globalAlpha = a;
  }
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function n(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** Parse `600 12px "Font", sans` into SVG attributes. */
function fontAttrs(font: string): string {
  const m = /^(?:(italic)\s+)?(?:(\d{3}|bold)\s+)?([\d.]+)px\s+(.*)$/.exec(font.trim());
  if (!m) return `font-family="sans-serif"`;
  const [, italic, weight, size, family] = m;
  return `font-family="${esc(family)}" font-size="${size}"${weight ? ` font-weight="${weight}"` : ''}${italic ? ' font-style="italic"' : ''}`;
}

export class SvgPainter implements Painter {
  private readonly parts: string[] = [];
  private clipId = 0;
  private openClips = 0;
  private alpha = 1;
  private readonly width: number;
  private readonly height: number;
  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
  }
  private op(): string {
    return this.alpha < 1 ? ` opacity="${n(this.alpha)}"` : '';
  }
  fillRect(x: number, y: number, w: number, h: number, fill: string) {
    if (w <= 0 || h <= 0) return;
    this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${fill}"${this.op()}/>`);
  }
  strokeRect(x: number, y: number, w: number, h: number, stroke: string, width: number, dash: number[] = []) {
    this.parts.push(
      `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="none" stroke="${stroke}" stroke-width="${n(width)}"${dash.length ? ` stroke-dasharray="${dash.join(' ')}"` : ''}${this.op()}/>`,
    );
  }
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, dash: number[] = []) {
    this.parts.push(
      `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="${n(width)}"${dash.length ? ` stroke-dasharray="${dash.join(' ')}"` : ''}${this.op()}/>`,
    );
  }
  curve(x1: number, y1: number, cx1: number, cy1: number, cx2: number, cy2: number, x2: number, y2: number, stroke: string, width: number) {
    this.parts.push(
      `<path d="M${n(x1)},${n(y1)} C${n(cx1)},${n(cy1)} ${n(cx2)},${n(cy2)} ${n(x2)},${n(y2)}" fill="none" stroke="${stroke}" stroke-width="${n(width)}"${this.op()}/>`,
    );
  }
  marker(x: number, y: number, size: number, fill: string) {
    this.parts.push(`<path d="M${n(x)},${n(y)} L${n(x - size)},${n(y - size * 1.4)} L${n(x + size)},${n(y - size * 1.4)} Z" fill="${fill}"${this.op()}/>`);
  }
  text(s: string, x: number, y: number, st: TextStyle) {
    const anchor = st.align === 'center' ? 'middle' : st.align === 'right' ? 'end' : 'start';
    const base =
      st.baseline === 'middle' ? 'central' : st.baseline === 'top' ? 'hanging' : st.baseline === 'bottom' ? 'text-after-edge' : 'alphabetic';
    const halo = st.halo ? ` stroke="${st.halo}" stroke-width="3" paint-order="stroke" stroke-linejoin="round"` : '';
    this.parts.push(
      `<text x="${n(x)}" y="${n(y)}" ${fontAttrs(st.font)} fill="${st.fill}" text-anchor="${anchor}" dominant-baseline="${base}"${halo}${this.op()}>${esc(s)}</text>`,
    );
  }
  measure(s: string, font: string) {
    return measureWith(s, font);
  }
  hatch(x: number, y: number, w: number, h: number, stroke: string, gap: number) {
    if (w <= 0 || h <= 0) return;
    this.clip(x, y, w, h);
    const start = Math.floor((x - h) / gap) * gap;
    const d: string[] = [];
    for (let sx = start; sx < x + w; sx += gap) d.push(`M${n(sx)},${n(y + h)} L${n(sx + h)},${n(y)}`);
    this.parts.push(`<path d="${d.join(' ')}" stroke="${stroke}" stroke-width="1" fill="none"/>`);
    this.unclip();
  }
  clip(x: number, y: number, w: number, h: number) {
    const id = `c${this.clipId++}`;
    this.parts.push(`<clipPath id="${id}"><rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"/></clipPath><g clip-path="url(#${id})">`);
    this.openClips++;
  }
  unclip() {
    if (this.openClips > 0) {
      this.parts.push('</g>');
      this.openClips--;
    }
  }
  setAlpha(a: number) {
    this.alpha = a;
  }
  /** Draw a sub-frame at an offset (for composing several panels into one export). */
  group(dx: number, dy: number, draw: (p: SvgPainter) => void) {
    this.parts.push(`<g transform="translate(${n(dx)},${n(dy)})">`);
    draw(this);
    this.parts.push('</g>');
  }
  /** Draw a sub-frame moved and scaled (a fixed-size export fits the frame into the slide). */
  scaled(dx: number, dy: number, k: number, draw: (p: SvgPainter) => void) {
    this.parts.push(`<g transform="translate(${n(dx)},${n(dy)}) scale(${+k.toFixed(5)})">`);
    draw(this);
    this.parts.push('</g>');
  }
  toString(): string {
    while (this.openClips > 0) this.unclip();
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${n(this.width)}" height="${n(this.height)}" viewBox="0 0 ${n(this.width)} ${n(this.height)}">${this.parts.join('')}</svg>`;
  }
}
