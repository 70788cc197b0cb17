/**
 * The colour theme: dark (the room's) or light (papers and printed reviews). The
 * preference is the user's own, kept in localStorage and never in the URL, so a shared
 * link opens in the reader's theme. "system" follows prefers-color-scheme and changes
 * with it. The page's colours are CSS variables switched by `data-theme` on <html>; the
 * canvas colours are the palette's THEME, swapped in place.
 */
import { useSyncExternalStore } from 'react';
import { applyThemeColours, DARK, LIGHT } from './palette.ts';

export type ThemeName = 'dark' | 'light';
export type ThemePreference = ThemeName | 'system';

const KEY = 'pasidscope.theme';
const listeners = new Set<() => void>();
let preference: ThemePreference = 'system';
let resolved: ThemeName = 'dark';

function media(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: light)') : null;
}

/** A stored value, if it is one of ours (anything else in storage is ignored). */
export function parsePreference(v: unknown): ThemePreference {
  return v === 'dark' || v === 'light' || v === 'system' ? v : 'system';
}

function readStored(): ThemePreference {
  try {
    return parsePreference(window.localStorage.getItem(KEY));
  } catch {
    return 'system';
  }
}

function apply() {
  const next: ThemeName = preference === 'system' ? (media()?.matches ? 'light' : 'dark') : preference;
  resolved = next;
  applyThemeColours(next === 'light' ? LIGHT : DARK);
  if (typeof document !== 'undefined') {
    document.documentElement.dataset.theme = next;
    document.documentElement.style.colorScheme = next;
  }
  for (const l of listeners) l();
}

/** Read the stored preference and follow the system setting; call once at start. */
export function startTheme(): void {
  preference = typeof window === 'undefined' ? 'system' : readStored();
  media()?.addEventListener('change', () => {
    if (preference === 'system') apply();
  });
  apply();
}

export function setThemePreference(p: ThemePreference): void {
  preference = p;
  try {
    if (p === 'system') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, p);
  } catch {
    // Storage refused (private mode, a file: URL): the choice lasts for this page.
  }
  apply();
}

export function themePreference(): ThemePreference {
  return preference;
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The theme in force; components that draw on a canvas redraw when it changes. */
export function useTheme(): ThemeName {
  return useSyncExternalStore(
    subscribe,
    () => resolved,
    () => resolved,
  );
}
