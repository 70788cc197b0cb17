/**
 * Keys in the embed view, when its frame has the focus: arrows and PageUp/PageDown step,
 * Home/End jump. Nothing else: the slide deck around it owns the rest of the keyboard.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../store/store.ts';

export function useEmbedKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
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
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
