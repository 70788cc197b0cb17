/**
 * Entering and leaving presenter mode with the fullscreen that goes with it. Fullscreen is
 * asked for in the same user gesture that enters the mode (a browser refuses it otherwise),
 * and the mode works without it: the layout fills the window either way.
 *
 * The browser's own Esc leaves fullscreen without telling the page about the key, so
 * leaving fullscreen while presenting leaves presenter mode too, unless the page left it
 * itself (F toggles fullscreen and stays presenting).
 */
import { useEffect } from 'react';
import { useAppStore } from '../store/store.ts';
import { exitFullscreen, isFullscreen, requestFullscreen } from './fullscreen.ts';

/** Set while the page itself leaves fullscreen and presenter mode should stay. */
let keepPresenting = false;
/** Whether the fullscreen in force was asked for by presenter mode. */
let ours = false;

async function goFullscreen(): Promise<void> {
  ours = await requestFullscreen();
}

export function enterPresenter(): void {
  useAppStore.getState().setPresenter(true);
  void goFullscreen();
}

export function leavePresenter(): void {
  useAppStore.getState().setPresenter(false);
  ours = false;
  void exitFullscreen();
}

export function togglePresenter(): void {
  if (useAppStore.getState().presenter) leavePresenter();
  else enterPresenter();
}

/** F in presenter mode: fullscreen on or off, presenter mode stays. */
export function toggleFullscreen(): void {
  if (isFullscreen()) {
    keepPresenting = true;
    ours = false;
    void exitFullscreen();
  } else void goFullscreen();
}

/** Keep presenter mode and fullscreen in step; the App mounts it once. */
export function usePresenterFullscreen(): void {
  const presenter = useAppStore((s) => s.presenter);
  useEffect(() => {
    // Presenter mode left some other way (a link, Back): its fullscreen goes too.
    if (!presenter && ours) leavePresenter();
  }, [presenter]);
  useEffect(() => {
    const onChange = () => {
      if (isFullscreen()) return;
      const wasOurs = ours;
      ours = false;
      if (keepPresenting) {
        keepPresenting = false;
        return;
      }
      if (wasOurs && useAppStore.getState().presenter) useAppStore.getState().setPresenter(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
}
