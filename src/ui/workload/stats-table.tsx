/** The fleet statistics of the four policies side by side, and their export as CSV and JSON. */
import { useMemo } from 'react';
import { summarise, summaryCsv, summaryRows, workloadJson } from '../../core/fleet/fleet-report.ts';
import type { WorkloadSummary } from '../../worker/worker-engine.ts';
import { POLICY_COLOUR } from './colours.ts';
import { download } from './download.ts';

function baseName(w: WorkloadSummary): string {
  if (w.params) return `pasidscope-workload-seed${w.params.seed}-${w.events}ev`;
  return `pasidscope-fill-${w.title
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 40)}`;
}

export function StatsTable({ w }: { w: WorkloadSummary }) {
  const sums = useMemo(() => w.stats.map(summarise), [w]);
  const rows = useMemo(() => summaryRows(sums), [sums]);
  const exportCsv = () => download(`${baseName(w)}.csv`, 'text/csv', summaryCsv(sums));
  const exportJson = () =>
    download(
      `${baseName(w)}.json`,
      'application/json',
      JSON.stringify(
        workloadJson({
          params: w.params,
          fills: w.fills,
          title: w.title,
          hosts: w.hosts,
          vms: w.vms,
          events: w.events,
          policies: w.stats,
        }),
        null,
        2,
      ),
    );
  return (
    <section className="wl-card wl-stats" aria-labelledby="wl-stats-title">
      <div className="wl-card-head">
        <h3 id="wl-stats-title">Fleet statistics</h3>
        <span className="muted">the same {w.events.toLocaleString('en')} events under each policy</span>
        <div className="spacer" />
        <button type="button" className="btn small" onClick={exportCsv}>
          Export CSV
        </button>
        <button type="button" className="btn small" onClick={exportJson}>
          Export JSON
        </button>
      </div>
      <div className="wl-table-wrap">
        <table className="wl-table">
          <thead>
            <tr>
              <th scope="col">statistic</th>
              {sums.map((s) => (
                <th scope="col" key={s.policy}>
                  <span
                    className="wl-swatch"
                    style={{ background: POLICY_COLOUR[s.policy] }}
                    aria-hidden="true"
                  />
                  {s.policy}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row" title={r.help}>
                  {r.label}
                </th>
                {r.cells.map((c, i) => (
                  <td key={i} className={/^0 \/|—/.test(c) ? 'muted' : undefined}>
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
