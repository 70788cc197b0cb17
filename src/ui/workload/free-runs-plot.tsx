/** Free runs at the end of the run, by length: a histogram per space class, a bar per policy, with hover. */
import { useMemo, useState } from 'react';
import { scaleBand, scaleSymlog } from 'd3-scale';
import { max as d3max } from 'd3-array';
import { type PolicyKind } from '../../core/model/types.ts';
import { HISTOGRAM_BUCKETS, type PolicyStats } from '../../core/fleet/fleet-stats.ts';
import { SPACE_CLASSES } from '../../core/model/space.ts';
import { POLICY_COLOUR } from './colours.ts';
import { H, M, Plot, YAxis, local } from './plot-frame.tsx';

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

export function FreeRunsPlot({ stats }: { stats: PolicyStats[] }) {
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
