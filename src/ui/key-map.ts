/**
 * The one key map of the page and of the embed view, so a presentation remote (a clicker)
 * does the same in both. Clickers send PageDown / PageUp (some → / ← or Space) to step,
 * `.` or `B` to blank the screen, Esc and F5 to leave or start a show. Pure: which action
 * a key means in a mode; keyboard.ts and embed-keys.ts carry the actions out, and the
 * legend's key help is written from KEY_HELP.
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
    default:
      return null;
  }
}

/** The keys as the legend lists them: what to press, and what it does. */
export const KEY_HELP: readonly { keys: string; what: string }[] = [
  { keys: '→ / PageDown', what: 'next step' },
  { keys: '← / PageUp', what: 'previous step' },
  { keys: 'Home / End', what: 'first / last step' },
  { keys: 'Space', what: 'play (in presenter mode: next step)' },
  { keys: 'P', what: 'presenter mode' },
  { keys: 'F', what: 'fullscreen (presenter mode)' },
  { keys: '. or B', what: 'blank the screen, again to show it (presenter mode)' },
  { keys: 'Esc', what: 'leave presenter mode; else clear the selection or close the editor' },
  { keys: 'D', what: 'details column' },
  { keys: 'E', what: 'scenario editor' },
];
