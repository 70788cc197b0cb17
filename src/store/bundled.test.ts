import { describe, expect, it } from 'vitest';
import { BUNDLED, bundledByFile, DEFAULT_SCENARIO_FILE } from './bundled.ts';

describe('bundled scenarios', () => {
  it('lists every file in public/scenarios with its title, S1 first', () => {
    expect(BUNDLED.length).toBeGreaterThanOrEqual(7);
    expect(DEFAULT_SCENARIO_FILE).toMatch(/^s1-/);
    expect(bundledByFile(DEFAULT_SCENARIO_FILE)?.title).toMatch(/^S1:/);
    for (const b of BUNDLED) expect(b.text.length).toBeGreaterThan(0);
  });
});
