import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3-scale';
import { zoomIdentity } from 'd3-zoom';
import { constrainX, zoomedScale } from './geometry.ts';

// A piecewise axis like the split policy's: 0x1000–0x100f gets as much room as 0x1–0xf.
const base = scaleLinear().domain([0, 1, 16, 4096, 4112, 1 << 20]).range([200, 230, 330, 430, 530, 1200]);

describe('zoomedScale', () => {
  it('is the base scale followed by the zoom of the pixel axis, segment by segment', () => {
    const t = constrainX(zoomIdentity.translate(-3000, 0).scale(8), 200, 1200);
    const zs = zoomedScale({ base }, t);
    for (const v of [0, 1, 7, 16, 300, 4096, 4099, 4111, 4112, 90000, 1 << 20]) expect(zs(v)).toBeCloseTo(t.applyX(base(v)), 6);
  });

  it('keeps IDs of one segment equally wide at any zoom (0x1000 as wide as 0x1003)', () => {
    for (const k of [1, 2, 8, 64, 600]) {
      // Zoom about 0x1001, as the wheel over it would.
      const x = base(4097);
      const t = constrainX(zoomIdentity.translate(x - x * k, 0).scale(k), 200, 1200);
      const zs = zoomedScale({ base }, t);
      const w0 = zs(4097) - zs(4096);
      const w3 = zs(4100) - zs(4099);
      expect(w0).toBeGreaterThan(0);
      expect(Math.abs(w0 - w3)).toBeLessThan(1e-6);
      expect(w0).toBeCloseTo((k * 100) / 16, 6);
    }
  });

  it('inverts through the same pieces', () => {
    const t = zoomIdentity.translate(-1000, 0).scale(4);
    const zs = zoomedScale({ base }, t);
    for (const v of [1, 10, 4096, 4100.5, 5000]) expect(zs.invert(zs(v))).toBeCloseTo(v, 6);
  });
});
