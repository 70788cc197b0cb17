/**
 * The row painter's pixels and the cache beside them: what a tile shows (the track, what
 * the row cannot hold, cells by owner, dimming, density), and that a redraw repaints only
 * the rows whose data or look changed.
 */
import { describe, expect, it } from 'vitest';
import { aggregateColumns, ownerRunStarts } from '../../core/view/range-aggregate.ts';
import { THEME } from '../palette.ts';
import { planAxis } from './bands.ts';
import type { MapRow, RowData } from './map-row.ts';
import { blendOver, pixelOf } from './pixel-colour.ts';
import type { MapStyle } from './render-context.ts';
import { RowCache } from './row-cache.ts';
import { DIM_ALPHA, OUTSIDE_FILL } from './row-look.ts';
import { BlockPixels, paintRowTile } from './row-pixels.ts';

const RED = '#ff0000';
const BLUE = '#0000ff';
const style: MapStyle = { colour: (o) => (o === 1 ? RED : BLUE), density: false, alternate: false, cellInset: 0 };
// A plain axis: IDs 0..99, one column per ID.
const plan = { ...planAxis({ kind: 'global', localEnd: 0, sharedEnd: 0 }, 20), bands: [], max: 100 };
const edges = Float64Array.from({ length: 101 }, (_, i) => i);

function rowOf(ids: number[], owners: number[], valid: [number, number] | null = [0, 100]): MapRow & RowData {
  const o = Int32Array.from(owners);
  return { key: 'r', kind: 'rid', title: 'r', subtitle: '', valid, ids: Int32Array.from(ids), owners: o, runStarts: ownerRunStarts(o) };
}

function tile(row: MapRow & RowData, s: MapStyle = style, selectedOwner: number | null = null, h = 1) {
  const bp = new BlockPixels(plan, edges, s);
  const agg = row.ids.length ? aggregateColumns(row.ids, edges, row.runStarts) : null;
  return paintRowTile(bp, row, row, agg, s, { h, inset: 0, x0: 0, dpr: 1, shade: 0, selectedOwner });
}

const track = pixelOf(THEME.track);

describe('row pixels', () => {
  it('cells take their owner colour; free IDs show the track; the row is one line per device pixel', () => {
    const t = tile(rowOf([10, 11, 50], [1, 1, 2]), style, null, 3);
    expect(t.length).toBe(300);
    expect(t[10]).toBe(pixelOf(RED));
    expect(t[11]).toBe(pixelOf(RED));
    expect(t[50]).toBe(pixelOf(BLUE));
    expect(t[30]).toBe(track);
    // every line of a row without hatching is the same
    expect(t.subarray(200, 300)).toEqual(t.subarray(0, 100));
  });

  it('a lone ID is drawn at least 2 px wide, into the free column after it', () => {
    const t = tile(rowOf([20], [1]));
    expect(t[20]).toBe(pixelOf(RED));
    expect(t[21]).toBe(pixelOf(RED));
    expect(t[22]).toBe(track);
  });

  it('what the row cannot hold is darkened (and hatched)', () => {
    const t = tile(rowOf([], [], [40, 60]), style, null, 14);
    const dark = blendOver(track, OUTSIDE_FILL);
    const stripe = blendOver(dark, THEME.hatch);
    const line = (y: number) => Array.from(t.subarray(y * 100, y * 100 + 100));
    for (const y of [0, 7, 13]) {
      const l = line(y);
      expect(l.slice(40, 60).every((p) => p === track)).toBe(true);
      expect(l.slice(0, 40).every((p) => p === dark || p === stripe)).toBe(true);
      expect(l.slice(0, 40).some((p) => p === stripe)).toBe(true);
    }
    // The stripes are diagonal: a line's are one column left of the line above's.
    expect(line(5).slice(0, 39)).toEqual(line(4).slice(1, 40));
    // No space at all: the whole row is outside.
    expect(Array.from(tile(rowOf([], [], null))).every((p) => p === dark || p === stripe)).toBe(true);
  });

  it('a selection dims every other owner', () => {
    const t = tile(rowOf([10, 50], [1, 2]), style, 2);
    expect(t[50]).toBe(pixelOf(BLUE));
    expect(t[10]).toBe(blendOver(track, RED, DIM_ALPHA));
  });

  it('a density style shades a column by how much of it is used', () => {
    const dense: MapStyle = { ...style, density: true };
    const wide = Float64Array.from({ length: 11 }, (_, i) => i * 10);
    const bp = new BlockPixels(plan, wide, dense);
    const row = rowOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20], Array(12).fill(1));
    const agg = aggregateColumns(row.ids, wide, row.runStarts);
    const t = paintRowTile(bp, row, row, agg, dense, { h: 1, inset: 0, x0: 0, dpr: 1, shade: 0, selectedOwner: null });
    expect(t[0]).toBe(pixelOf(RED)); // a full column
    const lone = t[2];
    expect(lone).not.toBe(pixelOf(RED));
    expect(lone).not.toBe(track);
  });
});

describe('row cache', () => {
  const look = 'a';
  it('keeps a row\u2019s aggregate and pixels until its data, the columns or its look change', () => {
    const cache = new RowCache();
    const e = cache.canonicalEdges(Float64Array.from(edges));
    const a = rowOf([1, 2, 3], [1, 1, 1]);
    const b = rowOf([7], [2]);
    const frame = (rows: (MapRow & RowData)[], key = look, ed = e) =>
      rows.map((r, i) => cache.tile(`row${i}`, ed, cache.aggregate(`row${i}`, r, ed), key, () => new Uint32Array(4)));
    frame([a, b]);
    expect([cache.aggregated, cache.painted]).toEqual([2, 2]);
    // Nothing changed: a blit.
    frame([a, b]);
    expect([cache.aggregated, cache.painted]).toEqual([2, 2]);
    // A new step rebuilt every row; only row 1's IDs differ.
    frame([rowOf([1, 2, 3], [1, 1, 1]), rowOf([7, 8], [2, 2])]);
    expect([cache.aggregated, cache.painted]).toEqual([3, 3]);
    // The same columns computed again are the same columns.
    frame([a, rowOf([7, 8], [2, 2])], look, cache.canonicalEdges(Float64Array.from(edges)));
    expect([cache.aggregated, cache.painted]).toEqual([3, 3]);
    // A new look (a selection) repaints, but does not aggregate again.
    frame([a, rowOf([7, 8], [2, 2])], 'b');
    expect([cache.aggregated, cache.painted]).toEqual([3, 5]);
    // A zoom: new columns, everything again.
    frame([a, rowOf([7, 8], [2, 2])], 'b', cache.canonicalEdges(Float64Array.from(edges, (v) => v / 2)));
    expect([cache.aggregated, cache.painted]).toEqual([5, 7]);
  });

  it('is bounded: the least recently drawn tiles go first', () => {
    const cache = new RowCache(64);
    const e = cache.canonicalEdges(Float64Array.from(edges));
    const r = rowOf([1], [1]);
    for (let i = 0; i < 10; i++) cache.tile(`row${i}`, e, cache.aggregate(`row${i}`, r, e), look, () => new Uint32Array(4));
    // 16 bytes a tile, 64 bytes: the last four are kept.
    const before = cache.painted;
    cache.tile('row9', e, cache.aggregate('row9', r, e), look, () => new Uint32Array(4));
    cache.tile('row0', e, cache.aggregate('row0', r, e), look, () => new Uint32Array(4));
    expect(cache.painted - before).toBe(1);
  });
});
