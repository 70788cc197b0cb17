/**
 * Keys in the embed view, when its frame has the focus: the step and blank keys of the
 * shared key map (key-map.ts), so a clicker does here what it does in presenter mode.
 * Nothing else: the slide deck around it owns the rest of the keyboard.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../store/store.ts';
import { keyAction } from '../key-map.ts';
import { onControl, stepAction } from '../keyboard.ts';

export function useEmbedKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const s = useAppStore.getState();
      const action = keyAction(e.key, { mode: 'embed', blank: s.blank });
      if (!action || (e.key === ' ' && onControl(e.target))) return;
      if (stepAction(action, s)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
