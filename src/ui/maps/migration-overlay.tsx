/**
 * A migrate step's remap lines on screen: an SVG over both migration panels (it fills
 * `.migration-columns`), redrawn whenever either panel draws a frame (zoom, scroll,
 * resize, a new step), laid out by migration-lines.ts from the layouts the panels register
 * (panel-registry.ts). Decoration only: the same facts are a list for screen readers
 * beside the maps (main-view.tsx) and pills in the migration card.
 */
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Outcome } from '../../core/model/types.ts';
import { THEME } from '../palette.ts';
import { useTheme } from '../theme.ts';
import { labelLineStep, lineFont, lineFontPx, lineWidths } from './migration-lines-paint.ts';
import { offChevron, planMigrationLines, type LinesPlan, type SideLayout } from './migration-lines.ts';
import { currentPanels, onPanelDrawn, type PanelFrame } from './panel-registry.ts';

let measurer: CanvasRenderingContext2D | null = null;
/** A label's width in the font the SVG draws it in. */
function textWidth(t: string, font: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return [...t].length * 8;
  measurer.font = font;
  return measurer.measureText(t).width;
}

const pts = (p: [number, number][]) => p.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
const f1 = (v: number) => v.toFixed(1);

/** The lines' plan from the panels on screen now, in the coordinates of `host`; null without both sides. */
function planNow(host: HTMLElement, outcome: Outcome, fontPx: number): LinesPlan | null {
  const panels = currentPanels();
  const src = panels.find((p) => p.side === 'source');
  const dst = panels.find((p) => p.side === 'destination');
  if (!src || !dst) return null;
  const o = host.getBoundingClientRect();
  // Screen px to layout px: an embed may scale the whole view down to fit its frame.
  const k = host.offsetWidth > 0 ? o.width / host.offsetWidth : 1;
  const side = (f: PanelFrame): SideLayout => {
    const r = f.element.getBoundingClientRect();
    return { x: (r.left - o.left) / k, y: (r.top - o.top) / k, model: f.model, geom: f.geom, transform: f.transform, visible: f.visible ?? { top: 0, bottom: f.geom.height } };
  };
  return planMigrationLines(outcome, side(src), side(dst), { fontPx, measure: (t) => textWidth(t, lineFont(fontPx)) });
}

/** What the SVG shows, as a string: a frame that changes nothing renders nothing. */
function signature(p: LinesPlan | null): string {
  if (!p) return '';
  return `${p.more}|${p.stacked}|${p.lines.map((l) => `${f1(l.a.x)},${f1(l.a.y)},${l.a.off},${f1(l.b.x)},${f1(l.b.y)},${l.b.off},${l.label ? 'L' : ''}`).join(';')}`;
}

export function MigrationOverlay({ outcome, presenter }: { outcome: Outcome; presenter: boolean }) {
  const ref = useRef<SVGSVGElement>(null);
  const [plan, setPlan] = useState<LinesPlan | null>(null);
  // The colours are the theme's, read while rendering.
  useTheme();
  const fontPx = lineFontPx(presenter);
  useEffect(() => {
    let last = '';
    const update = (sync = true) => {
      const host = ref.current?.parentElement;
      if (!host) return;
      const next = planNow(host, outcome, fontPx);
      const sig = signature(next);
      if (sig === last) return;
      last = sig;
      // In the frame the panels drew, not a frame later: the lines never lag their cells
      // (but not from this effect itself, where React cannot render synchronously).
      if (sync) flushSync(() => setPlan(next));
      else setPlan(next);
    };
    update(false);
    // A panel moved without drawing (the grid changed around it) is a new layout too.
    const ro = new ResizeObserver(() => update());
    const host = ref.current?.parentElement;
    if (host) ro.observe(host);
    const off = onPanelDrawn(() => update());
    return () => {
      off();
      ro.disconnect();
    };
  }, [outcome, fontPx]);

  const font = lineFont(fontPx);
  const step = labelLineStep(fontPx);
  const w = lineWidths(presenter);
  return (
    <svg ref={ref} className="migration-lines" aria-hidden="true" data-more={plan?.more ?? 0} data-stacked={plan?.stacked ? 'true' : 'false'}>
      {plan?.lines.map((l, n) => {
        const d = `M${f1(l.a.x)},${f1(l.a.y)} C${f1(l.c1[0])},${f1(l.c1[1])} ${f1(l.c2[0])},${f1(l.c2[1])} ${f1(l.b.x)},${f1(l.b.y)}`;
        const chevrons = [offChevron(l.a, 7), offChevron(l.b, 7)].filter((c): c is [number, number][] => c !== null);
        return (
          <g
            key={n}
            className="migration-line"
            data-process={l.remap.process}
            data-from={l.remap.from}
            data-to={l.remap.to}
            data-ax={f1(l.a.x)}
            data-ay={f1(l.a.y)}
            data-a-off={l.a.off ?? ''}
            data-bx={f1(l.b.x)}
            data-by={f1(l.b.y)}
            data-b-off={l.b.off ?? ''}
          >
            <path d={d} fill="none" stroke={THEME.halo} strokeWidth={w.halo} />
            <path d={d} fill="none" stroke={THEME.remapped} strokeWidth={w.stroke} />
            <rect x={l.a.x - 3} y={l.a.y - 3} width={6} height={6} fill={THEME.remapped} />
            {l.b.off === null && (
              <>
                <polyline points={pts(l.head)} fill="none" stroke={THEME.halo} strokeWidth={w.halo} strokeLinejoin="round" />
                <polyline points={pts(l.head)} fill="none" stroke={THEME.remapped} strokeWidth={w.stroke} strokeLinejoin="round" />
              </>
            )}
            {chevrons.map((c, i) => (
              <g key={i} className="migration-line-off">
                <polyline points={pts(c)} fill="none" stroke={THEME.halo} strokeWidth={5} strokeLinejoin="round" />
                <polyline points={pts(c)} fill="none" stroke={THEME.remapped} strokeWidth={2.5} strokeLinejoin="round" />
              </g>
            ))}
          </g>
        );
      })}
      {plan?.lines.map(
        (l, n) =>
          l.label && (
            <g key={`label${n}`} className="migration-line-label">
              <rect x={l.label.x - l.label.w / 2} y={l.label.y - l.label.h / 2} width={l.label.w} height={l.label.h} rx={3} fill={THEME.panel} stroke={THEME.remapped} strokeWidth={1.5} />
              {l.label.lines.map((t, i, all) => (
                <text key={i} x={l.label!.x} y={l.label!.y + (i - (all.length - 1) / 2) * step} textAnchor="middle" dominantBaseline="central" fill={THEME.text} style={{ font }}>
                  {t}
                </text>
              ))}
            </g>
          ),
      )}
      {plan && plan.more > 0 && (
        <text x={plan.moreAt.x} y={plan.moreAt.y} textAnchor="middle" dominantBaseline="central" fill={THEME.remapped} stroke={THEME.halo} strokeWidth={3} paintOrder="stroke" style={{ font }}>
          +{plan.more} more
        </text>
      )}
    </svg>
  );
}
