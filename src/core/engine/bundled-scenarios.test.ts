import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenarioText } from '../scenario/index.ts';
import { buildTimeline } from '../timeline/timeline.ts';
import { POLICY_KINDS } from '../model/types.ts';

const dir = join(import.meta.dirname, '../../../public/scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json');

describe('bundled scenarios meet their expectations under every policy', () => {
  it('there are at least ten of them (seven canonical, three of ours)', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });
  for (const file of files) {
    for (const kind of POLICY_KINDS) {
      it(`${file} under ${kind}`, () => {
        const parsed = parseScenarioText(readFileSync(join(dir, file), 'utf8'));
        if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
        const t = buildTimeline(parsed.scenario, kind);
        expect(t.violations).toEqual([]);
        expect(t.expectations.failed.map((f) => f.message)).toEqual([]);
        expect(t.expectations.checked).toBeGreaterThan(0);
      });
    }
  }
});
