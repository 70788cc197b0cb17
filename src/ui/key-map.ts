/**
 * The one key map of the page and of the embed view, so a presentation remote (a clicker)
 * does the same in both. Clickers send PageDown / PageUp (some → / ← or Space) to step,
 * `.` or `B` to blank the screen, Esc and F5 to leave or start a show. Pure: which action
 * a key means in a mode; keyboard.ts and embed-keys.ts carry the actions out, and the
 * keyboard help (`?`) is written from KEY_GROUPS.
 */

export type KeyAction =
  | 'next'
  | 'prev'
  | 'first'
  | 'last'
  | 'play'
  | 'blank'
  | 'presenter'
  | 'leave'
  | 'fullscreen'
  | 'details'
  | 'editor'
  | 'state-table'
  | 'help'
  | 'search'
  | 'deselect';

/** app: the page with its chrome; presenter: presenter mode; embed: the `?embed` view in a slide. */
export type KeyMode = 'app' | 'presenter' | 'embed';

export interface KeyState {
  mode: KeyMode;
  /** the screen is blanked: only the blank keys (and Esc in presenter mode) act */
  blank: boolean;
}

const STEP_KEYS: ReadonlyMap<string, KeyAction> = new Map<string, KeyAction>([
  ['ArrowRight', 'next'],
  ['PageDown', 'next'],
  ['ArrowLeft', 'prev'],
  ['PageUp', 'prev'],
  ['Home', 'first'],
  ['End', 'last'],
]);

const BLANK_KEYS: ReadonlySet<string> = new Set(['.', 'b', 'B']);

/** The action of `key` in `st`, or null when the key is not the page's. */
export function keyAction(key: string, st: KeyState): KeyAction | null {
  const { mode } = st;
  const blanking = mode !== 'app' && BLANK_KEYS.has(key);
  if (st.blank) return blanking ? 'blank' : mode === 'presenter' && key === 'Escape' ? 'leave' : null;
  if (blanking) return 'blank';
  const step = STEP_KEYS.get(key);
  if (step) return step;
  // A clicker's "next" may be Space; at a desk Space plays.
  if (key === ' ') return mode === 'app' ? 'play' : 'next';
  if (mode === 'embed') return null;
  switch (key) {
    case 'p':
    case 'P':
      return 'presenter';
    case 'Escape':
      return mode === 'presenter' ? 'leave' : 'deselect';
    case 'f':
    case 'F':
      return mode === 'presenter' ? 'fullscreen' : null;
    case 'd':
    case 'D':
      return mode === 'app' ? 'details' : null;
    case 'e':
    case 'E':
      return mode === 'app' ? 'editor' : null;
    case 't':
    case 'T':
      return mode === 'app' ? 'state-table' : null;
    case '?':
      return mode === 'app' ? 'help' : null;
    case '/':
      return mode === 'app' ? 'search' : null;
    default:
      return null;
  }
}

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
    where: 'In presenter mode (a clicker sends these)',
    entries: [
      { keys: ['→', 'PageDown', 'Space'], what: 'next step' },
      { keys: ['←', 'PageUp'], what: 'previous step' },
      { keys: ['.', 'B'], what: 'blank the screen; again to show it' },
      { keys: ['F'], what: 'fullscreen, or back' },
      { keys: ['Esc'], what: 'leave presenter mode' },
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
