/** Failed events per policy by error code, as stacked bars with hover. */
import { scaleBand, scaleLinear } from 'd3-scale';
import { max as d3max } from 'd3-array';
import { ERROR_CODES, type ErrorCode, type PolicyKind } from '../../core/model/types.ts';
import { type PolicyStats } from '../../core/fleet/fleet-stats.ts';
import { pct } from '../../core/fleet/fleet-report.ts';
import { CODE_COLOUR } from './colours.ts';
import { H, M, Plot, YAxis, local, XTick } from './plot-frame.tsx';

export function FailuresPlot({ stats }: { stats: PolicyStats[] }) {
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
                  <XTick x={x(s.policy)! + x.bandwidth() / 2}>{s.policy}</XTick>
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
