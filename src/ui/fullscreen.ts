/**
 * The Fullscreen API behind a small, failure-proof surface: a page in an iframe without
 * `allow="fullscreen"`, a browser without the API, or a request without a user gesture
 * (after a reload) all end in `false`, and presenter mode fills the window instead.
 */
import { useSyncExternalStore } from 'react';

/** Whether this page may go fullscreen at all. */
export function fullscreenAvailable(): boolean {
  return typeof document !== 'undefined' && document.fullscreenEnabled === true && typeof document.documentElement.requestFullscreen === 'function';
}

export function isFullscreen(): boolean {
  return typeof document !== 'undefined' && !!document.fullscreenElement;
}

/** Ask for fullscreen; true when the page is fullscreen after it. Never throws. */
export async function requestFullscreen(): Promise<boolean> {
  if (isFullscreen()) return true;
  if (!fullscreenAvailable()) return false;
  try {
    await document.documentElement.requestFullscreen({ navigationUI: 'hide' });
    return isFullscreen();
  } catch {
    return false;
  }
}

export async function exitFullscreen(): Promise<void> {
  if (!isFullscreen() || typeof document.exitFullscreen !== 'function') return;
  try {
    await document.exitFullscreen();
  } catch {
    // Already left (the browser's own Esc): nothing to undo.
  }
}

function subscribe(onChange: () => void): () => void {
  document.addEventListener('fullscreenchange', onChange);
  return () => document.removeEventListener('fullscreenchange', onChange);
}

/** Whether the page is fullscreen now, as React state. */
export function useFullscreen(): boolean {
  return useSyncExternalStore(subscribe, isFullscreen, () => false);
}
