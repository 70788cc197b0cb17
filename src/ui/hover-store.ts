/**
 * What the pointer is over: a transient store of its own, so hovering re-renders the
 * tooltip and nothing else (DESIGN.md convention 5, zustand transient updates).
 */
import { create } from 'zustand';

export interface HoverInfo {
  x: number;
  y: number;
  title: string;
  lines: string[];
  tone?: 'conflict' | 'normal';
}

export const useHover = create<{ info: HoverInfo | null; set(info: HoverInfo | null): void }>()((set) => ({
  info: null,
  set: (info) => set({ info }),
}));
