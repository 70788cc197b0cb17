/**
 * Painting the workload map's track: every visible row, straight into one ImageData, from
 * per-pixel-column aggregates of its sorted IDs (core/range-aggregate.ts, DESIGN.md
 * convention 7). A redraw costs rows × pixel columns, whatever the number of live PASIDs:
 * a full 2^20 row paints as fast as an empty one. Aggregating (a binary search per
 * column) happens only when a row's data or the zoom changes, and the map keeps the result.
 *
 * Kept free of React and of the canvas element so the redraw benchmark times exactly this.
 */
import { aggregateColumns, type ColumnAggregate } from '../../core/view/range-aggregate.ts';
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
/** Cell colours by owner class (index = OWNER value; 0 unused), then "several owners". */
const OWNERS: Rgb[] = [
  CELL_COLOUR.host,
  CELL_COLOUR.host,
  CELL_COLOUR.guest,
  CELL_COLOUR.fill,
  CELL_COLOUR.mixed,
];
const MIXED = 4;
/** Density levels: how much of a column's IDs are used, in 16 steps. */
const LEVELS = 16;

/** One RGBA pixel as the Uint32 the ImageData's buffer holds, whatever the byte order. */
function pack(rgb: Rgb): number {
  const b = new Uint8ClampedArray([rgb[0], rgb[1], rgb[2], 255]);
  return new Uint32Array(b.buffer)[0];
}

/**
 * Every cell colour a redraw can need, computed once: background (2 track shades) ×
 * owner (5) × density level (16), blended as the map shows it (a lone ID stays visible:
 * alpha from 0.4 up to 1 when the column is full).
 */
const LUT = (() => {
  const out = new Uint32Array(2 * OWNERS.length * LEVELS);
  [TRACK, TRACK_ALT].forEach((bg, b) =>
    OWNERS.forEach((c, o) => {
      for (let l = 0; l < LEVELS; l++) {
        const a = 0.4 + (0.6 * (l + 1)) / LEVELS;
        out[(b * OWNERS.length + o) * LEVELS + l] = pack([
          bg[0] * (1 - a) + c[0] * a,
          bg[1] * (1 - a) + c[1] * a,
          bg[2] * (1 - a) + c[2] * a,
        ]);
      }
    }),
  );
  return out;
})();
const BG = [pack(TRACK), pack(TRACK_ALT)];
const OUT = pack(OUTSIDE);

/**
 * Domain edges of `cols` pixel columns starting at pixel x0: edges[i] is the ID at the
 * left of column i. `invert` maps a pixel to an ID (the axis scale's inverse).
 */
export function columnEdges(
  invert: (px: number) => number,
  x0: number,
  cols: number,
  max: number,
  pxPerCol = 1,
): Float64Array {
  const edges = new Float64Array(cols + 1);
  for (let i = 0; i <= cols; i++) edges[i] = Math.max(0, Math.min(max, invert(x0 + i * pxPerCol)));
  return edges;
}

/** A row's per-pixel-column aggregate for `edges`: computed when the row's data or the zoom changes, not per redraw. */
export function aggregateRow(row: PaintRow, edges: Float64Array): ColumnAggregate {
  return aggregateColumns(row.ids, edges, row.runStarts);
}

/** What one painted row needs: its data (for its range and owners) and its aggregate. */
export interface PaintItem {
  row: PaintRow | null;
  agg: ColumnAggregate | null;
}

/**
 * Paint `items` into `img` from their aggregates (track pixels only: column i of img is
 * column i of `edges`). Item k covers image rows [rowY[k], rowY[k] + rowH). A row without
 * data yet is drawn as an empty track. Costs pixels: O(rows × columns), whatever the rows hold.
 */
export function paintTrack(
  img: ImageData,
  items: readonly PaintItem[],
  rowY: ArrayLike<number>,
  rowH: number,
  edges: Float64Array,
): void {
  const { width, height } = img;
  const px = new Uint32Array(img.data.buffer, img.data.byteOffset, width * height);
  const cols = Math.min(width, edges.length - 1);
  const line = new Uint32Array(width);
  for (let k = 0; k < items.length; k++) {
    const y0 = Math.max(0, Math.floor(rowY[k]));
    const y1 = Math.min(height, Math.floor(rowY[k] + rowH));
    if (y1 <= y0) continue;
    const { row, agg } = items[k];
    const shade = k & 1;
    const bg = BG[shade];
    // Background: the row's own range, shaded outside it.
    if (!row) line.fill(bg, 0, cols);
    else for (let c = 0; c < cols; c++) line[c] = edges[c + 1] > row.lo && edges[c] < row.hi ? bg : OUT;
    if (row && agg) {
      const { count, first, mixed, span } = agg;
      const owners = row.owners;
      const base = shade * OWNERS.length * LEVELS;
      for (let c = 0; c < cols; c++) {
        const n = count[c];
        if (n === 0) continue;
        const o = mixed[c] ? MIXED : owners[first[c]] || 1;
        const s = span[c];
        const level = s <= n ? LEVELS - 1 : ((n * LEVELS) / s) | 0;
        line[c] = LUT[base + o * LEVELS + level];
      }
    }
    for (let y = y0; y < y1; y++) px.set(cols === width ? line : line.subarray(0, width), y * width);
  }
}
