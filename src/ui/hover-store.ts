/**
 * What the pointer (or the maps' keyboard cursor) is over: a transient store of its own,
 * so hovering re-renders the tooltip and nothing else (DESIGN.md convention 5, zustand
 * transient updates). A new cell sets `info` (the tooltip renders its words once); a
 * pointer moving within the same cell only moves it (`move`: the tooltip follows through
 * a subscription, without rendering).
 */
import { create } from 'zustand';

export interface HoverInfo {
  x: number;
  y: number;
  title: string;
  lines: string[];
  tone?: 'conflict' | 'normal';
}

interface HoverState {
  info: HoverInfo | null;
  /** where the tooltip points, in client coordinates */
  pos: { x: number; y: number };
  set(info: HoverInfo | null): void;
  move(x: number, y: number): void;
}

export const useHover = create<HoverState>()((set) => ({
  info: null,
  pos: { x: 0, y: 0 },
  set: (info) => set(info ? { info, pos: { x: info.x, y: info.y } } : { info: null }),
  move: (x, y) => set({ pos: { x, y } }),
}));

/** Two tooltips say the same thing (a pointer still over one cell). */
export function sameWords(a: Pick<HoverInfo, 'title' | 'lines' | 'tone'> | null, b: Pick<HoverInfo, 'title' | 'lines' | 'tone'> | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.title !== b.title || a.tone !== b.tone || a.lines.length !== b.lines.length) return false;
  return a.lines.every((l, i) => l === b.lines[i]);
}

/** Show `words` at (x, y): a render of the tooltip only when the words change. */
export function hoverAt(x: number, y: number, words: Pick<HoverInfo, 'title' | 'lines' | 'tone'>): void {
  const s = useHover.getState();
  if (s.info && sameWords(s.info, words)) s.move(x, y);
  else s.set({ x, y, ...words });
}
