/**
 * What presenter mode puts over the maps: the step's caption as an overlay at the bottom,
 * a small way out in the corner for a mouse user (shown when the pointer moves, hidden
 * again after a while), and, when the page is not fullscreen, the hint to press F (after
 * a reload a browser refuses fullscreen until a key or a click).
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore, useLength } from '../store/store.ts';
import { fullscreenAvailable, useFullscreen } from './fullscreen.ts';
import { leavePresenter, toggleFullscreen } from './presenter-control.ts';
import { Caption } from './timeline-bar.tsx';

/** How long the corner controls stay after the pointer last moved, and the hint after it shows. */
const SHOW_MS = 2500;
const HINT_MS = 8000;

function useRecentPointer(): boolean {
  const [moved, setMoved] = useState(false);
  const timer = useRef(0);
  useEffect(() => {
    const onMove = () => {
      setMoved(true);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setMoved(false), SHOW_MS);
    };
    window.addEventListener('pointermove', onMove, { passive: true });
    return () => {
      window.removeEventListener('pointermove', onMove);
      window.clearTimeout(timer.current);
    };
  }, []);
  return moved;
}

export function PresenterChrome() {
  const fullscreen = useFullscreen();
  const pointer = useRecentPointer();
  const length = useLength();
  const cursor = useAppStore((s) => s.cursor);
  const [hint, setHint] = useState(true);
  // The hint shows when the page is (again) not fullscreen, then steps aside.
  useEffect(() => {
    if (fullscreen) return;
    setHint(true);
    const t = window.setTimeout(() => setHint(false), HINT_MS);
    return () => window.clearTimeout(t);
  }, [fullscreen]);
  const canFullscreen = fullscreenAvailable();
  const showHint = !fullscreen && canFullscreen && (hint || pointer);
  return (
    <>
      <div className="presenter-caption">
        <Caption />
        <div className="presenter-progress" aria-hidden="true">
          <span style={{ width: `${length ? (100 * cursor) / length : 0}%` }} />
        </div>
      </div>
      {showHint && (
        <p className="presenter-hint" role="status">
          press <kbd>F</kbd> for fullscreen
        </p>
      )}
      {/* Focusable at any time; only its look waits for the pointer, so it never distracts the room. */}
      <div className={`presenter-corner ${pointer ? 'shown' : ''}`}>
        {canFullscreen && (
          <button type="button" className="presenter-btn" onClick={toggleFullscreen} aria-pressed={fullscreen} title="Fullscreen on or off (key F)">
            Fullscreen
          </button>
        )}
        <button type="button" className="presenter-btn" onClick={leavePresenter} title="Leave presenter mode (Esc)">
          ✕ Leave presenter
        </button>
      </div>
    </>
  );
}
