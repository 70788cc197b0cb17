/**
 * What the page is doing while a scenario opens: a large file takes seconds to read and run
 * under each policy shown, and a page that says nothing meanwhile looks broken. Shown only
 * when opening takes longer than a blink, so bundled scenarios never flash it.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../store/store.ts';
import { quote } from '../store/notice-text.ts';
import type { Opening } from '../store/scenario-slice.ts';
import { duration } from './format.ts';

const SHOW_AFTER_MS = 400;

function size(chars: number): string {
  return chars >= 1 << 20 ? `${(chars / (1 << 20)).toFixed(1)} MiB` : chars >= 1024 ? `${Math.round(chars / 1024)} KiB` : `${chars} characters`;
}

/** How far an open is, in whole percent; null while it is still reading the text. */
export function openingPercent(p: Opening['progress']): number | null {
  return p && p.phase !== 'reading' && p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : null;
}

export function OpeningStatus() {
  const opening = useAppStore((s) => s.opening);
  const busy = opening !== null;
  const [shown, setShown] = useState(false);
  useEffect(() => {
    setShown(false);
    if (!busy) return;
    const t = window.setTimeout(() => setShown(true), SHOW_AFTER_MS);
    return () => window.clearTimeout(t);
  }, [busy]);
  if (!opening || !shown) return null;
  const p = opening.progress;
  const pct = openingPercent(p);
  const phase = p && opening.verb === 'Running' ? p.phase.replace(/^running /, '') : p?.phase;
  const what = !p || p.phase === 'reading' ? 'reading and checking it' : p.phase === 'done' ? 'drawing the step' : phase;
  return (
    <div className="opening-status" role="status" aria-live="polite">
      <p>
        {opening.verb} <strong>“{quote(opening.name)}”</strong> ({size(opening.chars)}): {what}
        {pct !== null && p!.phase !== 'done' ? ` · ${pct}%` : ''}
        {p?.etaMs != null && p.phase !== 'done' ? ` · about ${duration(p.etaMs)} left` : ''}
      </p>
      <progress max={100} value={pct ?? undefined} aria-label={opening.verb === 'Opening' ? 'Opening the scenario' : 'Running the scenario'} />
    </div>
  );
}
