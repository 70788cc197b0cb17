/**
 * The Workload panel: configure and run bulk workloads (or a scenario after a
 * fill) in a Web Worker with progress and cancel; see the result with range maps and a
 * scrubbable timeline, and the fleet statistics of the four policies side by side.
 */
import { useCallback, useEffect, useState } from 'react';
import { POLICY_KINDS } from '../../core/model/types.ts';
import { useAppStore } from '../../store/store.ts';
import type { EventDetail } from '../../worker/worker-engine.ts';
import { FleetMap } from './fleet-map.tsx';
import { FleetPlots } from './fleet-plots.tsx';
import { JobStatus } from './job-status.tsx';
import { StatsTable } from './stats-table.tsx';
import { SweepView } from './sweep-view.tsx';
import { WorkloadForm } from './workload-form.tsx';
import { WorkloadTimeline } from './workload-timeline.tsx';
import { POLICY_COLOUR } from './colours.ts';
import './workload-form.css';
import './workload-results.css';

// `npm run bench` drives the page through these (a separate chunk, loaded only with ?bench).
if (typeof location !== 'undefined' && new URLSearchParams(location.search).has('bench'))
  void import('./bench-hooks.ts').then((m) => m.install());

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  const tag = el?.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || !!el?.isContentEditable;
}

/** Keys step the workload's cursor while the panel is open (before the scenario view's keys see them). */
function useWorkloadKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const s = useAppStore.getState();
      const t = s.wlTimeline;
      if (!t) return;
      const page = Math.max(1, Math.round(t.length / 100));
      switch (e.key) {
        case 'ArrowRight':
          s.stepWorkload(e.shiftKey ? page : 1);
          break;
        case 'ArrowLeft':
          s.stepWorkload(e.shiftKey ? -page : -1);
          break;
        case 'PageDown':
          s.stepWorkload(page);
          break;
        case 'PageUp':
          s.stepWorkload(-page);
          break;
        case 'Home':
          s.seekWorkload(0);
          break;
        case 'End':
          s.seekWorkload(t.length);
          break;
        case ' ': {
          // A focused control keeps its Space; elsewhere the scenario's play key means nothing here.
          const tag = (e.target as HTMLElement | null)?.tagName;
          if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') return;
          break;
        }
        default:
          return;
      }
      // The scenario view's handler skips prevented events.
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}

export function WorkloadView() {
  const workload = useAppStore((s) => s.workload);
  const sweep = useAppStore((s) => s.sweep);
  const timeline = useAppStore((s) => s.wlTimeline);
  const cursor = useAppStore((s) => s.wlCursor);
  const policy = useAppStore((s) => s.wlPolicyAsked ?? s.wlPolicy);
  const setPolicy = useAppStore((s) => s.setWorkloadPolicy);
  const busy = useAppStore((s) => s.job.status === 'running');
  const [detail, setDetail] = useState<EventDetail | null>(null);
  const onDetail = useCallback((d: EventDetail | null) => setDetail(d), []);
  useWorkloadKeys();
  // A new result appears in stages, a task each (table, plots, timeline, maps), so that
  // putting a million-event run on screen never holds the main thread for long.
  const [shown, setShown] = useState<{ of: unknown; stage: number }>({ of: null, stage: 0 });
  const stage = shown.of === workload ? shown.stage : 0;
  useEffect(() => {
    if (!workload || stage >= 3) return;
    const id = setTimeout(() => setShown({ of: workload, stage: stage + 1 }), 0);
    return () => clearTimeout(id);
  }, [workload, stage]);

  return (
    <section className="workload-view" aria-label="Workloads">
      <aside className="wl-side">
        <h2>Workloads</h2>
        <p className="wl-intro">
          Bulk runs at full scale: a seeded fleet of hosts, VMs and processes coming and going, with live
          migrations, up to a million events; or a scenario with hosts filled beforehand. All four policies
          run the same events.
        </p>
        <WorkloadForm />
      </aside>
      <div className="wl-main">
        <JobStatus />
        {sweep && <SweepView r={sweep.result} label={sweep.label} />}
        {workload && timeline ? (
          <>
            <header className="wl-result-head">
              <h2>{workload.title}</h2>
              <p className="muted">{workload.description}</p>
            </header>
            <StatsTable w={workload} />
            {stage >= 1 && <FleetPlots stats={workload.stats} />}
            {stage >= 2 && (
              <div className="wl-policy-row">
                <div
                  className={`segmented ${busy ? 'disabled' : ''}`}
                  role="radiogroup"
                  aria-label="Policy of the maps and timeline"
                >
                  <span className="field-label">Maps and timeline</span>
                  {POLICY_KINDS.map((k) => (
                    <label key={k} className={policy === k ? 'on' : ''}>
                      <input
                        type="radio"
                        name="wl-policy"
                        value={k}
                        checked={policy === k}
                        disabled={busy}
                        onChange={() => void setPolicy(k)}
                      />
                      <i className="wl-dot" style={{ background: POLICY_COLOUR[k] }} aria-hidden="true" /> {k}
                    </label>
                  ))}
                </div>
                <span className="muted small">
                  ←/→ step · Shift+←/→ or PageUp/PageDown jump 1% · Home/End · wheel over the track zooms
                </span>
              </div>
            )}
            {stage >= 2 && <WorkloadTimeline t={timeline} onDetail={onDetail} />}
            {stage >= 3 && (
              <FleetMap
                t={timeline}
                cursor={cursor}
                changes={detail && detail.index === cursor - 1 ? detail.changes : null}
              />
            )}
          </>
        ) : (
          !sweep && <div className="wl-empty">No result yet.</div>
        )}
      </div>
    </section>
  );
}
