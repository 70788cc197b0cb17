/** The timeline: caption, transport controls, scrubber and the event strip with outcome chips. */
import { useEffect, useRef } from 'react';
import { POLICY_KINDS } from '../core/model/types.ts';
import { useAppStore, useLength } from '../store/store.ts';
import { chipText, eventLabel, eventSentence } from './format.ts';
import { IconBack, IconFirst, IconForward, IconLast, IconPause, IconPlay } from './icons.tsx';
import { pointerFocus, releaseIfPointer } from './pointer-focus.ts';
import { differingEvents, outcomeAt } from './selectors.ts';

const SPEEDS = [0.5, 1, 2, 4];
const SHORT: Record<string, string> = { global: 'gl', local: 'lo', split: 'sp', linux: 'lx' };

export function Caption() {
  const cursor = useAppStore((s) => s.cursor);
  const scenario = useAppStore((s) => s.scenario);
  const run = useAppStore((s) => (s.compare ? s.runs.split : s.runs[s.policy]));
  const compare = useAppStore((s) => s.compare);
  const length = useLength();
  if (!scenario) return null;
  const o = outcomeAt(run, cursor);
  const e = cursor > 0 ? scenario.events[cursor - 1] : undefined;
  return (
    <div className="caption" aria-live="polite" aria-label="Caption">
      <div className="caption-step">
        {cursor === 0 ? 'Start' : `Step ${cursor}`}
        <span className="muted"> / {length}</span>
      </div>
      <div className="caption-body">
        {e ? (
          <>
            <div className="caption-line">
              <span className="caption-op">{e.op}</span> {eventSentence(e)}
              {!compare && o && <span className={`chip big ${o.ok ? 'ok' : 'fail'}`}>{chipText(o)}</span>}
            </div>
            {e.note ? <div className="caption-note">“{e.note}”</div> : !compare && o ? <div className="caption-msg">{o.message}</div> : null}
          </>
        ) : (
          <div className="caption-line muted">Before the first event. Press → or Space to step through the scenario.</div>
        )}
      </div>
    </div>
  );
}

export function TimelineBar() {
  const cursor = useAppStore((s) => s.cursor);
  const playing = useAppStore((s) => s.playing);
  const speed = useAppStore((s) => s.speed);
  const seek = useAppStore((s) => s.seek);
  const step = useAppStore((s) => s.step);
  const setPlaying = useAppStore((s) => s.setPlaying);
  const setSpeed = useAppStore((s) => s.setSpeed);
  const length = useLength();
  return (
    <div className="timeline" role="group" aria-label="Timeline">
      <div className="transport">
        <button type="button" className="icon-btn" aria-label="First step (Home)" onClick={() => seek(0)} disabled={cursor === 0}>
          <IconFirst />
        </button>
        <button type="button" className="icon-btn" aria-label="Step back (Left arrow)" onClick={() => step(-1)} disabled={cursor === 0}>
          <IconBack />
        </button>
        <button type="button" className="icon-btn play" aria-label={playing ? 'Pause (Space)' : 'Play (Space)'} onClick={() => setPlaying(!playing)}>
          {playing ? <IconPause /> : <IconPlay />}
        </button>
        <button type="button" className="icon-btn" aria-label="Step forward (Right arrow)" onClick={() => step(1)} disabled={cursor >= length}>
          <IconForward />
        </button>
        <button type="button" className="icon-btn" aria-label="Last step (End)" onClick={() => seek(length)} disabled={cursor >= length}>
          <IconLast />
        </button>
        <label className="speed">
          <span className="field-label">Speed</span>
          <select
            aria-label="Playback speed"
            value={speed}
            {...pointerFocus}
            onChange={(e) => {
              releaseIfPointer(e.currentTarget);
              setSpeed(Number(e.target.value));
            }}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <input
          className="scrubber"
          type="range"
          min={0}
          max={length}
          step={1}
          value={cursor}
          aria-label="Step"
          aria-valuetext={`step ${cursor} of ${length}`}
          onChange={(e) => seek(Number(e.target.value))}
        />
        <span className="counter" aria-hidden="true">
          {cursor} / {length}
        </span>
      </div>
      <EventStrip />
    </div>
  );
}

function EventStrip() {
  const scenario = useAppStore((s) => s.scenario);
  const runs = useAppStore((s) => s.runs);
  const compare = useAppStore((s) => s.compare);
  const policy = useAppStore((s) => s.policy);
  const cursor = useAppStore((s) => s.cursor);
  const seek = useAppStore((s) => s.seek);
  const listRef = useRef<HTMLOListElement>(null);
  const differ = differingEvents(runs);

  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>('[data-current="true"]');
    el?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [cursor]);

  if (!scenario) return null;
  const run = runs[policy];
  return (
    <ol className="event-strip" ref={listRef} aria-label="Events">
      {scenario.events.map((e, i) => {
        const o = run?.outcomes[i];
        const current = cursor === i + 1;
        const done = cursor > i;
        const diff = compare && differ?.[i];
        const failedExpect = !compare && run?.expectations.failed.some((f) => f.index === i);
        const warn = !compare && run?.warnings.some((w) => w.index === i);
        const chips = compare ? POLICY_KINDS.map((k) => ({ k, o: runs[k]?.outcomes[i] })) : [];
        const name = `Event ${i + 1}: ${e.op} ${eventLabel(e)} — ${
          compare ? chips.map((c) => `${c.k} ${chipText(c.o)}`).join(', ') : chipText(o)
        }${diff ? ' (policies differ)' : ''}`;
        return (
          <li key={i} data-current={current} className={`event ${current ? 'current' : ''} ${done ? 'done' : ''}`}>
            <button type="button" aria-label={name} aria-current={current ? 'step' : undefined} onClick={() => seek(i + 1)}>
              <span className="event-top">
                <span className="event-index">{i + 1}</span>
                <span className="event-op">{e.op}</span>
                {diff && (
                  <span className="differ" title="the policies' outcomes differ here">
                    ≠
                  </span>
                )}
                {warn && (
                  <span className="warn-dot" title="I8 warning raised here">
                    !
                  </span>
                )}
                {failedExpect && (
                  <span className="warn-dot bad" title="an expectation failed here">
                    ✗
                  </span>
                )}
              </span>
              <span className="event-actor">{eventLabel(e)}</span>
              {compare ? (
                <span className="event-chips">
                  {chips.map((c) => (
                    <span key={c.k} className={`chip tiny ${c.o?.ok ? 'ok' : 'fail'}`} title={`${c.k}: ${chipText(c.o)}`}>
                      <span className="chip-key">{SHORT[c.k]}</span>
                      {chipText(c.o)}
                    </span>
                  ))}
                </span>
              ) : (
                o && <span className={`chip ${o.ok ? 'ok' : 'fail'}`}>{chipText(o)}</span>
              )}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
