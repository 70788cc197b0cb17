/** One statistic of the run over time, a line per policy, with hover. */
import { useState } from 'react';
import { scaleLinear } from 'd3-scale';
import { max as d3max } from 'd3-array';
import { type PolicyStats } from '../../core/fleet/fleet-stats.ts';
import { pct } from '../../core/fleet/fleet-report.ts';
import { POLICY_COLOUR } from './colours.ts';
import { H, M, Plot, YAxis, local } from './plot-frame.tsx';

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

export function OverTimePlot({ stats }: { stats: PolicyStats[] }) {
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
