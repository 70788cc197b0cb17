/**
 * Export the current frame as SVG or PNG: the map panels where they sit on the screen,
 * drawn by the same renderer as the canvas, under a title and the step's caption.
 */
import { useAppStore } from '../store/store.ts';
import type { Outcome } from '../core/model/types.ts';
import { chipText, chipTone, eventSentence, hex, holderLabel } from './format.ts';
import { exportSize, fitInto, fixedSize } from './export-size.ts';
import { MONO_FONT, UI_FONT } from './maps/geometry.ts';
import { CanvasPainter, SvgPainter, type Painter } from './maps/painter.ts';
import { currentPanels, type PanelFrame } from './maps/panel-registry.ts';
import { renderPanel } from './maps/render.ts';
import { THEME } from './palette.ts';

interface PanelPlace {
  x: number;
  y: number;
  frame: PanelFrame;
}

interface Layout {
  width: number;
  height: number;
  headerH: number;
  panels: PanelPlace[];
  title: string;
  caption: string;
  note: string;
  /** a migrate step: what was kept or remapped, or every conflict */
  detail: string;
}

/** A compare panel's header in the export: policy, outcome badge, migration summary. */
const PANEL_HEAD = 58;

export function migrationLine(o: Outcome | undefined): string {
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

function layout(): Layout | null {
  const frames = currentPanels();
  if (frames.length === 0) return null;
  const rects = frames.map((f) => f.element.getBoundingClientRect());
  const minX = Math.min(...rects.map((r) => r.left));
  const minY = Math.min(...rects.map((r) => r.top));
  const maxX = Math.max(...rects.map((r, i) => r.left + frames[i].geom.width));
  const maxY = Math.max(...rects.map((r, i) => r.top + frames[i].geom.height));
  const s = useAppStore.getState();
  // The step's outcome as the maps drew it (every panel of one view shares it).
  const o = s.compare ? undefined : frames[0].model.outcome;
  const e = s.cursor > 0 ? s.scenario?.events[s.cursor - 1] : undefined;
  const detail = s.compare ? '' : migrationLine(o);
  const headerH = detail ? 116 : 92;
  const pad = 24;
  // Compare: each row of panels gets a header band of its own above it.
  const tops = [...new Set(rects.map((r) => Math.round(r.top)))].sort((a, b) => a - b);
  const band = (top: number) => (frames.some((f) => f.heading) ? PANEL_HEAD * (tops.indexOf(Math.round(top)) + 1) : 0);
  return {
    width: Math.ceil(maxX - minX) + pad * 2,
    height: Math.ceil(maxY - minY) + headerH + pad + band(tops[tops.length - 1]),
    headerH,
    panels: frames.map((frame, i) => ({ x: rects[i].left - minX + pad, y: rects[i].top - minY + headerH + band(rects[i].top), frame })),
    title: s.scenario?.title ?? '',
    caption: e ? `Step ${s.cursor}: ${eventSentence(e)}${o ? ` — ${chipText(o)}` : ''}` : 'Before the first event',
    note: e?.note ?? (o ? o.message : ''),
    detail,
  };
}

const TONE_FILL = { ok: 'ok', fail: 'conflict', breach: 'breach' } as const;

/** Over a compare panel: its policy, the outcome as a badge, and the migration's summary. */
function paintPanelHead(p: Painter, pn: PanelPlace) {
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

function paint(p: Painter, l: Layout, offset: (x: number, y: number, draw: () => void) => void) {
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
}

/** The frame at the chosen size: as laid out, or scaled to fit a fixed one and centred on the background. */
function sized(l: Layout): { width: number; height: number; scale: number; dx: number; dy: number } {
  const fixed = fixedSize(exportSize());
  if (!fixed) return { width: l.width, height: l.height, scale: 1, dx: 0, dy: 0 };
  return { ...fixed, ...fitInto(l.width, l.height, fixed.width, fixed.height) };
}

function download(blob: Blob, name: string) {
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

/** Build the SVG text of the current frame at the chosen size (also used by tests through the page). */
export function frameSvg(): string | null {
  const l = layout();
  if (!l) return null;
  const z = sized(l);
  const p = new SvgPainter(z.width, z.height);
  p.fillRect(0, 0, z.width, z.height, THEME.bg);
  p.scaled(z.dx, z.dy, z.scale, () => paint(p, l, (x, y, draw) => p.group(x, y, draw)));
  return p.toString();
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
  const p = new CanvasPainter(ctx);
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
