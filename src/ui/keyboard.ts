/** Presenter keys and playback: arrows / PageUp / PageDown step, Space plays, Home / End, P presenter, D details, E editor. */
import { useEffect } from 'react';
import { useAppStore } from '../store/store.ts';

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

function onControl(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'BUTTON' || el.tagName === 'A' || el.tagName === 'SUMMARY');
}

export function useKeyboard() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (typing(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const s = useAppStore.getState();
      switch (e.key) {
        case 'ArrowRight':
        case 'PageDown':
          s.step(1);
          break;
        case 'ArrowLeft':
        case 'PageUp':
          s.step(-1);
          break;
        case 'Home':
          s.seek(0);
          break;
        case 'End':
          s.seek(Number.MAX_SAFE_INTEGER);
          break;
        case ' ':
          // A focused button keeps its own Space.
          if (onControl(e.target)) return;
          s.setPlaying(!s.playing);
          break;
        case 'p':
        case 'P':
          s.setPresenter(!s.presenter);
          break;
        case 'd':
        case 'D':
          s.setDetails(!s.details);
          break;
        case 'e':
        case 'E':
          s.setEditorOpen(!s.editorOpen);
          break;
        case 'Escape':
          s.select(null);
          return;
        default:
          return;
      }
      e.preventDefault();
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
