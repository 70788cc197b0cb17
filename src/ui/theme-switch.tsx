/** The top bar's theme control: system, light or dark (a local preference, never in the link). */
import { useState } from 'react';
import { parsePreference, setThemePreference, themePreference, useTheme, type ThemePreference } from './theme.ts';

export function ThemeSwitch() {
  const theme = useTheme();
  const [pref, setPref] = useState<ThemePreference>(themePreference);
  return (
    <select
      className="theme-switch"
      aria-label="Theme"
      value={pref}
      title="Colour theme: the system's, light (papers, printed reviews) or dark (the room). Kept on this computer, not in shared links."
      onChange={(e) => {
        const p = parsePreference(e.target.value);
        setThemePreference(p);
        setPref(p);
      }}
    >
      <option value="system">System ({theme})</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  );
}
