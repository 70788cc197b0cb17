import { describe, expect, it } from 'vitest';
import { zoomIdentity } from 'd3-zoom';
import { parseScenarioText } from '../../core/scenario/index.ts';
import type { Outcome, Snapshot } from '../../core/model/types.ts';
import { layoutPanel, makeMetrics } from './geometry.ts';
import { buildPanel, framePanel, gRowKey, guestRowKey, ridRowKey } from './model.ts';
import { SvgPainter } from './painter.ts';
import { hitCell } from './hit-test.ts';
import { renderPanel } from './render.ts';
import { zoomedScale } from './geometry.ts';
import { fromScenario } from './views.ts';

// A hand-made state: host A (split) with a DSA whose table holds a guest's translated
// PASID 0x1000 and a host process at 0x1001; vm1 holds gPASID 1 → hPASID 0x1000.
const scenario = (() => {
  const r = parseScenarioText(
    JSON.stringify({
      format: 'pasidscope/1',
      hosts: [{ id: 'A', policy: { kind: 'split' }, functions: [{ rid: '0000:6a:01.0', kind: 'pf', swq: true, siov: true, label: 'DSA' }] }],
      vms: [{ id: 'vm1', host: 'A', viommu: { pasidAlloc: true } }],
      events: [
        { op: 'guest.alloc', vm: 'vm1', process: 'app', kind: 'shared' },
        { op: 'host.bind', host: 'A', process: 'sva', function: '0000:6a:01.0' },
      ],
    }),
  );
  if (!r.ok) throw new Error('fixture');
  return r.scenario;
})();

const app = { type: 'guest' as const, vm: 'vm1', process: 'app' };
const sva = { type: 'host' as const, host: 'A', process: 'sva' };

const snap: Snapshot = {
  cursor: 2,
  hosts: [
    {
      id: 'A',
      policy: { kind: 'split', localEnd: 4096, sharedEnd: 1 << 19 },
      iommuBits: 20,
      cpuPasidTranslation: true,
      g: { lo: 4096, hi: 1 << 19, used: [{ pasid: 0x1000, holder: app }, { pasid: 0x1001, holder: sva }] },
      functions: [
        {
          rid: '0000:6a:01.0',
          kind: 'pf',
          label: 'DSA',
          pasidBits: 20,
          maxPasids: 1 << 20,
          swq: true,
          siov: true,
          assignedTo: null,
          adis: [{ id: '0000:6a:01.0/adi1', vm: 'vm1', alias: 'dsa0' }],
          entries: [
            { pasid: 0x1001, holder: sva, refs: 1 },
            { pasid: 0x1000, holder: app, refs: 1, devices: ['dsa0'] },
          ],
          reservations: [],
        },
      ],
      groups: [],
      processes: [{ name: 'sva', pasid: 0x1001 }],
    },
  ],
  vms: [
    {
      id: 'vm1',
      host: 'A',
      pasidAlloc: true,
      space: { lo: 1, hi: 4096 },
      processes: [{ name: 'app', kind: 'shared', pasid: 1, hpasid: 0x1000 }],
      translation: { on: true, since: 0 },
      devices: [{ alias: 'dsa0', type: 'adi', host: 'A', rid: '0000:6a:01.0', adi: '0000:6a:01.0/adi1', order: 0 }],
      bindings: [{ process: 'app', device: 'dsa0', refs: 1 }],
      xlate: [{ gpasid: 1, hpasid: 0x1000 }],
    },
  ],
};

const bind: Outcome = {
  index: 1,
  op: 'host.bind',
  ok: true,
  message: 'bound',
  pasid: 0x1001,
  effects: [
    { t: 'alloc', space: { kind: 'g', host: 'A' }, pasid: 0x1001, holder: sva },
    { t: 'attach', host: 'A', rid: '0000:6a:01.0', pasid: 0x1001, holder: sva, refs: 1 },
  ],
};

class TestPainter extends SvgPainter {
  override measure(s: string) {
    return s.length * 7;
  }
}

describe('buildPanel', () => {
  it('makes a G row, a row per RID and a guest row per VM, with sorted IDs', () => {
    const m = buildPanel({ scenario: fromScenario(scenario), snap, selected: null });
    expect(m.blocks.map((b) => b.rows.map((r) => r.key))).toEqual([[gRowKey('A'), ridRowKey('A', '0000:6a:01.0'), guestRowKey('vm1')]]);
    const rid = m.blocks[0].rows[1];
    expect(Array.from(rid.ids)).toEqual([0x1000, 0x1001]);
    expect(rid.entries[0].holder).toEqual(app);
    expect(rid.valid).toEqual([1, 1 << 20]);
    expect(m.blocks[0].rows[0].valid).toEqual([4096, 1 << 19]);
    expect(m.blocks[0].rows[2].valid).toEqual([1, 4096]);
  });

  it('links the guest PASID to where the host holds it, translated', () => {
    const m = buildPanel({ scenario: fromScenario(scenario), snap, selected: app });
    const mine = m.links.filter((l) => l.from.row === guestRowKey('vm1'));
    expect(mine.map((l) => [l.to.row, l.to.pasid, l.kind, l.selected])).toEqual([
      [gRowKey('A'), 0x1000, 'xlate', true],
      [ridRowKey('A', '0000:6a:01.0'), 0x1000, 'xlate', true],
    ]);
  });

  it('marks the cells the step changed', () => {
    const m = buildPanel({ scenario: fromScenario(scenario), snap, selected: null, outcome: bind });
    expect(m.marks).toEqual([
      { row: gRowKey('A'), pasid: 0x1001, kind: 'added', holder: sva },
      { row: ridRowKey('A', '0000:6a:01.0'), pasid: 0x1001, kind: 'added', holder: sva },
    ]);
    expect(buildPanel({ scenario: fromScenario(scenario), snap, selected: null, outcome: bind, changes: 'removed' }).marks).toEqual([]);
  });

  it('marks a failed bind on the cell it wanted', () => {
    const failed: Outcome = { index: 1, op: 'host.bind', ok: false, code: 'EBUSY', message: 'taken', pasid: 0x1000, effects: [] };
    const m = buildPanel({ scenario: fromScenario(scenario), snap, selected: null, outcome: failed });
    expect(m.marks).toEqual([{ row: ridRowKey('A', '0000:6a:01.0'), pasid: 0x1000, kind: 'conflict', text: 'EBUSY: taken' }]);
  });
});

describe('framePanel', () => {
  it('frames each block on its cells and marks, and on those of the other side', () => {
    const m = buildPanel({ scenario: fromScenario(scenario), snap, selected: null });
    expect(framePanel(m).blocks[0].plan.breaks).toEqual([0, 1, 4, 0x1000, 0x1004, 0x80000, 0x100000]);
    const failed: Outcome = { index: 1, op: 'host.bind', ok: false, code: 'EBUSY', message: 'taken', pasid: 0x1009, effects: [] };
    const other = buildPanel({ scenario: fromScenario(scenario), snap, selected: null, outcome: failed });
    expect(framePanel(m, other).blocks[0].plan.breaks).toEqual([0, 1, 4, 0x1000, 0x100c, 0x80000, 0x100000]);
    // the whole-range model is left as it was
    expect(m.blocks[0].plan.framed).toBeUndefined();
  });
});

describe('renderPanel', () => {
  it('draws rows, hex labels, the selected translation and the changed cells', () => {
    const model = buildPanel({ scenario: fromScenario(scenario), snap, selected: app, outcome: bind });
    const metrics = makeMetrics(false, 'normal');
    const geom = layoutPanel(model, 1200, metrics);
    const p = new TestPainter(geom.width, geom.height);
    renderPanel(p, model, geom, zoomIdentity, metrics);
    const svg = p.toString();
    expect(svg).toContain('Host A');
    expect(svg).toContain('shared G 0x1000–0x7ffff');
    expect(svg).toContain('0000:6a:01.0');
    expect(svg).toContain('→ host 0x1000');
    expect(svg).toContain('<path d="M'); // the translation link
    expect(geom.maxZoom).toBeGreaterThan(1000);
  });

  it('finds the PASID under the pointer, zoomed or not', () => {
    const model = buildPanel({ scenario: fromScenario(scenario), snap, selected: null });
    const geom = layoutPanel(model, 1200, makeMetrics(false, 'normal'));
    const b = geom.blocks[0];
    const guest = b.rows[2].row;
    const zs = zoomedScale(b, zoomIdentity);
    const x = (zs(1) + zs(2)) / 2;
    expect(hitCell(zs, guest, x, 4, 1 << 20)).toEqual({ pasid: 1, index: 0 });
    expect(hitCell(zs, guest, (zs(9) + zs(10)) / 2, 2, 1 << 20)).toEqual({ pasid: 9, index: -1 });
    const z8 = zoomedScale(b, zoomIdentity.translate(-geom.trackX0 * 7, 0).scale(8));
    expect(hitCell(z8, guest, (z8(1) + z8(2)) / 2, 4, 1 << 20)?.pasid).toBe(1);
  });

  it('fills the height it is given, within bounds', () => {
    const model = buildPanel({ scenario: fromScenario(scenario), snap, selected: null });
    const m = makeMetrics(false, 'normal');
    const plain = layoutPanel(model, 1200, m);
    const tall = layoutPanel(model, 1200, m, 2000);
    expect(plain.blocks[0].rows[0].h).toBe(m.rowH);
    expect(tall.blocks[0].rows[0].h).toBe(Math.round(m.rowH * 1.75));
  });
});
