/**
 * The top bar's theme control, one small button that cycles system → light → dark (a
 * local preference, never in the link). Its name says the theme in force and the next.
 */
import { useState } from 'react';
import { IconTheme } from './icons.tsx';
import { setThemePreference, themePreference, useTheme, type ThemePreference } from './theme.ts';

const NEXT: Record<ThemePreference, ThemePreference> = { system: 'light', light: 'dark', dark: 'system' };

export function ThemeSwitch() {
  const theme = useTheme();
  const [pref, setPref] = useState<ThemePreference>(themePreference);
  const now = pref === 'system' ? `system (${theme})` : pref;
  const next = NEXT[pref];
  return (
    <button
      type="button"
      className="btn ghost icon-only"
      aria-label={`Theme: ${now}. Switch to ${next}`}
      title={`Theme: ${now}. Click for ${next}. Light is for papers and printed reviews; kept on this computer, not in shared links.`}
      data-theme-preference={pref}
      onClick={() => {
        setThemePreference(next);
        setPref(next);
      }}
    >
      <IconTheme mode={pref} />
    </button>
  );
}
