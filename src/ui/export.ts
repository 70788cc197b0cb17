/**
 * Export the current frame as SVG or PNG: the map panels where they sit on the screen,
 * drawn by the same renderer as the canvas, under a title and the step's caption.
 *
 * Every text the export writes (title, caption, note, and each label the renderer draws:
 * host and VM ids, RIDs, labels, processes) passes through `xmlText`, so a scenario
 * whose names hold control characters still gives a well-formed SVG file; the finished
 * document is checked once more with `xmlSafe` in case a text came another way.
 */
import { useAppStore } from '../store/store.ts';
import type { Outcome } from '../core/model/types.ts';
import type { ScenarioEvent } from '../core/scenario/index.ts';
import { exportSize, fitInto, fixedSize } from './export-size.ts';
import { chipText, chipTone, eventSentence, hex, holderLabel } from './format.ts';
import { MONO_FONT, UI_FONT } from './maps/geometry.ts';
import { CanvasPainter, SvgPainter, type Painter } from './maps/painter.ts';
import { currentPanels, type PanelFrame } from './maps/panel-registry.ts';
import { lineFont, lineFontPx, paintMigrationLines } from './maps/migration-lines-paint.ts';
import { planMigrationLines, type SideLayout } from './maps/migration-lines.ts';
import { renderPanel } from './maps/render.ts';
import { THEME } from './palette.ts';
import { stepNow } from './selectors.ts';

/** The XML 1.0 Char production's complement: C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF. */
const XML_FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex -- as above, with what XML allows but nobody can see
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A text as a frame shows it: line breaks and tabs as spaces, other C0 controls and DEL
 * as their control pictures (U+2401 for U+0001), C1 controls, lone surrogates and the
 * non-characters U+FFFE/U+FFFF as U+FFFD. What it returns is always valid XML 1.0 text.
 */
export function xmlText(s: string): string {
  return s.replace(INVISIBLE, (ch) => {
    const c = ch.charCodeAt(0);
    if (c === 0x09 || c === 0x0a || c === 0x0d) return ' ';
    if (c < 0x20) return String.fromCharCode(0x2400 + c);
    if (c === 0x7f) return '\u2421';
    return '\ufffd';
  });
}

/** A whole document with any character XML 1.0 forbids replaced by U+FFFD. */
export function xmlSafe(doc: string): string {
  return doc.replace(XML_FORBIDDEN, '\ufffd');
}

/** A painter that draws and measures every text as `xmlText` makes it (the PNG shows what the SVG holds). */
class SafeTextPainter implements Painter {
  private readonly p: Painter;
  constructor(p: Painter) {
    this.p = p;
  }
  fillRect: Painter['fillRect'] = (...a) => this.p.fillRect(...a);
  strokeRect: Painter['strokeRect'] = (...a) => this.p.strokeRect(...a);
  line: Painter['line'] = (...a) => this.p.line(...a);
  curve: Painter['curve'] = (...a) => this.p.curve(...a);
  marker: Painter['marker'] = (...a) => this.p.marker(...a);
  hatch: Painter['hatch'] = (...a) => this.p.hatch(...a);
  clip: Painter['clip'] = (...a) => this.p.clip(...a);
  unclip: Painter['unclip'] = () => this.p.unclip();
  setAlpha: Painter['setAlpha'] = (a) => this.p.setAlpha(a);
  text: Painter['text'] = (s, x, y, st) => this.p.text(xmlText(s), x, y, st);
  measure: Painter['measure'] = (s, font) => this.p.measure(xmlText(s), font);
}

/** What a frame shows: panels at their places under a header. */
export interface FrameLayout {
  width: number;
  height: number;
  headerH: number;
  panels: { x: number; y: number; frame: Pick<PanelFrame, 'model' | 'geom' | 'transform' | 'metrics' | 'heading' | 'side'> }[];
  title: string;
  caption: string;
  note: string;
  /** a migrate step: what was kept or remapped, or every conflict */
  detail: string;
}

function migrationLine(o: Outcome | undefined): string {
  if (!o || o.op !== 'migrate') return '';
  const m = o.migration;
  if (!o.ok)
    return (o.conflicts ?? [])
      .map((c) => `${c.code} ${c.pasid !== undefined ? hex(c.pasid) : ''}${c.holder ? ` held by ${holderLabel(c.holder)}` : ` ${c.message}`}`)
      .join(';  ');
  if (!m) return '';
  const parts: string[] = [];
  if (m.kept.length) parts.push(`kept ${m.kept.map((k) => hex(k.pasid)).join(' ')}`);
  if (m.remapped.length) parts.push(`remapped ${m.remapped.map((r) => `${r.process} g${hex(r.gpasid)}: h${hex(r.from)} → h${hex(r.to)}`).join(', ')}`);
  return parts.join(' · ');
}

/** A compare panel's header in the export: policy, outcome badge, migration summary. */
const PANEL_HEAD = 58;

/** The header texts of a frame: the scenario title, the step's caption and note, a migration's detail. */
export function frameTexts(
  title: string,
  e: ScenarioEvent | undefined,
  cursor: number,
  outcome: Outcome | undefined,
  compare: boolean,
): Pick<FrameLayout, 'title' | 'caption' | 'note' | 'detail'> {
  return {
    title,
    caption: e ? `Step ${cursor}: ${eventSentence(e)}${outcome && !compare ? ` — ${chipText(outcome)}` : ''}` : 'Before the first event',
    note: e?.note ?? (outcome && !compare ? outcome.message : ''),
    detail: compare ? '' : migrationLine(outcome),
  };
}

/** Where the frame's panels go: as they sit on the screen, under a header. */
export function placePanels(
  panels: { left: number; top: number; frame: FrameLayout['panels'][number]['frame'] }[],
  texts: Pick<FrameLayout, 'title' | 'caption' | 'note' | 'detail'>,
): FrameLayout {
  const minX = Math.min(...panels.map((r) => r.left));
  const minY = Math.min(...panels.map((r) => r.top));
  const maxX = Math.max(...panels.map((r) => r.left + r.frame.geom.width));
  const maxY = Math.max(...panels.map((r) => r.top + r.frame.geom.height));
  const headerH = texts.detail ? 116 : 92;
  const pad = 24;
  // Compare: each row of panels gets a header band of its own above it (policy, outcome, migration).
  const tops = [...new Set(panels.map((r) => Math.round(r.top)))].sort((a, b) => a - b);
  const headed = panels.some((r) => r.frame.heading);
  const band = (top: number) => (headed ? PANEL_HEAD * (tops.indexOf(Math.round(top)) + 1) : 0);
  return {
    width: Math.ceil(maxX - minX) + pad * 2,
    height: Math.ceil(maxY - minY) + headerH + pad + band(tops[tops.length - 1]),
    headerH,
    panels: panels.map((r) => ({ x: r.left - minX + pad, y: r.top - minY + headerH + band(r.top), frame: r.frame })),
    ...texts,
  };
}

function layout(): FrameLayout | null {
  const frames = currentPanels();
  if (frames.length === 0) return null;
  const s = useAppStore.getState();
  const { event, outcome } = stepNow(s, s.compare ? 'split' : s.policy);
  const texts = frameTexts(s.scenario?.title ?? '', event, s.cursor, outcome, s.compare);
  return placePanels(
    frames.map((frame) => {
      const r = frame.element.getBoundingClientRect();
      return { left: r.left, top: r.top, frame };
    }),
    texts,
  );
}

const TONE_FILL = { ok: 'ok', fail: 'conflict', breach: 'breach' } as const;

/** Over a compare panel: its policy, the outcome as a badge, and the migration's summary. */
function paintPanelHead(p: Painter, pn: FrameLayout['panels'][number]) {
  const { heading, model } = pn.frame;
  if (!heading) return;
  const y = pn.y - PANEL_HEAD;
  const o = model.outcome;
  const hf = `700 20px ${UI_FONT}`;
  p.text(heading, pn.x + 12, y + 18, { font: hf, fill: THEME.text, baseline: 'middle' });
  if (o) {
    const text = chipText(o);
    const bf = `700 14px ${MONO_FONT}`;
    const x = pn.x + 12 + p.measure(heading, hf) + 14;
    const w = p.measure(text, bf) + 16;
    const colour = THEME[TONE_FILL[chipTone(o)]];
    p.strokeRect(x, y + 6, w, 24, colour, 1.5);
    p.text(text, x + 8, y + 18, { font: bf, fill: colour, baseline: 'middle' });
  }
  const line = migrationLine(o);
  if (line) {
    const font = `600 13px ${MONO_FONT}`;
    const room = pn.frame.geom.width - 24;
    let t = line;
    while (t.length > 1 && p.measure(t, font) > room) t = t.slice(0, -2);
    if (t !== line) t = `${t.trimEnd()}…`;
    p.text(t, pn.x + 12, y + 44, { font, fill: o?.ok ? THEME.ok : THEME.conflict, baseline: 'middle' });
  }
}

function paint(p: Painter, l: FrameLayout, offset: (x: number, y: number, draw: () => void) => void) {
  p.fillRect(0, 0, l.width, l.height, THEME.bg);
  p.text(l.title, 24, 30, { font: `700 22px ${UI_FONT}`, fill: THEME.text, baseline: 'middle' });
  p.text(l.caption, 24, 60, { font: `600 16px ${UI_FONT}`, fill: THEME.tagGood.text, baseline: 'middle' });
  if (l.note) p.text(l.note, 24, 80, { font: `italic 14px ${UI_FONT}`, fill: THEME.muted, baseline: 'middle' });
  if (l.detail) p.text(l.detail, 24, 102, { font: `600 14px ${MONO_FONT}`, fill: /^E[A-Z]+ /.test(l.detail) ? THEME.conflict : THEME.ok, baseline: 'middle' });
  p.text('pasidscope', l.width - 24, 30, { font: `600 13px ${MONO_FONT}`, fill: THEME.faint, align: 'right', baseline: 'middle' });
  for (const pn of l.panels) {
    paintPanelHead(p, pn);
    offset(pn.x, pn.y, () => renderPanel(p, pn.frame.model, pn.frame.geom, pn.frame.transform, pn.frame.metrics));
  }
  paintRemapLines(p, l);
}

/** A migrate step's remap lines across its two panels, every row in view (the export draws them all). */
function paintRemapLines(p: Painter, l: FrameLayout) {
  const side = (s: 'source' | 'destination'): SideLayout | null => {
    const pn = l.panels.find((x) => x.frame.side === s);
    return pn ? { x: pn.x, y: pn.y, model: pn.frame.model, geom: pn.frame.geom, transform: pn.frame.transform, visible: { top: 0, bottom: pn.frame.geom.height } } : null;
  };
  const src = side('source');
  const dst = side('destination');
  if (!src || !dst) return;
  const presenter = l.panels.some((x) => x.frame.metrics.s > 1);
  const px = lineFontPx(presenter);
  const plan = planMigrationLines(src.model.outcome, src, dst, { fontPx: px, measure: (t) => p.measure(t, lineFont(px)) });
  paintMigrationLines(p, plan, presenter);
}

/** The frame at the chosen size: as laid out, or scaled to fit a fixed one and centred on the background. */
function sized(l: FrameLayout): { width: number; height: number; scale: number; dx: number; dy: number } {
  const fixed = fixedSize(exportSize());
  if (!fixed) return { width: l.width, height: l.height, scale: 1, dx: 0, dy: 0 };
  return { ...fixed, ...fitInto(l.width, l.height, fixed.width, fixed.height) };
}

/** Save a blob as a file through the browser's download. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function fileBase(): string {
  const s = useAppStore.getState();
  const name = s.source?.kind === 'bundled' ? s.source.file.replace(/\.json$/, '') : 'scenario';
  return `${name}-step${s.cursor}${s.compare ? '-compare' : s.policy !== 'declared' ? `-${s.policy}` : ''}`;
}

/** The SVG document of a frame; `makePainter` lets tests measure text without a canvas. */
export function composeSvg(l: FrameLayout, makePainter: (w: number, h: number) => SvgPainter = (w, h) => new SvgPainter(w, h)): string {
  const z = sized(l);
  const svg = makePainter(z.width, z.height);
  const p = new SafeTextPainter(svg);
  svg.fillRect(0, 0, z.width, z.height, THEME.bg);
  svg.scaled(z.dx, z.dy, z.scale, () => paint(p, l, (x, y, draw) => svg.group(x, y, draw)));
  return xmlSafe(svg.toString());
}

/** Build the SVG text of the current frame (also used by tests through the page). */
export function frameSvg(): string | null {
  const l = layout();
  return l ? composeSvg(l) : null;
}

export async function exportFrame(kind: 'svg' | 'png'): Promise<void> {
  const l = layout();
  if (!l) throw new Error('nothing to export');
  const size = exportSize();
  const suffix = size === 'screen' ? '' : `-${size}`;
  if (kind === 'svg') {
    download(new Blob([frameSvg()!], { type: 'image/svg+xml' }), `${fileBase()}${suffix}.svg`);
    return;
  }
  const z = sized(l);
  // As on screen: twice the CSS pixels, sharp on a slide; a fixed size: exactly its pixels.
  const dpr = size === 'screen' ? 2 : 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(z.width * dpr);
  canvas.height = Math.round(z.height * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.scale(dpr, dpr);
  ctx.fillStyle = THEME.bg;
  ctx.fillRect(0, 0, z.width, z.height);
  ctx.translate(z.dx, z.dy);
  ctx.scale(z.scale, z.scale);
  const p = new SafeTextPainter(new CanvasPainter(ctx));
  paint(p, l, (x, y, draw) => {
    ctx.save();
    ctx.translate(x, y);
    draw();
    ctx.restore();
  });
  const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/png'));
  if (!blob) throw new Error('PNG encoding failed');
  download(blob, `${fileBase()}${suffix}.png`);
}
