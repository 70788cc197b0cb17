/** A fill sweep's result: migration success against fill level, per policy, with hover; the table; CSV and JSON export. */
import { useLayoutEffect, useRef, useState } from 'react';
import { scaleLinear } from 'd3-scale';
import { ERROR_CODES } from '../../core/model/types.ts';
import { pct } from '../../core/fleet/fleet-report.ts';
import {
  sweepCsv,
  sweepFailures,
  sweepJson,
  sweepRate,
  sweepRows,
  type SweepResult,
} from '../../core/fleet/fill-sweep.ts';
import { POLICY_COLOUR } from './colours.ts';
import { download } from './download.ts';

const H = 240;
const M = { top: 14, right: 16, bottom: 34, left: 46 };

export function SweepView({ r, label }: { r: SweepResult; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  const [hover, setHover] = useState<{ li: number; x: number; y: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(300, Math.floor(el.clientWidth))));
    ro.observe(el);
    setWidth(Math.max(300, Math.floor(el.clientWidth)));
    return () => ro.disconnect();
  }, []);
  const x = scaleLinear()
    .domain([Math.min(...r.levels), Math.max(...r.levels)])
    .range([M.left, width - M.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  const rows = sweepRows(r);
  const name = `pasidscope-sweep-${label
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 40)}`;
  const summary = r.policies
    .map((p, pi) => `${p}: ${r.levels.map((_, li) => pct(sweepRate(r, li, pi), 0)).join(' → ')}`)
    .join('; ');

  return (
    <section className="wl-card wl-sweep" aria-labelledby="wl-sweep-title">
      <div className="wl-card-head">
        <h3 id="wl-sweep-title">Migration success against fill level</h3>
        <span className="muted">{label}</span>
        <div className="spacer" />
        <button
          type="button"
          className="btn small"
          onClick={() => download(`${name}.csv`, 'text/csv', sweepCsv(r))}
        >
          Export sweep CSV
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() => download(`${name}.json`, 'application/json', JSON.stringify(sweepJson(r), null, 2))}
        >
          Export sweep JSON
        </button>
      </div>
      <div className="wl-sweep-body">
        <figure className="wl-plot" ref={ref} onMouseLeave={() => setHover(null)}>
          <svg
            width={width}
            height={H}
            role="img"
            aria-label={`Migration success rate against fill level: ${summary}`}
          >
            <g className="wl-axis">
              {y.ticks(5).map((t) => (
                <g key={t} transform={`translate(0,${y(t)})`}>
                  <line x1={M.left} x2={width - M.right} className="wl-gridline" />
                  <text x={M.left - 6} dy="0.32em" textAnchor="end">
                    {Math.round(t * 100)}%
                  </text>
                </g>
              ))}
              {tickLevels(r.levels, x).map((l) => (
                <text key={l} x={x(l)} y={H - M.bottom + 16} textAnchor="middle" className="wl-tick">
                  {Math.round(l * 1000) / 10}%
                </text>
              ))}
              <text x={(M.left + width - M.right) / 2} y={H - 4} textAnchor="middle" className="wl-tick">
                fill level of the filled hosts
              </text>
            </g>
            {r.policies.map((p, pi) => {
              let d = '';
              let pen = false;
              r.levels.forEach((l, li) => {
                const v = sweepRate(r, li, pi);
                if (v === null) {
                  pen = false;
                  return;
                }
                d += `${pen ? 'L' : 'M'}${x(l).toFixed(1)},${y(v).toFixed(1)}`;
                pen = true;
              });
              return (
                <g key={p}>
                  <path
                    d={d}
                    fill="none"
                    stroke={POLICY_COLOUR[p]}
                    strokeWidth={2 + 1.5 * (r.policies.length - 1 - pi)}
                    strokeLinejoin="round"
                    opacity={0.95}
                  />
                  {r.levels.map((l, li) => {
                    const v = sweepRate(r, li, pi);
                    return v === null ? null : (
                      <circle key={l} cx={x(l)} cy={y(v)} r={3.5} fill={POLICY_COLOUR[p]} />
                    );
                  })}
                </g>
              );
            })}
            {hover && (
              <line
                x1={x(r.levels[hover.li])}
                x2={x(r.levels[hover.li])}
                y1={M.top}
                y2={H - M.bottom}
                stroke="#fff"
                strokeOpacity={0.35}
              />
            )}
            <rect
              x={M.left}
              y={M.top}
              width={Math.max(0, width - M.left - M.right)}
              height={H - M.top - M.bottom}
              fill="transparent"
              onMouseMove={(e) => {
                const b = e.currentTarget.ownerSVGElement!.getBoundingClientRect();
                const px = e.clientX - b.left;
                let li = 0;
                r.levels.forEach((l, i) => {
                  if (Math.abs(x(l) - px) < Math.abs(x(r.levels[li]) - px)) li = i;
                });
                setHover({ li, x: px, y: e.clientY - b.top });
              }}
            />
          </svg>
          {hover && (
            <div
              className="wl-tip"
              role="tooltip"
              style={{ left: Math.min(hover.x + 12, width - 260), top: hover.y + 12 }}
            >
              <strong>fill {Math.round(r.levels[hover.li] * 1000) / 10}%</strong>
              {r.policies.map((p, pi) => {
                const k = hover.li * r.policies.length + pi;
                const f = sweepFailures(r, hover.li, pi);
                const fails = ERROR_CODES.filter((c) => f[c]).map((c) => `${c} ${f[c]}`);
                return (
                  <div key={p}>
                    <i className="wl-dot" style={{ background: POLICY_COLOUR[p] }} /> {p}:{' '}
                    {pct(sweepRate(r, hover.li, pi))} ({r.succeeded[k]}/{r.attempted[k]})
                    {fails.length > 0 && <span className="muted"> · {fails.join(', ')}</span>}
                  </div>
                );
              })}
            </div>
          )}
        </figure>
        <table className="wl-table wl-sweep-table">
          <thead>
            <tr>
              <th scope="col">fill</th>
              {r.policies.map((p) => (
                <th scope="col" key={p}>
                  <span className="wl-swatch" style={{ background: POLICY_COLOUR[p] }} aria-hidden="true" />
                  {p}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {row.cells.map((c, i) => (
                  <td key={i}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The widest a level's label is ("99.5%"), in px: closer labels would print over each other. */
const TICK_ROOM = 36;

/** The levels to label on the axis: the last always, then each one that leaves room before the one after. */
function tickLevels(levels: readonly number[], x: (l: number) => number): number[] {
  const out: number[] = [];
  let right = Infinity;
  for (let i = levels.length - 1; i >= 0; i--) {
    if (right - x(levels[i]) < TICK_ROOM) continue;
    out.unshift(levels[i]);
    right = x(levels[i]);
  }
  return out;
}
