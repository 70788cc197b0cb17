/**
 * What a map keeps between frames, per row: its aggregate under the current columns and
 * its finished pixels (row-pixels.ts) beside it. A redraw at an unchanged zoom finds both
 * and copies pixels; new data for a row, a new zoom or a new look (selection, height)
 * rebuilds only what it touches. Bounded: the least recently drawn tiles go first.
 */
import { aggregateColumns, type ColumnAggregate } from '../../core/view/range-aggregate.ts';
import type { RowData } from './map-row.ts';

interface AggEntry {
  data: RowData;
  edges: Float64Array;
  agg: ColumnAggregate;
}

interface TileEntry {
  edges: Float64Array;
  agg: ColumnAggregate | null;
  look: string;
  tile: Uint32Array;
}

/** Rows at most this long are compared by content, so an unchanged row rebuilt by a new step keeps its pixels. */
const COMPARE_MAX = 8192;

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameData(a: RowData, b: RowData): boolean {
  if (a === b) return true;
  if (a.ids.length !== b.ids.length || a.ids.length > COMPARE_MAX) return a.ids === b.ids && a.owners === b.owners;
  return sameArray(a.ids, b.ids) && sameArray(a.owners, b.owners);
}

export class RowCache {
  private readonly aggs = new Map<string, AggEntry>();
  private readonly tiles = new Map<string, TileEntry>();
  private readonly edgeSets: Float64Array[] = [];
  private perEdges = new WeakMap<Float64Array, Map<string, object>>();
  private bytes = 0;
  private readonly budget: number;
  /** rows aggregated and tiles painted since the cache was made (tests and the benchmark read them) */
  aggregated = 0;
  painted = 0;

  constructor(budgetBytes = 64 << 20) {
    this.budget = budgetBytes;
  }

  /** The same column edges as a previous frame's, as that frame's array: the aggregates keyed on it stay valid. */
  canonicalEdges(edges: Float64Array): Float64Array {
    for (const e of this.edgeSets) if (sameArray(e, edges)) return e;
    this.edgeSets.unshift(edges);
    if (this.edgeSets.length > 8) this.edgeSets.length = 8;
    return edges;
  }

  /** What the rows of a block share at these columns (row-pixels.ts BlockPixels), made once per zoom. */
  shared<T extends object>(edges: Float64Array, key: string, make: () => T): T {
    let byKey = this.perEdges.get(edges);
    if (!byKey) this.perEdges.set(edges, (byKey = new Map()));
    let v = byKey.get(key) as T | undefined;
    if (!v) byKey.set(key, (v = make()));
    return v;
  }

  /** The row's aggregate over `edges` (a canonical array), computed only when its data or the edges changed. */
  aggregate(key: string, data: RowData, edges: Float64Array): ColumnAggregate {
    const e = this.aggs.get(key);
    if (e && e.edges === edges && sameData(e.data, data)) {
      e.data = data;
      return e.agg;
    }
    const agg = aggregateColumns(data.ids, edges, data.runStarts);
    this.aggregated++;
    this.aggs.set(key, { data, edges, agg });
    return agg;
  }

  /** The row's tile for its columns, aggregate and look, painted by `paint` only when one of them changed (into the old tile's buffer when it fits). */
  tile(key: string, edges: Float64Array, agg: ColumnAggregate | null, look: string, paint: (reuse?: Uint32Array) => Uint32Array): Uint32Array {
    const e = this.tiles.get(key);
    if (e && e.edges === edges && e.agg === agg && e.look === look) {
      // Most recently used last.
      this.tiles.delete(key);
      this.tiles.set(key, e);
      return e.tile;
    }
    if (e) this.bytes -= e.tile.byteLength;
    // The old tile's buffer is painted over when the new one has its size.
    const tile = paint(e?.tile);
    this.painted++;
    this.tiles.delete(key);
    this.tiles.set(key, { edges, agg, look, tile });
    this.bytes += tile.byteLength;
    for (const [k, old] of this.tiles) {
      if (this.bytes <= this.budget || k === key) break;
      this.tiles.delete(k);
      this.aggs.delete(k);
      this.bytes -= old.tile.byteLength;
    }
    return tile;
  }

  /** Forget every tile but keep the aggregates (a new look for every row). */
  dropPixels(): void {
    this.tiles.clear();
    this.bytes = 0;
  }

  /** Forget everything (a new scenario or run). */
  clear(): void {
    this.tiles.clear();
    this.aggs.clear();
    this.edgeSets.length = 0;
    this.perEdges = new WeakMap();
    this.bytes = 0;
  }
}
