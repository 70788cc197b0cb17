/** Migration success rate per policy, as bars with hover. */
import { scaleBand, scaleLinear } from 'd3-scale';
import { ERROR_CODES, type PolicyKind } from '../../core/model/types.ts';
import { type PolicyStats } from '../../core/fleet/fleet-stats.ts';
import { pct } from '../../core/fleet/fleet-report.ts';
import { POLICY_COLOUR } from './colours.ts';
import { H, M, Plot, YAxis, local, XTick } from './plot-frame.tsx';

export function MigrationRatePlot({ stats }: { stats: PolicyStats[] }) {
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
                  <XTick x={x(s.policy)! + x.bandwidth() / 2}>{s.policy}</XTick>
                </g>
              );
            })}
          </>
        );
      }}
    </Plot>
  );
}
