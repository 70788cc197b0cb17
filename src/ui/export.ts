/**
 * Export the current frame as SVG or PNG: the map panels where they sit on the screen,
 * drawn by the same renderer as the canvas, under a title and the step's caption.
 */
import { useAppStore } from '../store/store.ts';
import type { Outcome } from '../core/model/types.ts';
import { chipText, eventSentence, hex, holderLabel } from './format.ts';
import { MONO_FONT, UI_FONT } from './maps/geometry.ts';
import { CanvasPainter, SvgPainter, type Painter } from './maps/painter.ts';
import { currentPanels } from './maps/panel-registry.ts';
import { renderPanel } from './maps/render.ts';
import { THEME } from './palette.ts';
import { outcomeAt } from './selectors.ts';

interface Layout {
  width: number;
  height: number;
  headerH: number;
  panels: { x: number; y: number; frame: ReturnType<typeof currentPanels>[number] }[];
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

function layout(): Layout | null {
  const frames = currentPanels();
  if (frames.length === 0) return null;
  const rects = frames.map((f) => f.element.getBoundingClientRect());
  const minX = Math.min(...rects.map((r) => r.left));
  const minY = Math.min(...rects.map((r) => r.top));
  const maxX = Math.max(...rects.map((r, i) => r.left + frames[i].geom.width));
  const maxY = Math.max(...rects.map((r, i) => r.top + frames[i].geom.height));
  const s = useAppStore.getState();
  const run = s.compare ? s.runs.split : s.runs[s.policy];
  const o = outcomeAt(run, s.cursor);
  const e = s.cursor > 0 ? s.scenario?.events[s.cursor - 1] : undefined;
  const detail = s.compare ? '' : migrationLine(o);
  const headerH = detail ? 116 : 92;
  const pad = 24;
  return {
    width: Math.ceil(maxX - minX) + pad * 2,
    height: Math.ceil(maxY - minY) + headerH + pad,
    headerH,
    panels: frames.map((frame, i) => ({ x: rects[i].left - minX + pad, y: rects[i].top - minY + headerH, frame })),
    title: s.scenario?.title ?? '',
    caption: e ? `Step ${s.cursor}: ${eventSentence(e)}${o && !s.compare ? ` — ${chipText(o)}` : ''}` : 'Before the first event',
    note: e?.note ?? (o && !s.compare ? o.message : ''),
    detail,
  };
}

function paint(p: Painter, l: Layout, offset: (x: number, y: number, draw: () => void) => void) {
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

/** Build the SVG text of the current frame (also used by tests through the page). */
export function frameSvg(): string | null {
  const l = layout();
  if (!l) return null;
  const p = new SvgPainter(l.width, l.height);
  paint(p, l, (x, y, draw) => p.group(x, y, draw));
  return p.toString();
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
  const p = new CanvasPainter(ctx);
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
