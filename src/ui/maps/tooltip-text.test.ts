import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenarioText } from '../../core/scenario/index.ts';
import { buildTimeline } from '../../core/timeline/timeline.ts';
import { guestRowKey, ridRowKey } from './model.ts';
import { describeCell, describeFleetCell, summarise } from './tooltip-text.ts';
import { allHostsPanel, fromScenario } from './views.ts';

const parsed = parseScenarioText(readFileSync(join(import.meta.dirname, '../../../public/scenarios/s2-siov-swq-translation-migration.json'), 'utf8'));
if (!parsed.ok) throw new Error('S2 does not parse');
const scenario = parsed.scenario;
const t = buildTimeline(scenario);
// After event 4 (guest.bind): vm1's app holds gPASID 0x1, translated to hPASID 0x1000 on the DSA.
const model = allHostsPanel(fromScenario(scenario), t.snapshot(4), t.outcome(3), null);
const rowOf = (key: string) => model.blocks.flatMap((b) => b.rows).find((r) => r.key === key)!;
const bands = model.blocks[0].plan.bands;

describe('tooltip wording', () => {
  it('a guest PASID says who holds it and where it is translated to', () => {
    const guest = rowOf(guestRowKey('vm1'));
    const w = describeCell(model, guest, 1, guest.ids.indexOf(1), bands);
    expect(w.title).toBe('0x1 · vm1 guest space');
    expect(w.lines[0]).toBe('held by vm1 · app');
    expect(w.lines).toContain('0000:6a:01.0: 0x1000 — translated (gPASID 0x1 → hPASID 0x1000)');
    expect(w.tone).toBe('normal');
  });

  it('a host table entry names the device and the guest PASID behind it', () => {
    const rid = rowOf(ridRowKey('A', '0000:6a:01.0'));
    const w = describeCell(model, rid, 0x1000, rid.ids.indexOf(0x1000), bands);
    expect(w.title).toBe('0x1000 (4096) · PASID table of 0000:6a:01.0');
    expect(w.lines).toContain('guest PASID 0x1 → host PASID 0x1000');
  });

  it('a free PASID names its band; one outside the row says why', () => {
    const rid = rowOf(ridRowKey('A', '0000:6a:01.0'));
    const free = describeCell(model, rid, 5, -1, bands);
    expect(free.lines).toContain('free');
    expect(free.lines[0]).toMatch(/guest/);
    const zero = describeCell(model, rid, 0, -1, bands);
    expect(zero.lines).toContain(rid.outside);
  });

  it('a panel summary lists the rows and the selection', () => {
    const s = summarise(allHostsPanel(fromScenario(scenario), t.snapshot(4), t.outcome(3), { type: 'guest', vm: 'vm1', process: 'app' }));
    expect(s).toMatch(/^Host A \(split\): G: 0x1000 app/);
    expect(s).toMatch(/selected: vm1 · app/);
  });

  it('a fleet cell: who uses it, how full the space is, or that its IDs are on their way', () => {
    const data = { ids: Int32Array.of(3, 16, 40), owners: Uint8Array.of(1, 3, 2) };
    expect(describeFleetCell('h0/G', 0, [1, 1 << 20], 16, data)).toEqual({
      title: 'h0/G · G',
      lines: ['PASID 0x10 (16): used by a fill tenant', '3 of 1,048,575 used (0.000%)'],
    });
    expect(describeFleetCell('vm3', 3, [1, 4096], 17, data).lines[0]).toBe('PASID 0x11 (17): free');
    expect(describeFleetCell('vm3', 3, [1, 4096], 5000, data).lines[0]).toBe('PASID 0x1388 (5000): outside this space');
    expect(describeFleetCell('vm3', 3, [1, 4096], 40, null).lines).toEqual(['PASID 0x28 (40): loading…']);
  });
});
