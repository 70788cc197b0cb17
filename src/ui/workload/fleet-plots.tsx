/**
 * The four policies' fleet statistics as plots with hover: migration success rate,
 * failures by code, the run over time, and the free-run histogram. d3 does the maths
 * (scales, ticks); React owns the SVG (DESIGN.md convention 6).
 */
import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { scaleBand, scaleLinear, scaleSymlog } from 'd3-scale';
import { max as d3max } from 'd3-array';
import { ERROR_CODES, type ErrorCode, type PolicyKind } from '../../core/model/types.ts';
import { HISTOGRAM_BUCKETS, type PolicyStats } from '../../core/fleet/fleet-stats.ts';
import { SPACE_CLASSES } from '../../core/model/space.ts';
import { pct } from '../../core/fleet/fleet-report.ts';
import { CODE_COLOUR, POLICY_COLOUR } from './colours.ts';

const H = 210;
const M = { top: 14, right: 12, bottom: 30, left: 44 };

interface Tip {
  x: number;
  y: number;
  text: ReactNode;
}

/** A plot frame: title, a width that follows the container, and a hover tooltip. */
function Plot({
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

function YAxis({
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

const local = (e: React.MouseEvent) => {
  const r = (e.currentTarget as SVGElement).ownerSVGElement!.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
};

function MigrationRate({ stats }: { stats: PolicyStats[] }) {
  const summary = stats.map((s) => `${s.policy} ${pct(s.migration.rate)}`).join(', ');
  return (
    <Plot title="Migration success rate" summary={summary}>
      {(w, tip) => {
        const x = scaleBand<PolicyKind>()
          .domain(stats.map((s) => s.policy))
          .range([M.left, w - M.right])
          .padding(0.28);
        const y = scaleLinear()
          .domain([0, 1])
          .range([H - M.bottom, M.top]);
        return (
          <>
            <YAxis ticks={y.ticks(5)} y={y} format={(v) => `${Math.round(v * 100)}%`} width={w} />
            {stats.map((s) => {
              const m = s.migration;
              const r = m.rate ?? 0;
              const fails = ERROR_CODES.filter((c) => m.failures[c]).map((c) => `${c} ${m.failures[c]}`);
              const text = (
                <>
                  <strong>{s.policy}</strong>: {m.succeeded.toLocaleString('en')} of{' '}
                  {m.attempted.toLocaleString('en')} migrations succeeded ({pct(m.rate)})
                  {fails.length > 0 && <div>failed: {fails.join(', ')}</div>}
                  {m.alreadyThere > 0 && (
                    <div className="muted">
                      {m.alreadyThere} more found the VM already there (not counted)
                    </div>
                  )}
                </>
              );
              return (
                <g key={s.policy} onMouseMove={(e) => tip({ ...local(e), text })}>
                  <rect
                    x={x(s.policy)}
                    y={M.top}
                    width={x.bandwidth()}
                    height={H - M.bottom - M.top}
                    fill="transparent"
                  />
                  <rect
                    x={x(s.policy)}
                    y={y(r)}
                    width={x.bandwidth()}
                    height={Math.max(0, y(0) - y(r))}
                    fill={POLICY_COLOUR[s.policy]}
                  />
                  <text
                    x={x(s.policy)! + x.bandwidth() / 2}
                    y={y(r) - 4}
                    textAnchor="middle"
                    className="wl-value"
                  >
                    {m.rate === null ? 'none' : pct(m.rate, 0)}
                  </text>
                  <text
                    x={x(s.policy)! + x.bandwidth() / 2}
                    y={H - M.bottom + 16}
                    textAnchor="middle"
                    className="wl-tick"
                  >
                    {s.policy}
                  </text>
                </g>
              );
            })}
          </>
        );
      }}
    </Plot>
  );
}

function Failures({ stats }: { stats: PolicyStats[] }) {
  const codes = ERROR_CODES.filter((c) => stats.some((s) => s.failures[c]));
  const summary = stats.map((s) => `${s.policy} ${s.failed} failed`).join(', ');
  return (
    <Plot
      title="Failed events by code"
      summary={summary}
      controls={
        <span className="wl-legend">
          {codes.map((c) => (
            <span key={c}>
              <i style={{ background: CODE_COLOUR[c] }} />
              {c}
            </span>
          ))}
        </span>
      }
    >
      {(w, tip) => {
        const x = scaleBand<PolicyKind>()
          .domain(stats.map((s) => s.policy))
          .range([M.left, w - M.right])
          .padding(0.28);
        const top = Math.max(1, d3max(stats, (s) => s.failed - s.engineErrors) ?? 1);
        const y = scaleLinear()
          .domain([0, top])
          .nice()
          .range([H - M.bottom, M.top]);
        return (
          <>
            <YAxis
              ticks={y.ticks(5).filter(Number.isInteger)}
              y={y}
              format={(v) => (v >= 1000 ? `${v / 1000}k` : String(v))}
              width={w}
            />
            {stats.map((s) => {
              let acc = 0;
              return (
                <g key={s.policy}>
                  {codes.map((c: ErrorCode) => {
                    const n = s.failures[c] ?? 0;
                    if (!n) return null;
                    const y0 = y(acc);
                    acc += n;
                    const y1 = y(acc);
                    const text = (
                      <>
                        <strong>{s.policy}</strong> · {c}: {n.toLocaleString('en')} events (
                        {pct(n / s.events)} of all)
                      </>
                    );
                    return (
                      <rect
                        key={c}
                        x={x(s.policy)}
                        y={y1}
                        width={x.bandwidth()}
                        height={Math.max(0.5, y0 - y1)}
                        fill={CODE_COLOUR[c]}
                        onMouseMove={(e) => tip({ ...local(e), text })}
                      />
                    );
                  })}
                  <text
                    x={x(s.policy)! + x.bandwidth() / 2}
                    y={H - M.bottom + 16}
                    textAnchor="middle"
                    className="wl-tick"
                  >
                    {s.policy}
                  </text>
                  {acc === 0 && (
                    <text
                      x={x(s.policy)! + x.bandwidth() / 2}
                      y={y(0) - 4}
                      textAnchor="middle"
                      className="wl-value"
                    >
                      none
                    </text>
                  )}
                </g>
              );
            })}
          </>
        );
      }}
    </Plot>
  );
}

type SeriesMetric = 'migration' | 'host' | 'failed';
const SERIES_LABEL: Record<SeriesMetric, string> = {
  migration: 'migration success',
  host: 'host space use',
  failed: 'failed events',
};

function seriesValue(s: PolicyStats, m: SeriesMetric, i: number): number | null {
  const se = s.series;
  switch (m) {
    case 'migration':
      return se.migrations[i] ? se.migrated[i] / se.migrations[i] : null;
    case 'host':
      return se.hostUtil[i];
    case 'failed':
      return se.at[i] ? se.failed[i] / se.at[i] : null;
  }
}

function OverTime({ stats }: { stats: PolicyStats[] }) {
  const [metric, setMetric] = useState<SeriesMetric>('migration');
  const n = stats[0]?.events ?? 0;
  const controls = (
    <span className="wl-mini-seg" role="radiogroup" aria-label="Series">
      {(Object.keys(SERIES_LABEL) as SeriesMetric[]).map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={metric === m}
          className={metric === m ? 'on' : ''}
          onClick={() => setMetric(m)}
        >
          {SERIES_LABEL[m]}
        </button>
      ))}
    </span>
  );
  const top =
    metric === 'host' ? Math.max(0.01, d3max(stats, (s) => d3max(s.series.hostUtil) ?? 0) ?? 0.01) : 1;
  return (
    <Plot
      title="Over the run"
      summary={`${SERIES_LABEL[metric]} against events, one line per policy`}
      controls={controls}
    >
      {(w, tip) => {
        const x = scaleLinear()
          .domain([0, Math.max(1, n)])
          .range([M.left, w - M.right]);
        const y = scaleLinear()
          .domain([0, top])
          .nice()
          .range([H - M.bottom, M.top]);
        const paths = stats.map((s) => {
          let d = '';
          let pen = false;
          for (let i = 0; i < s.series.at.length; i++) {
            const v = seriesValue(s, metric, i);
            if (v === null) {
              pen = false;
              continue;
            }
            d += `${pen ? 'L' : 'M'}${x(s.series.at[i]).toFixed(1)},${y(v).toFixed(1)}`;
            pen = true;
          }
          return { policy: s.policy, d };
        });
        const onMove = (e: React.MouseEvent) => {
          const p = local(e);
          const ev = x.invert(p.x);
          const s0 = stats[0].series;
          let k = 0;
          for (let i = 0; i < s0.at.length; i++) if (Math.abs(s0.at[i] - ev) < Math.abs(s0.at[k] - ev)) k = i;
          tip({
            ...p,
            text: (
              <>
                after event {s0.at[k].toLocaleString('en')}
                {stats.map((s) => {
                  const v = seriesValue(s, metric, Math.min(k, s.series.at.length - 1));
                  return (
                    <div key={s.policy}>
                      <i className="wl-dot" style={{ background: POLICY_COLOUR[s.policy] }} /> {s.policy}:{' '}
                      {v === null ? '—' : pct(v)}
                    </div>
                  );
                })}
              </>
            ),
          });
        };
        return (
          <>
            <YAxis ticks={y.ticks(5)} y={y} format={(v) => `${+(v * 100).toFixed(1)}%`} width={w} />
            <g className="wl-axis">
              {x.ticks(5).map((t) => (
                <text key={t} x={x(t)} y={H - M.bottom + 16} textAnchor="middle" className="wl-tick">
                  {t >= 1e6 ? `${t / 1e6}M` : t >= 1000 ? `${t / 1000}k` : t}
                </text>
              ))}
            </g>
            {/* Wider lines first: policies that coincide show as nested stripes, not as one line. */}
            {paths.map((p, i) => (
              <path
                key={p.policy}
                d={p.d}
                fill="none"
                stroke={POLICY_COLOUR[p.policy]}
                strokeWidth={2 + 1.5 * (paths.length - 1 - i)}
                strokeLinejoin="round"
                opacity={0.95}
              />
            ))}
            <rect
              x={M.left}
              y={M.top}
              width={Math.max(0, w - M.left - M.right)}
              height={H - M.top - M.bottom}
              fill="transparent"
              onMouseMove={onMove}
            />
          </>
        );
      }}
    </Plot>
  );
}

type HistKind = 'host' | (typeof SPACE_CLASSES)[number];
const HIST_LABEL: Record<HistKind, string> = {
  host: 'host spaces',
  G: 'G',
  PF: 'PF tables',
  VF: 'VF tables',
  guest: 'guest spaces',
};

function bucketLabel(b: number): string {
  const lo = 2 ** b;
  const hi = 2 ** (b + 1) - 1;
  const f = (v: number) =>
    v >= 1 << 20 ? `${v / (1 << 20)}M` : v >= 1024 ? `${Math.round(v / 1024)}K` : String(v);
  return b === 0 ? '1' : b === HISTOGRAM_BUCKETS - 1 ? `≥${f(lo)}` : `${f(lo)}–${f(hi)}`;
}

function histogramOf(s: PolicyStats, kind: HistKind): Uint32Array {
  const hasG = s.spaces.kind.some((k) => k === 0);
  const k = kind === 'host' ? (hasG ? 0 : 1) : SPACE_CLASSES.indexOf(kind);
  return s.histogram.subarray(k * HISTOGRAM_BUCKETS, (k + 1) * HISTOGRAM_BUCKETS);
}

function FreeRuns({ stats }: { stats: PolicyStats[] }) {
  const [kind, setKind] = useState<HistKind>('host');
  const hists = useMemo(() => stats.map((s) => histogramOf(s, kind)), [stats, kind]);
  let last = 0;
  for (const h of hists) for (let b = 0; b < HISTOGRAM_BUCKETS; b++) if (h[b]) last = Math.max(last, b);
  const buckets = Array.from({ length: last + 1 }, (_, b) => b);
  const controls = (
    <select
      className="wl-mini-select"
      aria-label="Spaces of the histogram"
      value={kind}
      onChange={(e) => setKind(e.target.value as HistKind)}
    >
      {(Object.keys(HIST_LABEL) as HistKind[]).map((k) => (
        <option key={k} value={k}>
          {HIST_LABEL[k]}
        </option>
      ))}
    </select>
  );
  return (
    <Plot
      title="Free runs at the end, by length"
      summary={`how many free runs of each length the ${HIST_LABEL[kind]} have, per policy`}
      controls={controls}
    >
      {(w, tip) => {
        const x = scaleBand<number>()
          .domain(buckets)
          .range([M.left, w - M.right])
          .padding(0.18);
        const inner = scaleBand<PolicyKind>()
          .domain(stats.map((s) => s.policy))
          .range([0, x.bandwidth()])
          .padding(0.05);
        const top = Math.max(1, d3max(hists, (h) => d3max(h) ?? 0) ?? 1);
        const y = scaleSymlog()
          .domain([0, top])
          .range([H - M.bottom, M.top]);
        const ticks = [0, 1, 10, 100, 1000, 10000, 100000, 1000000].filter((t) => t <= top);
        const every = Math.max(1, Math.ceil(buckets.length / Math.max(1, Math.floor((w - M.left) / 52))));
        return (
          <>
            <YAxis ticks={ticks} y={y} format={(v) => (v >= 1000 ? `${v / 1000}k` : String(v))} width={w} />
            {buckets.map((b) => (
              <g key={b} transform={`translate(${x(b)},0)`}>
                {stats.map((s, i) => {
                  const n = hists[i][b];
                  const text = (
                    <>
                      <strong>{s.policy}</strong> · {HIST_LABEL[kind]}: {n.toLocaleString('en')} free run
                      {n === 1 ? '' : 's'} of {bucketLabel(b)} IDs
                    </>
                  );
                  return (
                    <rect
                      key={s.policy}
                      x={inner(s.policy)}
                      y={y(n)}
                      width={inner.bandwidth()}
                      height={Math.max(n ? 1 : 0, y(0) - y(n))}
                      fill={POLICY_COLOUR[s.policy]}
                      onMouseMove={(e) => tip({ ...local(e), text })}
                    />
                  );
                })}
                {b % every === 0 && (
                  <text x={x.bandwidth() / 2} y={H - M.bottom + 16} textAnchor="middle" className="wl-tick">
                    {bucketLabel(b)}
                  </text>
                )}
              </g>
            ))}
          </>
        );
      }}
    </Plot>
  );
}

export function FleetPlots({ stats }: { stats: PolicyStats[] }) {
  return (
    <section className="wl-card wl-plots" aria-label="Fleet statistics plots">
      <div className="wl-plot-legend" aria-hidden="true">
        {stats.map((s) => (
          <span key={s.policy}>
            <i style={{ background: POLICY_COLOUR[s.policy] }} />
            {s.policy}
          </span>
        ))}
      </div>
      <div className="wl-plot-grid">
        <MigrationRate stats={stats} />
        <Failures stats={stats} />
        <OverTime stats={stats} />
        <FreeRuns stats={stats} />
      </div>
    </section>
  );
}
