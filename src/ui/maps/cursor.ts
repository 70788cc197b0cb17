/**
 * The keyboard cursor of a map: one used cell (row, PASID) that arrow keys move between
 * and Enter selects, so the maps work without a mouse. Pure: positions come from the
 * caller (the zoomed scale of the row's block).
 */
import type { Holder } from '../../core/model/types.ts';
import { sameHolder } from '../format.ts';
import type { PanelModel, RowModel } from './model.ts';

export interface Cell {
  row: string;
  pasid: number;
}

export type CursorKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

export const CURSOR_KEYS: readonly string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];

/** The rows that have used cells, top to bottom. */
function usedRows(model: PanelModel): RowModel[] {
  return model.blocks.flatMap((b) => b.rows.filter((r) => r.ids.length > 0));
}

function rowOf(model: PanelModel, key: string): RowModel | undefined {
  for (const b of model.blocks) for (const r of b.rows) if (r.key === key) return r;
  return undefined;
}

/** The used cell nearest to x (by `xOf`) in a row. */
function nearest(row: RowModel, x: number, xOf: (row: string, pasid: number) => number): Cell {
  let best = row.ids[0];
  let bestD = Infinity;
  for (const v of row.ids) {
    const d = Math.abs(xOf(row.key, v) - x);
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  return { row: row.key, pasid: best };
}

/**
 * Where the cursor starts when the map gets the focus: the cell the selection was picked
 * from, else the first cell of the selected process, else the first used cell.
 */
export function startCell(model: PanelModel, selected: { holder: Holder; at?: { pasid: number } } | null): Cell | null {
  const rows = usedRows(model);
  if (selected) {
    let first: Cell | null = null;
    for (const r of rows)
      for (const e of r.entries)
        if (sameHolder(e.holder, selected.holder)) {
          if (selected.at && e.pasid === selected.at.pasid) return { row: r.key, pasid: e.pasid };
          first ??= { row: r.key, pasid: e.pasid };
        }
    if (first) return first;
  }
  return rows.length ? { row: rows[0].key, pasid: rows[0].ids[0] } : null;
}

/** The cursor still on a used cell after the model changed: the same, the nearest in its row, or the start. */
export function keepCell(model: PanelModel, cur: Cell | null, xOf: (row: string, pasid: number) => number): Cell | null {
  if (!cur) return null;
  const row = rowOf(model, cur.row);
  if (!row || row.ids.length === 0) return startCell(model, null);
  if (row.entries.some((e) => e.pasid === cur.pasid)) return cur;
  return nearest(row, xOf(cur.row, cur.pasid), xOf);
}

/** Move the cursor: left/right along its row, up/down to the nearest cell of the next used row, Home/End to the row's ends. */
export function moveCell(model: PanelModel, cur: Cell, key: CursorKey, xOf: (row: string, pasid: number) => number): Cell {
  const rows = usedRows(model);
  const at = rows.findIndex((r) => r.key === cur.row);
  if (at < 0) return startCell(model, null) ?? cur;
  const row = rows[at];
  const i = row.entries.findIndex((e) => e.pasid === cur.pasid);
  switch (key) {
    case 'ArrowLeft':
      return { row: row.key, pasid: row.ids[Math.max(0, i - 1)] };
    case 'ArrowRight':
      return { row: row.key, pasid: row.ids[Math.min(row.ids.length - 1, i + 1)] };
    case 'Home':
      return { row: row.key, pasid: row.ids[0] };
    case 'End':
      return { row: row.key, pasid: row.ids[row.ids.length - 1] };
    case 'ArrowUp':
    case 'ArrowDown': {
      const next = rows[at + (key === 'ArrowUp' ? -1 : 1)];
      return next ? nearest(next, xOf(cur.row, cur.pasid), xOf) : cur;
    }
  }
}

/** The entry under the cursor. */
export function cellEntry(model: PanelModel, cur: Cell): { row: RowModel; index: number } | null {
  const row = rowOf(model, cur.row);
  if (!row) return null;
  const index = row.entries.findIndex((e) => e.pasid === cur.pasid);
  return index < 0 ? null : { row, index };
}
