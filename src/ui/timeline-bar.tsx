/** The timeline: caption, transport controls, scrubber and the event strip (event-strip.tsx) with outcome chips. */
import { useAppStore, useLength } from '../store/store.ts';
import { EventStrip } from './event-strip.tsx';
import { chipTone, eventSentence } from './format.ts';
import { IconBack, IconFirst, IconForward, IconLast, IconPause, IconPlay } from './icons.tsx';
import { pointerFocus, releaseIfPointer } from './pointer-focus.ts';
import { useStep } from './selectors.ts';

const SPEEDS = [0.5, 1, 2, 4];

export function Caption() {
  const scenario = useAppStore((s) => s.scenario);
  const key = useAppStore((s) => (s.compare ? 'split' : s.policy));
  const compare = useAppStore((s) => s.compare);
  const length = useLength();
  const { cursor, event: e, fields: o, chip, outcome } = useStep(key);
  if (!scenario) return null;
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
              <span className="caption-op">{e.op}</span> <span className="caption-sentence">{eventSentence(e)}</span>
              {!compare && o && <span className={`chip big ${chipTone(o)}`}>{chip}</span>}
            </div>
            {e.note ? <div className="caption-note">“{e.note}”</div> : !compare && outcome ? <div className="caption-msg">{outcome.message}</div> : null}
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
