/**
 * The remap lines land on the right cells: S2's migration under split moves vm1's `app`
 * from hPASID 0x1000 on A to 0x1001 on B. Each end is checked the way the page finds a
 * cell under the pointer (rowAt and the zoomed scale's inverse), side by side and
 * stacked, zoomed, scrolled away, and with more remaps than the cap.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { parseScenarioText } from '../../core/scenario/index.ts';
import { buildTimeline } from '../../core/timeline/timeline.ts';
import type { Outcome } from '../../core/model/types.ts';
import { constrainX, layoutPanel, makeMetrics, rowAt, zoomedScale, type PanelGeom } from './geometry.ts';
import { clampEnd, MAX_LINES, planMigrationLines, remapSentences, type LineEnd, type SideLayout } from './migration-lines.ts';
import { framePanel, type PanelModel } from './model.ts';
import { fromScenario, migrationHosts, migrationSide } from './views.ts';

const dir = join(import.meta.dirname, '../../../public/scenarios');

function migrateStep(file: string, policy: 'split' | 'global') {
  const parsed = parseScenarioText(readFileSync(join(dir, file), 'utf8'));
  if (!parsed.ok) throw new Error('bad scenario');
  const s = parsed.scenario;
  const t = buildTimeline(s, policy);
  for (let c = 1; c <= t.length; c++) {
    const o = t.outcome(c - 1);
    if (o?.op !== 'migrate') continue;
    const prev = t.snapshot(c - 1);
    const { from, to } = migrationHosts(o, fromScenario(s), prev);
    const left = migrationSide('source', fromScenario(s), prev, o, from, null);
    const right = migrationSide('destination', fromScenario(s), t.snapshot(c), o, to, null);
    return { o, source: framePanel(left, right), destination: framePanel(right, left) };
  }
  throw new Error('no migrate step');
}

const m = makeMetrics(false, 'side');
const W = 560;

function side(model: PanelModel, x: number, y: number, transform: ZoomTransform = zoomIdentity, visible?: { top: number; bottom: number }): SideLayout {
  const geom = layoutPanel(model, W, m);
  return { x, y, model, geom, transform, visible: visible ?? { top: 0, bottom: geom.height } };
}

/** The PASID and row under a point of the surface, as the page's hit test finds them. */
function cellUnder(s: SideLayout, x: number, y: number): { row: string; pasid: number } | null {
  const at = rowAt(s.geom as PanelGeom, y - s.y);
  if (!at) return null;
  const zs = zoomedScale(at.block, s.transform as ZoomTransform);
  return { row: at.row.row.key, pasid: Math.floor(zs.invert(x - s.x)) };
}

const s2 = migrateStep('s2-siov-swq-translation-migration.json', 'split');

describe('planMigrationLines', () => {
  it('S2 under split remaps app: one line from 0x1000 on A to 0x1001 on B, labelled with both', () => {
    const r = s2.o.migration!.remapped;
    expect(r.map((x) => [x.process, x.from, x.to])).toEqual([['app', 0x1000, 0x1001]]);
    const a = side(s2.source, 0, 0);
    const b = side(s2.destination, W + 34, 0);
    const plan = planMigrationLines(s2.o, a, b);
    expect(plan.stacked).toBe(false);
    expect(plan.lines).toHaveLength(1);
    const l = plan.lines[0];
    expect([l.a.off, l.b.off]).toEqual([null, null]);
    // Just inside each end: the cell it names, on a row of that panel holding app there.
    expect(cellUnder(a, l.a.x - 3, l.a.y)?.pasid).toBe(0x1000);
    expect(cellUnder(b, l.b.x + 3, l.b.y)?.pasid).toBe(0x1001);
    const srcRow = a.geom.rowByKey.get(cellUnder(a, l.a.x - 3, l.a.y)!.row)!.row.row;
    expect(srcRow.entries.some((e) => e.pasid === 0x1000 && e.holder.process === 'app')).toBe(true);
    const dstRow = b.geom.rowByKey.get(cellUnder(b, l.b.x + 3, l.b.y)!.row)!.row.row;
    expect(dstRow.entries.some((e) => e.pasid === 0x1001 && e.holder.process === 'app')).toBe(true);
    // Labelled in the gap between the panels, on two lines there.
    expect(l.label?.lines).toEqual(['0x1000', '→ 0x1001']);
    expect(l.label?.x).toBeCloseTo(W + 17, 0);
    // The arrow points at b, from the left.
    expect(l.head[1]).toEqual([l.b.x, l.b.y]);
    expect(l.head[0][0]).toBeLessThan(l.b.x);
  });

  it('follows the zoom: zoomed in about the old cell the start moves and stays on 0x1000', () => {
    const flat = side(s2.source, 0, 0);
    const b = side(s2.destination, W + 34, 0);
    const before = planMigrationLines(s2.o, flat, b).lines[0].a;
    const x = before.x - 5;
    const k = 6;
    const t = constrainX(zoomIdentity.translate(x - x * k, 0).scale(k), flat.geom.trackX0, flat.geom.trackX1);
    const zoomed = side(s2.source, 0, 0, t);
    const after = planMigrationLines(s2.o, zoomed, b).lines[0].a;
    expect(after.off).toBe(null);
    expect(Math.abs(after.x - before.x)).toBeGreaterThan(1);
    expect(cellUnder(zoomed, after.x - 3, after.y)?.pasid).toBe(0x1000);
  });

  it('clamps an end zoomed off the track to the track edge, saying which edge', () => {
    const flat = side(s2.source, 0, 0);
    const { trackX0, trackX1 } = flat.geom;
    // Zoomed in at the track's right end: 0x1000 is off to the left.
    const k = 50;
    const t = constrainX(zoomIdentity.translate(trackX1 - trackX1 * k, 0).scale(k), trackX0, trackX1);
    const plan = planMigrationLines(s2.o, side(s2.source, 0, 0, t), side(s2.destination, W + 34, 0));
    const a = plan.lines[0].a;
    expect(a.off).toBe('left');
    expect(a.x).toBe(trackX0);
  });

  it('clamps an end scrolled out of view to the top of what the panel shows', () => {
    const flat = side(s2.source, 0, 0);
    const b = side(s2.destination, W + 34, 0);
    const row = flat.geom.rowByKey.get(planMigrationLines(s2.o, flat, b).lines[0].a.row)!.row;
    const scrolled = side(s2.source, 0, 0, zoomIdentity, { top: row.y + row.h + 20, bottom: flat.geom.height + 400 });
    const a = planMigrationLines(s2.o, scrolled, b).lines[0].a;
    expect(a.off).toBe('top');
    expect(a.y).toBe(row.y + row.h + 20);
  });

  it('stacked (the destination under the source): leaves the old cell at its bottom, arrives at the new one from above', () => {
    const a = side(s2.source, 0, 0);
    const b = side(s2.destination, 0, a.geom.height + 40);
    const plan = planMigrationLines(s2.o, a, b);
    expect(plan.stacked).toBe(true);
    const l = plan.lines[0];
    expect(cellUnder(a, l.a.x, l.a.y - 3)?.pasid).toBe(0x1000);
    // From the lowest of the source's rows holding app at 0x1000: the one nearest the destination.
    const held = [...a.geom.rowByKey.values()].filter((x) => x.row.row.entries.some((e) => e.pasid === 0x1000 && e.holder.process === 'app'));
    expect(held.length).toBeGreaterThan(1);
    expect(cellUnder(a, l.a.x, l.a.y - 3)?.row).toBe(held.sort((p, q) => q.row.index - p.row.index)[0].row.row.key);
    expect(cellUnder(b, l.b.x, l.b.y + 3)?.pasid).toBe(0x1001);
    expect(l.head[0][1]).toBeLessThan(l.b.y);
    // One line in the wide gap between them.
    expect(l.label?.lines).toEqual(['0x1000 → 0x1001']);
    expect(l.label?.y).toBeCloseTo(a.geom.height + 20, 0);
  });

  it('draws at most MAX_LINES, counts the rest, and never lets two labels overlap', () => {
    const one = s2.o.migration!.remapped[0];
    const many: Outcome = { ...s2.o, migration: { ...s2.o.migration!, remapped: Array.from({ length: 100 }, () => one) } };
    const plan = planMigrationLines(many, side(s2.source, 0, 0), side(s2.destination, W + 34, 0));
    expect(plan.lines).toHaveLength(MAX_LINES);
    expect(plan.more).toBe(100 - MAX_LINES);
    const labels = plan.lines.flatMap((l) => (l.label ? [l.label] : []));
    expect(labels.length).toBeGreaterThan(0);
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const p = labels[i];
        const q = labels[j];
        expect(Math.abs(p.x - q.x) >= (p.w + q.w) / 2 || Math.abs(p.y - q.y) >= (p.h + q.h) / 2).toBe(true);
      }
  });

  it('a refused migration (S1 under global) draws no line', () => {
    const s1 = migrateStep('s1-vf-migration-busy-destination.json', 'global');
    expect(s1.o.ok).toBe(false);
    expect(planMigrationLines(s1.o, side(s1.source, 0, 0), side(s1.destination, W + 34, 0)).lines).toEqual([]);
    expect(remapSentences(s1.o).items).toEqual([]);
  });
});

describe('clampEnd', () => {
  const box = { x0: 10, x1: 110, y0: 50, y1: 150 };
  it('keeps a point inside, and clamps one outside to the edge it left by', () => {
    const cases: [number, number, LineEnd['off'], number, number][] = [
      [60, 100, null, 60, 100],
      [60, 20, 'top', 60, 50],
      [60, 170, 'bottom', 60, 150],
      [0, 100, 'left', 10, 100],
      [200, 100, 'right', 110, 100],
      [200, 10, 'top', 110, 50],
    ];
    for (const [x, y, off, cx, cy] of cases) expect(clampEnd(x, y, box)).toEqual({ x: cx, y: cy, off });
  });
  it('an end at the edge of a cell in view is not off, whatever its margin; clamped to 3 px past the edge at most', () => {
    expect(clampEnd(112, 100, box, { x: 105, y: 100 })).toEqual({ x: 112, y: 100, off: null });
    expect(clampEnd(130, 100, box, { x: 105, y: 100 })).toEqual({ x: 113, y: 100, off: null });
    expect(clampEnd(112, 100, box, { x: 111, y: 100 })).toEqual({ x: 110, y: 100, off: 'right' });
  });
});

describe('remapSentences', () => {
  it('says each remap as text: gPASID, process, old hPASID on the source, new on the destination', () => {
    expect(remapSentences(s2.o).items).toEqual(['gPASID 0x1 (app): hPASID 0x1000 on A → 0x1001 on B']);
  });
});
