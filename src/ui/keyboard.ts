/**
 * The page's keys: the table every key the app answers to is listed in (the keyboard
 * help renders it, and the handlers here and elsewhere are described by it), and the
 * page-wide handler: arrows / PageUp / PageDown step, Space plays, Home / End, P
 * presenter, D details, E editor, T the state table, / the search box, ? the help.
 */
import { useEffect } from 'react';
import { useAppStore } from '../store/store.ts';

export interface KeyEntry {
  /** the keys, each as a reader would press it */
  keys: readonly string[];
  what: string;
}

export interface KeyGroup {
  /** where the keys work */
  where: string;
  entries: readonly KeyEntry[];
}

/** Every key the app answers to, by where it works. Keep in step with the handlers. */
export const KEY_GROUPS: readonly KeyGroup[] = [
  {
    where: 'Anywhere on the page',
    entries: [
      { keys: ['→', 'PageDown'], what: 'next step' },
      { keys: ['←', 'PageUp'], what: 'previous step' },
      { keys: ['Home', 'End'], what: 'first step, last step' },
      { keys: ['Space'], what: 'play or pause' },
      { keys: ['/'], what: 'the search box' },
      { keys: ['T'], what: 'the state table in place of the maps, or back' },
      { keys: ['P'], what: 'presenter mode (big type)' },
      { keys: ['D'], what: 'the side column (details)' },
      { keys: ['E'], what: 'the scenario editor (Esc closes it)' },
      { keys: ['?'], what: 'this list of keys' },
      { keys: ['Esc'], what: 'clear the selection; close a dialog' },
      { keys: ['Ctrl+Z'], what: 'undo an edit' },
      { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], what: 'redo an edit' },
    ],
  },
  {
    where: 'In the search box',
    entries: [
      { keys: ['Enter'], what: 'go to the next match' },
      { keys: ['Shift+Enter'], what: 'go to the previous match' },
      { keys: ['Esc'], what: 'clear the search' },
    ],
  },
  {
    where: 'On a range map (Tab to it)',
    entries: [
      { keys: ['←', '→', '↑', '↓'], what: 'move between the used PASIDs' },
      { keys: ['Enter', 'Space'], what: 'select the process, or clear it' },
      { keys: ['+', '−'], what: 'zoom in about the cursor, zoom out' },
    ],
  },
  {
    where: 'In the event strip',
    entries: [{ keys: ['Tab'], what: 'focus an event: its cells are marked on the maps; Enter goes to it' }],
  },
  {
    where: 'With the Workloads panel open',
    entries: [
      { keys: ['←', '→'], what: 'step the workload' },
      { keys: ['Shift+←', 'Shift+→', 'PageUp', 'PageDown'], what: 'step a hundredth of the run' },
      { keys: ['Home', 'End'], what: 'first event, last event' },
    ],
  },
];

/** The search box's id: `/` focuses it. */
export const SEARCH_BOX_ID = 'search-box';

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
        case 't':
        case 'T':
          s.setStateTableOpen(!s.stateTableOpen);
          break;
        case '?':
          s.setKeyHelpOpen(true);
          break;
        case '/': {
          const box = document.getElementById(SEARCH_BOX_ID);
          if (!box) return;
          box.focus();
          break;
        }
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
