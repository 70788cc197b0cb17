/**
 * What is drawn over a row's track: cell boundaries once single IDs are wide enough, and
 * the labels of its cells (every cell its number and owner when there is room, else
 * each run of used cells its range), and the note on a row with no space at all.
 */
import type { ScaleLinear } from 'd3-scale';
import type { ColumnAggregate } from '../../core/view/range-aggregate.ts';
import { hex } from '../format.ts';
import { inkOn, THEME } from '../palette.ts';
import type { BlockGeom, RowGeom } from './geometry.ts';
import { fitText } from './labels.ts';
import type { MapBlock, MapRow } from './map-row.ts';
import { putIfFree, type RenderCtx } from './render-context.ts';

type Scale = ScaleLinear<number, number>;

/** A row with no space (G under a per-RID policy) says so across its track. */
export function drawNoSpaceNote(c: RenderCtx, rg: RowGeom<MapRow>) {
  const { p, geom } = c;
  const font = c.m.ui(11.5, 500);
  const text = fitText(p, 'no host-wide allocator under this policy', font, geom.trackX1 - geom.trackX0 - 20);
  if (text) putIfFree(c, text, geom.trackX0 + 10, rg.y + rg.h / 2, { font, fill: THEME.muted, baseline: 'middle', halo: THEME.track });
}

/** Cell boundaries where an ID is at least 5 px wide (single PASIDs become visible slots): x and line width. */
export function gridLines(zs: Scale, breaks: readonly number[], x0: number, x1: number): { x: number; w: number }[] {
  const out: { x: number; w: number }[] = [];
  const visLo = zs.invert(x0);
  const visHi = zs.invert(x1);
  for (let i = 0; i + 1 < breaks.length; i++) {
    const a = Math.max(breaks[i], Math.floor(visLo));
    const z = Math.min(breaks[i + 1], Math.ceil(visHi));
    if (z <= a) continue;
    const pxPerId = (zs(breaks[i + 1]) - zs(breaks[i])) / (breaks[i + 1] - breaks[i]);
    if (pxPerId < 5) continue;
    for (let v = a; v <= z; v++) {
      const x = Math.round(zs(v)) + 0.5;
      if (x >= x0 && x <= x1) out.push({ x, w: pxPerId >= 14 ? 2 : 1 });
    }
  }
  return out;
}

/** The same boundaries as device-pixel columns of a track starting at device x `x0` (for the row pixels). */
export function gridColumns(lines: readonly { x: number; w: number }[], x0: number, cols: number, dpr: number): Int32Array {
  const out: number[] = [];
  for (const l of lines) {
    const a = Math.round((l.x - l.w / 2) * dpr) - x0;
    const b = Math.max(a + 1, Math.round((l.x + l.w / 2) * dpr) - x0);
    for (let c = Math.max(0, a); c < Math.min(cols, b); c++) out.push(c);
  }
  return Int32Array.from(out);
}

/** The grid as lines through the painter (vector output; on a canvas it is part of the row pixels). */
export function drawGrid(c: RenderCtx, rg: RowGeom<MapRow>, zs: Scale, b: BlockGeom<MapBlock>) {
  for (const l of gridLines(zs, b.block.plan.breaks, c.geom.trackX0, c.geom.trackX1)) c.p.line(l.x, rg.y + 1, l.x, rg.y + rg.h - 1, THEME.panel, l.w);
}

export function drawCellLabels(c: RenderCtx, rg: RowGeom<MapRow>, agg: ColumnAggregate, zs: Scale) {
  const { p, geom, m, style } = c;
  const r = rg.row;
  const data = c.data(r);
  const s = c.colScale;
  const font = m.mono(11, 600);
  const n = agg.count.length;
  let lastEnd = -Infinity;
  let i = 0;
  while (i < n) {
    if (agg.count[i] === 0) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < n && agg.count[j + 1] > 0) j++;
    const fIdx = agg.first[i];
    const lIdx = agg.last[j];
    const a = data.ids[fIdx];
    const z = data.ids[lIdx];
    const count = lIdx - fIdx + 1;
    const cellW = zs(a + 1) - zs(a);
    const widest = p.measure(hex(z), font);
    // Cells wide enough for their number, or each for its owner's name: every cell is
    // labelled on its own (a range label would merge owners the reader must tell apart).
    const namesFit = () => {
      for (let k = fIdx; k <= lIdx; k++) {
        const name = style.ownerName?.(r, k);
        if (!name || p.measure(name, font) + 6 > zs(data.ids[k] + 1) - zs(data.ids[k])) return false;
      }
      return true;
    };
    if (count <= 512 && (cellW >= widest + 6 || namesFit())) {
      // Every cell carries its own label (and the owner's name when it fits).
      for (let k = fIdx; k <= lIdx; k++) {
        const pasid = data.ids[k];
        const owner = data.owners[k];
        const x0 = zs(pasid);
        const x1 = zs(pasid + 1);
        if (x1 < geom.trackX0 || x0 > geom.trackX1) continue;
        const fill = style.colour(owner);
        // The longest label that fits: number and owner, the number (always with 0x), the owner.
        const name = style.ownerName?.(r, k);
        const w = x1 - x0;
        const label = [name ? `${hex(pasid)} ${name}` : '', hex(pasid), name ?? ''].find((t) => t && p.measure(t, font) + 6 <= w);
        if (!label) continue;
        const dim = c.selectedOwner !== null && owner !== c.selectedOwner;
        p.setAlpha(dim ? 0.5 : 1);
        putIfFree(c, label, (Math.max(x0, geom.trackX0) + Math.min(x1, geom.trackX1)) / 2, rg.y + rg.h / 2 + 0.5, {
          font,
          fill: inkOn(fill),
          align: 'center',
          baseline: 'middle',
        }, 2);
        p.setAlpha(1);
      }
      lastEnd = geom.trackX0 + (j + 1) / s;
    } else {
      const contiguous = z - a + 1 === count;
      const candidates =
        count === 1 ? [hex(a)] : contiguous ? [`${hex(a)}–${hex(z)}`, `${hex(a)}…`] : [`${hex(a)}…${hex(z)} (${count})`, `${hex(a)}…`];
      const x0 = geom.trackX0 + i / s;
      const x1 = geom.trackX0 + (j + 1) / s;
      let nextStart = geom.trackX1;
      for (let q = j + 1; q < n; q++)
        if (agg.count[q] > 0) {
          nextStart = geom.trackX0 + q / s;
          break;
        }
      const fill = style.colour(data.owners[fIdx]);
      // Inside the cluster when it fits; else just right of it, else left of it.
      const spots = candidates.flatMap((label) => {
        const w = p.measure(label, font);
        if (w + 6 <= x1 - x0) return [{ label, w, lx: (x0 + x1) / 2 - w / 2, inside: true }];
        const out: { label: string; w: number; lx: number; inside: boolean }[] = [];
        if (x1 + 4 + w <= nextStart - 4) out.push({ label, w, lx: x1 + 4, inside: false });
        out.push({ label, w, lx: x0 - 4 - w, inside: false });
        return out;
      });
      for (const { label, w, lx, inside } of spots) {
        if (lx < lastEnd + 6 || lx < geom.trackX0 || lx + w > geom.trackX1) continue;
        const drawn = putIfFree(c, label, lx, rg.y + rg.h / 2 + 0.5, {
          font,
          fill: inside ? inkOn(fill) : THEME.labelInk,
          baseline: 'middle',
          halo: inside ? undefined : THEME.halo,
        }, 6);
        if (!drawn) continue;
        lastEnd = Math.max(lastEnd, lx + w);
        break;
      }
    }
    i = j + 1;
  }
}
