/**
 * Painting the workload map's track: every visible row, straight into one ImageData, from
 * per-pixel-column aggregates of its sorted IDs (core/range-aggregate.ts, DESIGN.md
 * convention 7). The cost is rows × pixel columns (a binary search per column), whatever
 * the number of live PASIDs: a full 2^20 row paints as fast as an empty one.
 *
 * Kept free of React and of the canvas element so the redraw benchmark times exactly this.
 */
import { aggregateColumns } from '../../core/range-aggregate.ts';
import { CELL_COLOUR } from './colours.ts';

export interface PaintRow {
  /** used IDs, ascending */
  ids: Int32Array;
  /** owner class per ID (workload-backend OWNER: 1 host, 2 guest, 3 fill) */
  owners: Uint8Array;
  /** ownerRunStarts(owners), to tell single-owner columns from mixed ones */
  runStarts: Int32Array;
  /** the row's space, [lo, hi): outside it the track is shaded */
  lo: number;
  hi: number;
}

type Rgb = readonly [number, number, number];
const TRACK: Rgb = [25, 32, 42];
const TRACK_ALT: Rgb = [28, 36, 48];
const OUTSIDE: Rgb = [13, 17, 23];
const BY_OWNER: Rgb[] = [CELL_COLOUR.host, CELL_COLOUR.host, CELL_COLOUR.guest, CELL_COLOUR.fill];

/**
 * Domain edges of `cols` pixel columns starting at pixel x0: edges[i] is the ID at the
 * left of column i. `invert` maps a pixel to an ID (the axis scale's inverse).
 */
export function columnEdges(invert: (px: number) => number, x0: number, cols: number, max: number, pxPerCol = 1): Float64Array {
  const edges = new Float64Array(cols + 1);
  for (let i = 0; i <= cols; i++) edges[i] = Math.max(0, Math.min(max, invert(x0 + i * pxPerCol)));
  return edges;
}

/**
 * Paint `rows` into `img` (track pixels only: column i of img is column i of `edges`).
 * Row k covers image rows [rowY[k], rowY[k] + rowH). A null row (data not there yet) is
 * drawn as an empty track.
 */
export function paintTrack(img: ImageData, rows: readonly (PaintRow | null)[], rowY: ArrayLike<number>, rowH: number, edges: Float64Array): void {
  const { width, height, data } = img;
  const cols = Math.min(width, edges.length - 1);
  const line = new Uint8ClampedArray(width * 4);
  for (let k = 0; k < rows.length; k++) {
    const y0 = Math.max(0, Math.floor(rowY[k]));
    const y1 = Math.min(height, Math.floor(rowY[k] + rowH));
    if (y1 <= y0) continue;
    const row = rows[k];
    const bg = k % 2 ? TRACK_ALT : TRACK;
    // Background: the row's own range, shaded outside it.
    for (let c = 0; c < cols; c++) {
      const inside = row ? edges[c + 1] > row.lo && edges[c] < row.hi : true;
      const rgb = inside ? bg : OUTSIDE;
      const o = c * 4;
      line[o] = rgb[0];
      line[o + 1] = rgb[1];
      line[o + 2] = rgb[2];
      line[o + 3] = 255;
    }
    if (row && row.ids.length > 0) {
      const agg = aggregateColumns(row.ids, edges, row.runStarts);
      for (let c = 0; c < cols; c++) {
        const n = agg.count[c];
        if (n === 0) continue;
        const rgb = agg.mixed[c] ? CELL_COLOUR.mixed : BY_OWNER[row.owners[agg.first[c]]] ?? CELL_COLOUR.host;
        // Density: how much of the column's IDs are used; a lone ID stays visible.
        const span = Math.max(1, agg.span[c]);
        const a = 0.4 + 0.6 * Math.min(1, n / span);
        const o = c * 4;
        line[o] = line[o] * (1 - a) + rgb[0] * a;
        line[o + 1] = line[o + 1] * (1 - a) + rgb[1] * a;
        line[o + 2] = line[o + 2] * (1 - a) + rgb[2] * a;
      }
    }
    for (let y = y0; y < y1; y++) data.set(line.subarray(0, width * 4), y * width * 4);
  }
}
