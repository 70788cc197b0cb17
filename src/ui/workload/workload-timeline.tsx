/**
 * The workload's timeline: every event of the run on one canvas strip, aggregated per
 * pixel column (how many failed, where the migrations are and whether they failed),
 * scrubbable by pointer, slider and keys, with the current event's full outcome.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { scaleLinear } from 'd3-scale';
import { CODE_ENGINE, CODE_OK, codeName } from '../../core/timeline/outcome-columns.ts';
import { outcomeLabel } from '../../core/view/outcome-label.ts';
import { useAppStore } from '../../store/store.ts';
import { workloadEngine } from '../../store/jobs-slice.ts';
import type { EventDetail, TimelineInfo } from '../../worker/worker-engine.ts';
import { eventSentence } from '../format.ts';
import { THEME } from '../palette.ts';
import { findEvent } from './prefix.ts';
import { IconBack, IconFirst, IconForward, IconLast } from '../icons.tsx';

const STRIP_H = 54;

export function WorkloadTimeline({
  t,
  onDetail,
}: {
  t: TimelineInfo;
  onDetail(d: EventDetail | null): void;
}) {
  const cursor = useAppStore((s) => s.wlCursor);
  const seek = useAppStore((s) => s.seekWorkload);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [detail, setDetail] = useState<EventDetail | null>(null);
  const sums = { failed: t.failedBefore, mig: t.migrationsBefore, migFailed: t.migrationFailuresBefore };
  const n = t.length;

  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => ro.disconnect();
  }, []);

  // Paint the strip: cheap (two lookups per column), so on every cursor change.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(STRIP_H * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = THEME.track;
    ctx.fillRect(0, 0, width, STRIP_H);
    const lane = 12;
    const base = STRIP_H - 16;
    for (let x = 0; x < width; x++) {
      const a = Math.floor((x * n) / width);
      const b = Math.max(a + 1, Math.floor(((x + 1) * n) / width));
      if (a >= n) break;
      const len = b - a;
      const f = (t.failedBefore[b] - t.failedBefore[a]) / len;
      const h = base - lane - 2;
      ctx.fillStyle = 'rgba(63,207,154,0.22)';
      ctx.fillRect(x, lane + 2, 1, h);
      if (f > 0) {
        ctx.fillStyle = THEME.conflictFill;
        const fh = Math.max(1, f * h);
        ctx.fillRect(x, base - fh, 1, fh);
      }
      const m = t.migrationsBefore[b] - t.migrationsBefore[a];
      if (m > 0) {
        const mf = t.migrationFailuresBefore[b] - t.migrationFailuresBefore[a];
        ctx.fillStyle = mf > 0 ? THEME.conflict : '#56B4E9';
        ctx.globalAlpha = Math.min(1, 0.35 + (0.65 * m) / Math.max(1, len / 8));
        ctx.fillRect(x, 1, 1, lane);
        ctx.globalAlpha = 1;
      }
    }
    // Event axis.
    const xs = scaleLinear().domain([0, n]).range([0, width]);
    ctx.font = `10px ${getComputedStyle(canvas).fontFamily || 'sans-serif'}`;
    ctx.textBaseline = 'top';
    ctx.fillStyle = THEME.faint;
    for (const v of xs.ticks(Math.max(2, Math.floor(width / 110)))) {
      const x = xs(v);
      ctx.fillRect(Math.round(x), base, 1, 4);
      const label = v >= 1e6 ? `${v / 1e6}M` : v >= 1000 ? `${v / 1000}k` : String(v);
      const w = ctx.measureText(label).width;
      ctx.fillText(label, Math.max(0, Math.min(width - w, x - w / 2)), base + 4);
    }
    // The cursor.
    const cx = Math.round(xs(cursor));
    ctx.fillStyle = THEME.changed;
    ctx.fillRect(Math.min(width - 2, cx), 0, 2, base);
  }, [width, n, t, cursor]);

  // The current event's full outcome; the latest cursor wins.
  const asked = useRef(-1);
  useEffect(() => {
    const engine = workloadEngine();
    if (!engine || cursor === 0) {
      setDetail(null);
      onDetail(null);
      return;
    }
    asked.current = cursor;
    const id = requestAnimationFrame(() => {
      engine
        .event(t.policy, cursor - 1)
        .then((d) => {
          if (asked.current !== cursor) return;
          setDetail(d);
          onDetail(d);
        })
        .catch(() => {
          // a replaced engine: the next run brings its own timeline
        });
    });
    return () => cancelAnimationFrame(id);
  }, [cursor, t, onDetail]);

  const fromPointer = useCallback(
    (clientX: number) => {
      const r = canvasRef.current!.getBoundingClientRect();
      seek(Math.round(((clientX - r.left) / r.width) * n));
    },
    [seek, n],
  );
  const dragging = useRef(false);

  const jump = (dir: 1 | -1, what: 'failure' | 'migration failure') => {
    // From the event after (or before) the current one: cursor c shows event c - 1.
    const i = findEvent(
      what === 'failure' ? t.failedBefore : t.migrationFailuresBefore,
      dir > 0 ? cursor : cursor - 2,
      dir,
    );
    if (i >= 0) seek(i + 1);
  };

  const e = detail?.event;
  return (
    <section className="wl-card wl-timeline" aria-label="Workload timeline">
      <div className="wl-card-head">
        <h3>Timeline</h3>
        <span className="muted">
          {n.toLocaleString('en')} events under {t.policy} · failed: {sums.failed[n].toLocaleString('en')} ·
          migrations: {sums.mig[n].toLocaleString('en')} ({sums.migFailed[n].toLocaleString('en')} failed)
        </span>
        <div className="spacer" />
        <span className="wl-legend">
          <span>
            <i style={{ background: '#56B4E9' }} />
            migration
          </span>
          <span>
            <i style={{ background: THEME.conflict }} />
            failed migration
          </span>
          <span>
            <i style={{ background: THEME.conflictFill }} />
            failed events
          </span>
        </span>
      </div>
      <div ref={wrapRef} className="wl-strip-wrap">
        <canvas
          ref={canvasRef}
          className="wl-strip"
          style={{ width: '100%', height: STRIP_H }}
          aria-hidden="true"
          onPointerDown={(ev) => {
            dragging.current = true;
            ev.currentTarget.setPointerCapture(ev.pointerId);
            fromPointer(ev.clientX);
          }}
          onPointerMove={(ev) => dragging.current && fromPointer(ev.clientX)}
          onPointerUp={() => (dragging.current = false)}
        />
      </div>
      <div className="wl-controls">
        <button
          type="button"
          className="btn small"
          aria-label="First event"
          onClick={() => seek(0)}
          disabled={cursor === 0}
        >
          <IconFirst />
        </button>
        <button
          type="button"
          className="btn small"
          aria-label="Previous event"
          onClick={() => seek(cursor - 1)}
          disabled={cursor === 0}
        >
          <IconBack />
        </button>
        <input
          type="range"
          className="wl-scrubber"
          aria-label="Workload timeline position"
          min={0}
          max={n}
          step={1}
          value={cursor}
          aria-valuetext={`after event ${cursor} of ${n}`}
          onChange={(ev) => seek(Number(ev.target.value))}
        />
        <button
          type="button"
          className="btn small"
          aria-label="Next event"
          onClick={() => seek(cursor + 1)}
          disabled={cursor >= n}
        >
          <IconForward />
        </button>
        <button
          type="button"
          className="btn small"
          aria-label="Last event"
          onClick={() => seek(n)}
          disabled={cursor >= n}
        >
          <IconLast />
        </button>
        <span className="mono wl-pos">
          {cursor.toLocaleString('en')} / {n.toLocaleString('en')}
        </span>
        <button
          type="button"
          className="btn small"
          onClick={() => jump(-1, 'failure')}
          title="The previous event that failed"
        >
          Previous failure
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() => jump(1, 'failure')}
          title="The next event that failed"
        >
          Next failure
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() => jump(1, 'migration failure')}
          title="The next migration that failed"
        >
          Next failed migration
        </button>
      </div>
      <div className="wl-event" aria-live="polite">
        {cursor === 0 ? (
          <span className="muted">
            Before the first event{t.length ? '' : ': the run has no events'}. The maps show the initial
            state, fill included.
          </span>
        ) : detail && e ? (
          <>
            <span className="mono muted">#{detail.index.toLocaleString('en')}</span>{' '}
            <span className="wl-op">{e.op}</span> {eventSentence(e)}{' '}
            <span className={`wl-chip ${detail.ok ? 'ok' : 'fail'}`}>
              {outcomeLabel({ ...detail, op: e.op })}
            </span>
            <div className="wl-msg">{detail.message}</div>
            {detail.conflicts && detail.conflicts.length > 1 && (
              <ul className="wl-conflicts">
                {detail.conflicts.slice(0, 6).map((c, i) => (
                  <li key={i}>
                    <span className="wl-chip fail">{c.code}</span> {c.message}
                  </li>
                ))}
                {detail.conflicts.length > 6 && (
                  <li className="muted">and {detail.conflicts.length - 6} more</li>
                )}
              </ul>
            )}
          </>
        ) : (
          <span className="muted">
            event #{(cursor - 1).toLocaleString('en')}: {codeName(t.code[cursor - 1] ?? CODE_OK)}
            {t.code[cursor - 1] === CODE_ENGINE ? ' (an internal engine error)' : ''}
          </span>
        )}
      </div>
    </section>
  );
}
