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
import { chipText, eventSentence, hex, holderLabel } from './format.ts';
import { MONO_FONT, UI_FONT } from './maps/geometry.ts';
import { CanvasPainter, SvgPainter, type Painter } from './maps/painter.ts';
import { currentPanels, type PanelFrame } from './maps/panel-registry.ts';
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
  panels: { x: number; y: number; frame: Pick<PanelFrame, 'model' | 'geom' | 'transform' | 'metrics'> }[];
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
  return {
    width: Math.ceil(maxX - minX) + pad * 2,
    height: Math.ceil(maxY - minY) + headerH + pad,
    headerH,
    panels: panels.map((r) => ({ x: r.left - minX + pad, y: r.top - minY + headerH, frame: r.frame })),
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

function paint(p: Painter, l: FrameLayout, offset: (x: number, y: number, draw: () => void) => void) {
  p.fillRect(0, 0, l.width, l.height, THEME.bg);
  p.text(l.title, 24, 30, { font: `700 22px ${UI_FONT}`, fill: THEME.text, baseline: 'middle' });
  p.text(l.caption, 24, 60, { font: `600 16px ${UI_FONT}`, fill: '#8fd0f5', baseline: 'middle' });
  if (l.note) p.text(l.note, 24, 80, { font: `italic 14px ${UI_FONT}`, fill: THEME.muted, baseline: 'middle' });
  if (l.detail) p.text(l.detail, 24, 102, { font: `600 14px ${MONO_FONT}`, fill: /^E[A-Z]+ /.test(l.detail) ? THEME.conflict : '#3fcf9a', baseline: 'middle' });
  p.text('pasidscope', l.width - 24, 30, { font: `600 13px ${MONO_FONT}`, fill: THEME.faint, align: 'right', baseline: 'middle' });
  for (const pn of l.panels) offset(pn.x, pn.y, () => renderPanel(p, pn.frame.model, pn.frame.geom, pn.frame.transform, pn.frame.metrics));
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
  const svg = makePainter(l.width, l.height);
  const p = new SafeTextPainter(svg);
  paint(p, l, (x, y, draw) => svg.group(x, y, draw));
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
  if (kind === 'svg') {
    download(new Blob([frameSvg()!], { type: 'image/svg+xml' }), `${fileBase()}.svg`);
    return;
  }
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = l.width * scale;
  canvas.height = l.height * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.scale(scale, scale);
  const p = new SafeTextPainter(new CanvasPainter(ctx));
  paint(p, l, (x, y, draw) => {
    ctx.save();
    ctx.translate(x, y);
    draw();
    ctx.restore();
  });
  const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/png'));
  if (!blob) throw new Error('PNG encoding failed');
  download(blob, `${fileBase()}.png`);
}
