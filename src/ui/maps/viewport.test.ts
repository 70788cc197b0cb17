import { describe, expect, it } from 'vitest';
import { layoutPanel, makeMetrics, rowAt } from './geometry.ts';
import { planAxis } from './bands.ts';
import { NO_DATA, type MapBlock, type MapRow } from './map-row.ts';
import { canvasView, MAX_CANVAS_PX, rowsInView } from './viewport.ts';

const plan = planAxis({ kind: 'global', localEnd: 0, sharedEnd: 0 }, 20);
function panelOf(rows: number): { blocks: MapBlock[] } {
  const rs: MapRow[] = Array.from({ length: rows }, (_, i) => ({ ...NO_DATA, key: `r${i}`, kind: 'guest', title: `vm${i}`, subtitle: '', valid: [1, 1 << 20] }));
  return { blocks: [{ title: 'Host A', subtitle: '', plan, rows: rs }] };
}

describe('virtualised rows', () => {
  it('a canvas is never taller than the view, at any number of rows and any pixel ratio', () => {
    const m = makeMetrics(false, 'normal');
    for (const rows of [10, 1_800, 3_000, 50_000]) {
      const geom = layoutPanel(panelOf(rows), 1200, m);
      for (const dpr of [1, 2, 3]) {
        // Scrolled to the bottom: the sticky canvas sits as low as it can.
        const v = canvasView(geom.height, 900, geom.height, dpr);
        expect(v.height).toBe(Math.min(900, geom.height));
        expect(v.deviceHeight).toBeLessThanOrEqual(900 * dpr);
        expect(v.deviceHeight).toBeLessThanOrEqual(MAX_CANVAS_PX);
        expect(v.top + v.height).toBe(geom.height);
        // The rows drawn are exactly the ones that meet the view, the last row among them.
        const b = geom.blocks[0];
        const [i0, i1] = rowsInView(b.rows, v.top, v.top + v.height);
        expect(i1).toBe(rows);
        const expected = b.rows.filter((r) => r.y + r.h > v.top && r.y < v.top + v.height).length;
        expect(i1 - i0).toBe(expected);
        expect(expected).toBeLessThanOrEqual(Math.ceil(900 / (m.rowH + m.rowGap)) + 1);
      }
    }
  });

  it('a view is kept inside its panel, and a short panel gets a canvas of its own height', () => {
    expect(canvasView(300, 900, 0, 2)).toEqual({ top: 0, height: 300, deviceHeight: 600 });
    expect(canvasView(5000, 900, -40, 1).top).toBe(0);
    expect(canvasView(5000, 900, 4500, 1).top).toBe(4100);
    expect(canvasView(5000, 900, Number.NaN, 1).top).toBe(0);
    // A huge view at a huge ratio is bounded by what browsers can allocate.
    expect(canvasView(1e6, 1e5, 0, 4).deviceHeight).toBeLessThanOrEqual(MAX_CANVAS_PX);
  });

  it('rowsInView and rowAt agree with a scan', () => {
    const m = makeMetrics(false, 'dense');
    const geom = layoutPanel(panelOf(500), 900, m);
    const rows = geom.blocks[0].rows;
    for (let top = -50; top < geom.height + 50; top += 37) {
      const [i0, i1] = rowsInView(rows, top, top + 120);
      const scan = rows.map((r, i) => [r, i] as const).filter(([r]) => r.y + r.h > top && r.y < top + 120);
      expect([i0, i1]).toEqual(scan.length ? [scan[0][1], scan[scan.length - 1][1] + 1] : [i0, i0]);
      const y = top + 5;
      const hit = rowAt(geom, y);
      const want = rows.find((r) => y >= r.y && y < r.y + r.h);
      if (want) expect(hit?.row).toBe(want);
    }
  });
});
