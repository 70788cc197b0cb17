/**
 * Colours. Owners get Okabe–Ito hues (colour-blind safe); vermillion is kept for
 * conflicts and errors only, so red always means "this fails".
 */
import { holderKey, type Holder } from '../core/model/types.ts';

export const OWNER_COLOURS = [
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#F0E442', // yellow
  '#CC79A7', // reddish purple
  '#3D8FD1', // blue (Okabe–Ito #0072B2, lifted for a dark background)
  '#F5C46A', // light orange
  '#A6D8F5', // light sky
  '#5CC9A7', // light green
  '#E8B3D2', // light purple
] as const;

/** The canvas colours of one theme (the page's are CSS variables in styles/base.css and styles/light-theme.css, the same values). */
export interface Theme {
  name: 'dark' | 'light';
  bg: string;
  panel: string;
  track: string;
  trackAlt: string;
  grid: string;
  gridStrong: string;
  text: string;
  muted: string;
  faint: string;
  conflict: string;
  conflictFill: string;
  /** an ENQCMD breach: the work ran in another address space — a security event, not a fault */
  breach: string;
  /** a wire or a result that went through */
  ok: string;
  /** a `local` reservation without an entry: the number is kept, nothing maps it */
  reserved: string;
  changed: string;
  /** a PASID a migration kept: the same number on the destination */
  kept: string;
  /** a remapped PASID: its old → new link across the source and destination panels */
  remapped: string;
  /** the selected holder's rings */
  ring: string;
  hoverRing: string;
  /** the dark edge under links, wires and labels drawn over cells */
  halo: string;
  /** band edges down the rows */
  bandLine: string;
  /** label text over a halo (outside its cell) */
  labelInk: string;
  /** the keyboard cursor on the maps (the page's focus ring, --accent) */
  focus: string;
  /** cells the search box found (--found) */
  found: string;
  hatch: string;
  outside: string;
  tagGood: { bg: string; text: string };
  tagWarn: { bg: string; text: string };
  rowAccent: { g: string; guest: string; rid: string };
  bands: Record<'reserved' | 'guest' | 'shared' | 'global' | 'local' | 'linux' | 'unused', string>;
  bandText: Record<'reserved' | 'guest' | 'shared' | 'global' | 'local' | 'linux' | 'unused', string>;
}

export const DARK: Theme = {
  name: 'dark',
  bg: '#0d1117',
  panel: '#131922',
  track: '#19202a',
  trackAlt: '#1c2430',
  grid: '#2a3442',
  gridStrong: '#3a4658',
  text: '#e8eef5',
  muted: '#9aa8b8',
  // Minor ticks and the corner mark: lifted to 4.5:1 on the panel.
  faint: '#8593a3',
  conflict: '#FF6B4A',
  conflictFill: '#D55E00',
  breach: '#FF3DD4',
  ok: '#3fcf9a',
  reserved: 'rgba(232,238,245,0.55)',
  changed: '#ffffff',
  kept: '#3fcf9a',
  remapped: '#F0E442',
  ring: '#ffffff',
  hoverRing: 'rgba(255,255,255,0.85)',
  halo: 'rgba(8,11,16,0.95)',
  bandLine: 'rgba(255,255,255,0.18)',
  labelInk: '#ffffff',
  focus: '#56b4e9',
  found: '#d0b0ff',
  hatch: 'rgba(255,255,255,0.07)',
  outside: 'rgba(0,0,0,0.35)',
  tagGood: { bg: '#1d3a55', text: '#8fd0f5' },
  tagWarn: { bg: '#3a2f1a', text: '#f2c15a' },
  rowAccent: { g: '#f2c15a', guest: '#8fd0f5', rid: '#6b7888' },
  bands: {
    reserved: 'rgba(255,255,255,0.05)',
    guest: 'rgba(86,180,233,0.10)',
    shared: 'rgba(230,159,0,0.10)',
    global: 'rgba(204,121,167,0.09)',
    local: 'rgba(0,158,115,0.09)',
    linux: 'rgba(230,159,0,0.08)',
    unused: 'rgba(0,0,0,0.25)',
  },
  bandText: {
    reserved: '#9aa8b8',
    guest: '#8fd0f5',
    shared: '#f2c15a',
    global: '#e3a6c9',
    local: '#5fd0aa',
    linux: '#f2c15a',
    unused: '#8593a3',
  },
};

/** For papers and printed reviews: dark ink on white, the same hues darkened to read on it. */
export const LIGHT: Theme = {
  name: 'light',
  bg: '#ffffff',
  panel: '#f6f8fa',
  track: '#eaeef2',
  trackAlt: '#e2e7ec',
  grid: '#c9d1d9',
  gridStrong: '#8c959f',
  text: '#1f2328',
  muted: '#4d5966',
  faint: '#5a6673',
  conflict: '#b33b00',
  conflictFill: '#D55E00',
  breach: '#b0008e',
  ok: '#0a7a55',
  reserved: 'rgba(31,35,40,0.55)',
  changed: '#1f2328',
  kept: '#0a7a55',
  remapped: '#2668d4',
  ring: '#1f2328',
  hoverRing: 'rgba(31,35,40,0.85)',
  halo: 'rgba(255,255,255,0.95)',
  bandLine: 'rgba(31,35,40,0.25)',
  labelInk: '#1f2328',
  focus: '#0969da',
  found: '#998800',
  hatch: 'rgba(0,0,0,0.08)',
  outside: 'rgba(0,0,0,0.10)',
  tagGood: { bg: '#ddf4ff', text: '#0a4d80' },
  tagWarn: { bg: '#fff1d6', text: '#7a4a00' },
  rowAccent: { g: '#b07400', guest: '#1f78b4', rid: '#6e7781' },
  bands: {
    reserved: 'rgba(0,0,0,0.04)',
    guest: 'rgba(86,180,233,0.16)',
    shared: 'rgba(230,159,0,0.16)',
    global: 'rgba(204,121,167,0.16)',
    local: 'rgba(0,158,115,0.14)',
    linux: 'rgba(230,159,0,0.14)',
    unused: 'rgba(0,0,0,0.06)',
  },
  bandText: {
    reserved: '#4d5966',
    guest: '#0a4d80',
    shared: '#7a4a00',
    global: '#8a2f66',
    local: '#0a6145',
    linux: '#7a4a00',
    unused: '#5a6673',
  },
};

/**
 * The colours the renderer draws with: the current theme's. One object, swapped in place by
 * `useThemeColours` (theme.ts), so every drawing module reads the theme without a parameter.
 */
export const THEME: Theme = { ...DARK, bands: { ...DARK.bands }, bandText: { ...DARK.bandText } };

/** Make `t` the theme the renderer draws with. */
export function applyThemeColours(t: Theme): void {
  Object.assign(THEME, t, { bands: { ...t.bands }, bandText: { ...t.bandText } });
}

/** Every owner a scenario can produce, in the order it first appears: a stable colour per owner. */
export interface OwnerPalette {
  keys: string[];
  index: Map<string, number>;
  holders: Holder[];
}

const cache = new WeakMap<readonly Holder[], OwnerPalette>();

/** The palette of a scenario's owners (the engine lists them in order of first appearance). */
export function ownerPalette(s: { owners: readonly Holder[] }): OwnerPalette {
  const hit = cache.get(s.owners);
  if (hit) return hit;
  const p: OwnerPalette = { keys: [], index: new Map(), holders: [] };
  for (const h of s.owners) {
    const k = holderKey(h);
    if (p.index.has(k)) continue;
    p.index.set(k, p.keys.length);
    p.keys.push(k);
    p.holders.push(h);
  }
  cache.set(s.owners, p);
  return p;
}

export function ownerColourIndex(p: OwnerPalette, h: Holder): number {
  const i = p.index.get(holderKey(h));
  if (i !== undefined) return i;
  // An owner the scenario does not name (should not happen): give it a stable slot anyway.
  const k = holderKey(h);
  let x = 0;
  for (let j = 0; j < k.length; j++) x = (x * 31 + k.charCodeAt(j)) | 0;
  return Math.abs(x) % OWNER_COLOURS.length;
}

export function ownerColour(p: OwnerPalette, h: Holder): string {
  return OWNER_COLOURS[ownerColourIndex(p, h) % OWNER_COLOURS.length];
}

/** Text colour that reads on a fill. */
export function inkOn(fill: string): string {
  const n = parseInt(fill.slice(1), 16);
  const r = (n >> 16) & 255;
  const g = (n >> 8) & 255;
  const b = n & 255;
  const lum = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return lum > 0.5 ? '#0b0f14' : '#ffffff';
}
