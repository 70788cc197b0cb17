/**
 * The running job: a progress bar with the time left, or how the last one ended. A job
 * whose worker went quiet says for how long (the time left is not shown as if it still
 * held); one whose worker died says why, and offers to run again, in a new worker or in
 * the page.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/store.ts';
import { duration } from '../format.ts';

/** After this long without a progress report, the status says so. */
const QUIET_MS = 5000;

/** Now, every second while `on`. */
function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, [on]);
  return now;
}

export function JobStatus() {
  const job = useAppStore((s) => s.job);
  const cancel = useAppStore((s) => s.cancelWorkload);
  const hasResult = useAppStore((s) => s.workload !== null);
  const retry = useAppStore((s) => s.retry);
  const now = useNow(job.status === 'running');
  const where =
    job.mode === 'worker'
      ? 'in a Web Worker'
      : job.mode === 'page'
        ? 'in the page (workers unavailable)'
        : '';
  if (job.status === 'idle')
    return (
      <div className="wl-status idle" role="status">
        Set the knobs and run: the four policies run the same events in a Web Worker, and the page stays
        usable meanwhile.
      </div>
    );
  if (job.status === 'running') {
    const p = job.progress;
    const frac = p && p.total > 0 ? p.done / p.total : 0;
    const pct = Math.floor(frac * 100);
    const quietMs = job.heardAt !== null ? now - job.heardAt : 0;
    const quiet = quietMs >= QUIET_MS;
    const eta = quiet
      ? `no word from the engine for ${duration(quietMs)}`
      : p?.etaMs != null
        ? `about ${duration(p.etaMs)} left`
        : 'estimating time left…';
    return (
      <div className="wl-status running">
        <div className="wl-status-line">
          <strong>Running {job.label}</strong>
          <span className="muted"> {where}</span>
        </div>
        <div
          className="wl-progress"
          role="progressbar"
          aria-label="Workload progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
          aria-valuetext={`${pct}%, ${eta}`}
        >
          <div className="wl-progress-fill" style={{ width: `${(frac * 100).toFixed(2)}%` }} />
        </div>
        <div className="wl-status-line" role="status" aria-live="polite">
          <span className="mono">{pct}%</span> · <span>{eta}</span>
          {p && (
            <span className="muted">
              {' '}
              · {p.phase}
              {quiet ? ' (its last report)' : ` · ${duration(p.elapsedMs)} so far`}
            </span>
          )}
          {job.kind !== 'timeline' && (
            <button type="button" className="btn small wl-cancel" onClick={cancel}>
              Cancel
            </button>
          )}
        </div>
      </div>
    );
  }
  if (job.status === 'failed')
    return (
      <div className="wl-status failed">
        <div role="alert">
          <strong>The run failed:</strong> {job.error}
        </div>
        {job.workerDied && (
          <div className="wl-status-line">
            <button type="button" className="btn small wl-retry" onClick={() => void retry('worker')}>
              Run again
            </button>{' '}
            <button type="button" className="btn small wl-retry" onClick={() => void retry('page')}>
              Run it in the page instead
            </button>
          </div>
        )}
      </div>
    );
  if (job.status === 'cancelled')
    return (
      <div className="wl-status cancelled" role="status">
        Cancelled {job.label}. {hasResult ? 'The previous result is still shown.' : ''}
      </div>
    );
  return (
    <div className="wl-status done" role="status">
      Done: {job.label}
      {job.progress ? ` in ${duration(job.progress.elapsedMs)}` : ''} <span className="muted">{where}</span>
    </div>
  );
}
