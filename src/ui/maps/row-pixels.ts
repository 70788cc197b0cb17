/**
 * The row painter's canvas output: a row's track as finished pixels (a tile of the
 * row's width in device pixels × its height), built from its per-column aggregate and
 * kept beside it (row-cache.ts), so that a redraw at an unchanged zoom copies tiles and
 * a change repaints only the rows it touched. The look is row-look.ts's, the same as the
 * vector output's (row-vector.ts).
 */
import type { ColumnAggregate } from '../../core/view/range-aggregate.ts';
import { THEME } from '../palette.ts';
import type { AxisPlan } from './bands.ts';
import type { MapRow, RowData } from './map-row.ts';
import { blendOver, pixelOf } from './pixel-colour.ts';
import type { MapStyle } from './render-context.ts';
import {
  levelAlpha,
  levelOf,
  LEVELS,
  MIN_CELL_PX,
  MIXED_FILL,
  MIXED_HATCH,
  MIXED_HATCH_GAP,
  OUTSIDE_HATCH_GAP,
  trackColour,
  validColumns,
} from './row-look.ts';

/** Slots of the cell colour table: 0 and 1 are a mixed column's fill and stripes, owners from 2 on. */
const MIXED = 0;
const MIXED_STRIPE = 1;

/**
 * What every row of a block shares at one zoom: the band of each column, the track
 * shades with their band tints (inside the row's space, outside it, and its hatch
 * stripes), and the cell colours blended over them, made as they are first needed.
 */
export class BlockPixels {
  readonly cols: number;
  readonly edges: Float64Array;
  /** band index per column (bands.length where none) */
  private readonly band: Uint8Array;
  /** per shade: the track line inside the row's space, outside it, and outside's stripes */
  readonly inside: Uint32Array[];
  readonly outside: Uint32Array[];
  readonly outsideStripe: Uint32Array[];
  private readonly style: MapStyle;
  /** owner index → slot; -1 until first seen */
  private slots = new Int32Array(16).fill(-1);
  private readonly slotColour: string[] = [MIXED_FILL, MIXED_HATCH];
  /** per slot: colour per (background, level, dimmed) */
  private readonly luts: (Uint32Array | undefined)[] = [];

  /** device columns of the cell boundaries drawn over every row (gridColumns), in the panel colour */
  readonly grid: Int32Array;
  private readonly gridPixel = pixelOf(THEME.panel);

  constructor(plan: AxisPlan, edges: Float64Array, style: MapStyle, grid: Int32Array = new Int32Array(0)) {
    this.edges = edges;
    this.grid = grid;
    this.style = style;
    const cols = (this.cols = edges.length - 1);
    const bands = plan.bands;
    this.band = new Uint8Array(cols);
    let b = 0;
    for (let c = 0; c < cols; c++) {
      const mid = (edges[c] + edges[c + 1]) / 2;
      while (b < bands.length && mid >= bands[b].hi) b++;
      this.band[c] = b < bands.length && mid >= bands[b].lo ? b : bands.length;
    }
    // The background of a column: a track shade under its band's tint (or bare track).
    const bgPixels: number[] = [];
    for (let shade = 0; shade < 2; shade++) {
      const track = pixelOf(trackColour(style, shade));
      for (let k = 0; k <= bands.length; k++) {
        bgPixels.push(k < bands.length ? blendOver(track, THEME.bands[bands[k].kind]) : track);
      }
    }
    const nb = bands.length + 1;
    this.inside = [];
    this.outside = [];
    this.outsideStripe = [];
    for (let shade = 0; shade < 2; shade++) {
      const ins = new Uint32Array(cols);
      const out = new Uint32Array(cols);
      const str = new Uint32Array(cols);
      const perBand = Array.from({ length: nb }, (_, k) => {
        const i = bgPixels[shade * nb + k];
        const o = blendOver(i, THEME.outside);
        return [i, o, blendOver(o, THEME.hatch)];
      });
      for (let c = 0; c < cols; c++) {
        const [i, o, s] = perBand[this.band[c]];
        ins[c] = i;
        out[c] = o;
        str[c] = s;
      }
      this.inside.push(ins);
      this.outside.push(out);
      this.outsideStripe.push(str);
    }
    this.bgPixels = bgPixels;
    this.nb = nb;
  }
  private readonly bgPixels: number[];
  private readonly nb: number;

  /** The slot of an owner index, made on first sight. */
  slotOf(owner: number): number {
    if (owner >= this.slots.length) {
      const grown = new Int32Array(Math.max(owner + 1, this.slots.length * 2)).fill(-1);
      grown.set(this.slots);
      this.slots = grown;
    }
    let s = this.slots[owner];
    if (s < 0) {
      s = this.slotColour.length;
      this.slotColour.push(this.style.colour(owner));
      this.slots[owner] = s;
    }
    return s;
  }

  /** The colour table of a slot: index ((band * 2 + shade) * LEVELS + level) * 2 + dimmed. */
  lut(slot: number): Uint32Array {
    let t = this.luts[slot];
    if (t) return t;
    const n = this.nb * 2;
    t = new Uint32Array(n * LEVELS * 2);
    for (let bg = 0; bg < n; bg++) {
      // bg counts (band * 2 + shade); bgPixels is laid out shade-major.
      const band = bg >> 1;
      const shade = bg & 1;
      const under = this.bgPixels[shade * this.nb + band];
      for (let level = 0; level < LEVELS; level++)
        for (let dim = 0; dim < 2; dim++) {
          const a = levelAlpha(this.style, level, dim === 1);
          let px: number;
          if (slot === MIXED_STRIPE) px = blendOver(blendOver(under, MIXED_FILL, a), MIXED_HATCH, a);
          else px = blendOver(under, this.slotColour[slot], a);
          t[(bg * LEVELS + level) * 2 + dim] = px;
        }
    }
    this.luts[slot] = t;
    return t;
  }

  get gridPixelValue(): number {
    return this.gridPixel;
  }

  bandAt(c: number): number {
    return this.band[c];
  }

  /** band index per column */
  get bands(): Uint8Array {
    return this.band;
  }
}

export interface TileLook {
  /** height in device pixels, and the cells' inset above and below */
  h: number;
  inset: number;
  /** the device x of column 0 on the canvas: hatch stripes are anchored to the canvas */
  x0: number;
  dpr: number;
  /** the row's track shade (0 or 1) */
  shade: number;
  /** the owner index shown undimmed; null when nothing is selected */
  selectedOwner: number | null;
}

/** Scratch lines, grown as needed and reused: a tile build allocates only its tile. */
let scratch = { base: new Uint32Array(0), cells: new Uint32Array(0), kind: new Uint8Array(0) };
function lines(cols: number) {
  if (scratch.base.length < cols) scratch = { base: new Uint32Array(cols), cells: new Uint32Array(cols), kind: new Uint8Array(cols) };
  return scratch;
}

const NONE = 0;
const CELL = 1;
const MIXED_CELL = 2;

/**
 * A row's tile: `look.h` lines of `bp.cols` pixels. Costs pixels (columns × lines) and
 * one pass over the aggregate, whatever the row holds.
 */
export function paintRowTile(
  bp: BlockPixels,
  row: MapRow,
  data: RowData,
  agg: ColumnAggregate | null,
  style: MapStyle,
  look: TileLook,
  reuse?: Uint32Array,
): Uint32Array {
  const cols = bp.cols;
  const { h, shade, selectedOwner } = look;
  const inset = Math.min(look.inset, Math.floor(h / 2));
  const { base, cells, kind } = lines(cols);
  // The background: the track inside the row's space, darkened outside it.
  const [lo, hi] = validColumns(bp.edges, row.valid);
  base.set(bp.outside[shade].subarray(0, lo), 0);
  base.set(bp.inside[shade].subarray(lo, hi), lo);
  base.set(bp.outside[shade].subarray(hi, cols), hi);
  cells.set(base.subarray(0, cols));
  kind.fill(NONE, 0, cols);
  if (agg) {
    const { count, first, mixed, span } = agg;
    const owners = data.owners;
    const minCols = Math.max(1, Math.round(MIN_CELL_PX * look.dpr));
    const density = style.density;
    let runStart = -1;
    let runSlot = -1;
    // The last owner seen and its colour table: neighbouring columns mostly share them.
    let lastOwner = -2;
    let lastSlot = -1;
    let table = bp.lut(MIXED);
    let tableSlot = MIXED;
    for (let c = 0; c < cols; c++) {
      const n = count[c];
      if (n === 0) {
        runSlot = -1;
        continue;
      }
      const isMixed = mixed[c] === 1;
      const owner = isMixed ? -1 : owners[first[c]];
      if (owner !== lastOwner) {
        lastOwner = owner;
        lastSlot = isMixed ? MIXED : bp.slotOf(owner);
      }
      const slot = lastSlot;
      if (slot !== tableSlot) {
        table = bp.lut(slot);
        tableSlot = slot;
      }
      const dim = selectedOwner !== null && (isMixed || owner !== selectedOwner) ? 1 : 0;
      const s = span[c];
      const level = !density || s <= n ? LEVELS - 1 : Math.min(LEVELS - 1, ((n * LEVELS) / s) | 0);
      cells[c] = table[((bp.bandAt(c) * 2 + shade) * LEVELS + level) * 2 + dim];
      kind[c] = isMixed ? MIXED_CELL : CELL;
      if (slot !== runSlot || isMixed) {
        runStart = c;
        runSlot = isMixed ? -1 : slot;
      }
      // A run of one owner narrower than the minimum is widened into the free columns after it.
      const end = c + 1;
      if (!isMixed && end - runStart < minCols && (end >= cols || count[end] === 0)) {
        const px = cells[c];
        for (let k = end; k < Math.min(cols, runStart + minCols) && count[k] === 0; k++) {
          cells[k] = px;
          kind[k] = CELL;
        }
      }
    }
  }
  const tile = reuse && reuse.length === cols * h ? reuse : new Uint32Array(cols * h);
  for (let y = 0; y < h; y++) tile.set(y >= inset && y < h - inset ? cells.subarray(0, cols) : base.subarray(0, cols), y * cols);
  // Hatching, anchored to the canvas: outside the row's space where no cell covers it, and over mixed cells.
  const w = Math.max(1, Math.round(look.dpr));
  const gOut = Math.max(2, Math.round(OUTSIDE_HATCH_GAP * look.dpr));
  const gMix = Math.max(2, Math.round(MIXED_HATCH_GAP * look.dpr));
  const stripe = bp.outsideStripe[shade];
  const hatchOutside = (a: number, b: number) => {
    for (let y = 0; y < h; y++) {
      const inCells = y >= inset && y < h - inset;
      const row0 = y * cols;
      for (let c = a; c < b; c++) {
        if (inCells && kind[c] !== NONE) continue;
        if ((((look.x0 + c + y - h) % gOut) + gOut) % gOut < w) tile[row0 + c] = stripe[c];
      }
    }
  };
  if (lo > 0) hatchOutside(0, lo);
  if (hi < cols) hatchOutside(hi, cols);
  if (agg) {
    const mixedStripe = bp.lut(MIXED_STRIPE);
    const ch = h - 2 * inset;
    for (let c = 0; c < cols; c++) {
      if (kind[c] !== MIXED_CELL) continue;
      const dim = selectedOwner !== null ? 1 : 0;
      const level = levelOf(style, agg, c);
      const px = mixedStripe[((bp.bandAt(c) * 2 + shade) * LEVELS + level) * 2 + dim];
      for (let y = inset; y < h - inset; y++) if ((((look.x0 + c + (y - inset) - ch) % gMix) + gMix) % gMix < w) tile[y * cols + c] = px;
    }
  }
  // Cell boundaries, a CSS px short of the row's top and bottom.
  const g = bp.grid;
  if (g.length) {
    const px = bp.gridPixelValue;
    const m = Math.round(look.dpr);
    for (let y = m; y < h - m; y++) {
      const row0 = y * cols;
      for (let k = 0; k < g.length; k++) tile[row0 + g[k]] = px;
    }
  }
  return tile;
}
