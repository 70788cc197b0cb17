/**
 * What the fleet plots share: the frame (a title, a width that follows the container, a
 * hover tooltip), the y axis with its gridlines, and the plots' height and margins.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export const H = 210;
export const M = { top: 14, right: 12, bottom: 30, left: 44 };

export interface Tip {
  x: number;
  y: number;
  text: ReactNode;
}

/** A plot frame: title, a width that follows the container, and a hover tooltip. */
export function Plot({
  title,
  summary,
  controls,
  children,
}: {
  title: string;
  summary: string;
  controls?: ReactNode;
  children: (w: number, tip: (t: Tip | null) => void) => ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(360);
  const [tip, setTip] = useState<Tip | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(240, Math.floor(el.clientWidth))));
    ro.observe(el);
    setWidth(Math.max(240, Math.floor(el.clientWidth)));
    return () => ro.disconnect();
  }, []);
  return (
    <figure className="wl-plot" ref={ref} onMouseLeave={() => setTip(null)}>
      <figcaption>
        <span>{title}</span>
        {controls}
      </figcaption>
      <svg width={width} height={H} role="img" aria-label={`${title}: ${summary}`}>
        {children(width, setTip)}
      </svg>
      {tip && (
        <div
          className="wl-tip"
          role="tooltip"
          style={{ left: Math.min(tip.x + 12, width - 220), top: tip.y + 12 }}
        >
          {tip.text}
        </div>
      )}
    </figure>
  );
}

export function YAxis({
  ticks,
  y,
  format,
  width,
}: {
  ticks: number[];
  y: (v: number) => number;
  format: (v: number) => string;
  width: number;
}) {
  return (
    <g className="wl-axis">
      {ticks.map((t) => (
        <g key={t} transform={`translate(0,${y(t)})`}>
          <line x1={M.left} x2={width - M.right} className="wl-gridline" />
          <text x={M.left - 6} dy="0.32em" textAnchor="end">
            {format(t)}
          </text>
        </g>
      ))}
    </g>
  );
}

export const local = (e: React.MouseEvent) => {
  const r = (e.currentTarget as SVGElement).ownerSVGElement!.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
};

/** A tick label under the plot, centred on `x` (a policy's band, a fill level). */
export function XTick({ x, children }: { x: number; children: React.ReactNode }) {
  return (
    <text x={x} y={H - M.bottom + 16} textAnchor="middle" className="wl-tick">
      {children}
    </text>
  );
}

