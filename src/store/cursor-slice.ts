/**
 * A cursor over a run: 0..length, moved by seek and step, clamped, with play. One creator
 * serves the scenario view's cursor and the Workloads panel's (which does not play).
 */

export interface CursorState {
  cursor: number;
  playing: boolean;
  /** steps per second */
  speed: number;
}

export const CURSOR_START: CursorState = { cursor: 0, playing: false, speed: 1 };

export interface CursorControl {
  seek(c: number): void;
  step(delta: number): void;
  setPlaying(on: boolean): void;
  setSpeed(speed: number): void;
}

/**
 * The actions of a cursor kept somewhere in the store: `read` gives it and its run's
 * length, `write` stores a change under an action name, `moved` follows every move of the
 * cursor (fetch the frames at the new one).
 */
export function cursorControl(
  read: () => { state: CursorState; length: number },
  write: (patch: Partial<CursorState>, action: string) => void,
  moved: () => void,
): CursorControl {
  const clamp = (c: number, length: number) => Math.max(0, Math.min(length, Math.round(c)));
  return {
    seek(c) {
      const { state, length } = read();
      const cursor = clamp(c, length);
      if (cursor === state.cursor) return;
      write({ cursor }, 'timeline/seek');
      moved();
    },
    step(delta) {
      const { state, length } = read();
      const cursor = clamp(state.cursor + delta, length);
      if (cursor === state.cursor) {
        if (state.playing) write({ playing: false }, 'timeline/end');
        return;
      }
      write({ cursor }, 'timeline/step');
      moved();
    },
    setPlaying(on) {
      const { state, length } = read();
      // Play from the start when the cursor is at the end.
      if (on && state.cursor >= length) {
        write({ playing: true, cursor: 0 }, 'timeline/play');
        moved();
        return;
      }
      write({ playing: on }, on ? 'timeline/play' : 'timeline/pause');
    },
    setSpeed(speed) {
      write({ speed }, 'timeline/speed');
    },
  };
}
