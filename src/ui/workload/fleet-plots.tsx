/**
 * The four policies' fleet statistics as plots with hover: migration success rate,
 * failures by code, the run over time, and the free-run histogram. d3 does the maths
 * (scales, ticks); React owns the SVG (DESIGN.md convention 6).
 */
import type { PolicyStats } from '../../core/fleet/fleet-stats.ts';
import { POLICY_COLOUR } from './colours.ts';
import { FailuresPlot } from './failures-plot.tsx';
import { FreeRunsPlot } from './free-runs-plot.tsx';
import { MigrationRatePlot } from './migration-rate-plot.tsx';
import { OverTimePlot } from './over-time-plot.tsx';

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
        <MigrationRatePlot stats={stats} />
        <FailuresPlot stats={stats} />
        <OverTimePlot stats={stats} />
        <FreeRunsPlot stats={stats} />
      </div>
    </section>
  );
}
