/**
 * Colours. Owners get Okabe–Ito hues (colour-blind safe); vermillion is kept for
 * conflicts and errors only, so red always means "this fails".
 */
import type { Scenario } from '../core/scenario/index.ts';
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

export const THEME = {
  bg: '#0d1117',
  panel: '#131922',
  track: '#19202a',
  trackAlt: '#1c2430',
  grid: '#2a3442',
  gridStrong: '#3a4658',
  text: '#e8eef5',
  muted: '#93a1b1',
  faint: '#5f6d7e',
  conflict: '#FF6B4A',
  conflictFill: '#D55E00',
  /** an ENQCMD breach: the work ran in another address space — a security event, not a fault */
  breach: '#FF3DD4',
  /** a `local` reservation without an entry: the number is kept, nothing maps it */
  reserved: 'rgba(232,238,245,0.55)',
  changed: '#ffffff',
  /** the keyboard cursor on the maps (the page's focus ring, --accent) */
  focus: '#56b4e9',
  hatch: 'rgba(255,255,255,0.07)',
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
    reserved: '#93a1b1',
    guest: '#8fd0f5',
    shared: '#f2c15a',
    global: '#e3a6c9',
    local: '#5fd0aa',
    linux: '#f2c15a',
    unused: '#6b7888',
  },
} as const;

/** Every owner a scenario can produce, in the order it first appears: a stable colour per owner. */
export interface OwnerPalette {
  keys: string[];
  index: Map<string, number>;
  holders: Holder[];
}

const cache = new WeakMap<Scenario, OwnerPalette>();

export function ownerPalette(s: Scenario): OwnerPalette {
  const hit = cache.get(s);
  if (hit) return hit;
  const p: OwnerPalette = { keys: [], index: new Map(), holders: [] };
  for (const e of s.events) {
    const ev = e as { vm?: string; host?: string; process?: string };
    if (!ev.process) continue;
    const h: Holder | null = ev.vm
      ? { type: 'guest', vm: ev.vm, process: ev.process }
      : ev.host
        ? { type: 'host', host: ev.host, process: ev.process }
        : null;
    if (!h) continue;
    const k = holderKey(h);
    if (p.index.has(k)) continue;
    p.index.set(k, p.keys.length);
    p.keys.push(k);
    p.holders.push(h);
  }
  cache.set(s, p);
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
