/**
 * The page's keys (the map is key-map.ts, shared with the embed view) and playback: step,
 * play, presenter mode, fullscreen, blank screen, details, editor, the state table, the
 * search box, the keyboard help.
 */
import { useEffect } from 'react';
import { useAppStore, type AppState } from '../store/store.ts';
import { keyAction, type KeyAction } from './key-map.ts';
import { leavePresenter, toggleFullscreen, togglePresenter } from './presenter-control.ts';

/** The search box's id: `/` focuses it. */
export const SEARCH_BOX_ID = 'search-box';

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

export function onControl(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'BUTTON' || el.tagName === 'A' || el.tagName === 'SUMMARY');
}

/** The step keys' actions, the same in the page and the embed view; false for any other. */
export function stepAction(a: KeyAction, s: AppState): boolean {
  switch (a) {
    case 'next':
      s.step(1);
      return true;
    case 'prev':
      s.step(-1);
      return true;
    case 'first':
      s.seek(0);
      return true;
    case 'last':
      s.seek(Number.MAX_SAFE_INTEGER);
      return true;
    case 'blank':
      s.setBlank(!s.blank);
      return true;
    default:
      return false;
  }
}

function pageAction(a: KeyAction, s: AppState): boolean {
  if (stepAction(a, s)) return true;
  switch (a) {
    case 'play':
      s.setPlaying(!s.playing);
      return true;
    case 'presenter':
      togglePresenter();
      return true;
    case 'leave':
      leavePresenter();
      return true;
    case 'fullscreen':
      toggleFullscreen();
      return true;
    case 'details':
      s.setDetails(!s.details);
      return true;
    case 'editor':
      s.setEditorOpen(!s.editorOpen);
      return true;
    case 'state-table':
      s.setStateTableOpen(!s.stateTableOpen);
      return true;
    case 'help':
      s.setKeyHelpOpen(true);
      return true;
    case 'search': {
      const box = document.getElementById(SEARCH_BOX_ID);
      if (!box) return false;
      box.focus();
      return true;
    }
    case 'deselect':
      s.select(null);
      // Esc also closes what else listens for it (the editor): not prevented.
      return false;
    default:
      return false;
  }
}

export function useKeyboard() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (typing(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const s = useAppStore.getState();
      const action = keyAction(e.key, { mode: s.presenter ? 'presenter' : 'app', blank: s.blank });
      if (!action) return;
      // A focused button keeps its own Space.
      if (e.key === ' ' && onControl(e.target)) return;
      if (pageAction(action, s)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function usePlayback() {
  const playing = useAppStore((s) => s.playing);
  const speed = useAppStore((s) => s.speed);
  useEffect(() => {
    if (!playing) return;
    const id = window.setInterval(() => useAppStore.getState().step(1), 1400 / speed);
    return () => window.clearInterval(id);
  }, [playing, speed]);
}
