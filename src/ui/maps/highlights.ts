/**
 * The cells a panel highlights besides the step's own marks: those the search box's query
 * matches (search-query.ts), and those the event under the pointer or the keyboard in the
 * event strip touched (its effects, effect-changes.ts). Derived from what the panel
 * shows, so the cost is its rows, and bounded: a query that matches every cell of a huge
 * map draws at most HIGHLIGHTS_MAX rings.
 */
import type { SearchQuery } from '../../core/view/search-query.ts';
import { cellMatches } from '../../core/view/search-query.ts';
import type { CellChange } from '../../core/view/effect-changes.ts';
import { gRowKey, guestRowKey, ridRowKey, type PanelModel, type RowModel } from './model.ts';

export const HIGHLIGHTS_MAX = 5000;

export interface HighlightCell {
  row: string;
  pasid: number;
}

/** The names a row answers to: its RID and host, and the aliases its function is given to a VM under. */
function rowNames(model: PanelModel, row: RowModel): string[] {
  const sp = row.space;
  if (sp.kind === 'g') return [sp.host];
  if (sp.kind === 'guest') return [sp.vm];
  const f = model.blocks.find((b) => b.host.id === sp.host)?.host.functions.find((x) => x.rid === sp.rid);
  const names = [sp.rid, sp.host];
  if (f?.assignedTo) names.push(f.assignedTo.alias);
  if (f) for (const a of f.adis) names.push(a.alias);
  return names;
}

/** The used cells of the panel the query matches. */
export function searchCells(model: PanelModel, q: SearchQuery | null): HighlightCell[] {
  if (!q || (q.kind !== 'pasid' && q.kind !== 'name')) return [];
  const out: HighlightCell[] = [];
  for (const b of model.blocks)
    for (const r of b.rows) {
      const row = q.kind === 'name' ? rowNames(model, r) : [];
      for (const e of r.entries) {
        if (out.length >= HIGHLIGHTS_MAX) return out;
        if (cellMatches(q, { pasid: e.pasid, holder: e.holder, devices: e.devices, row }))
          out.push({ row: r.key, pasid: e.pasid });
      }
    }
  return out;
}

/** The cells of the panel an event's effects changed (cells it freed too: they are drawn where they were). */
export function touchedCells(model: PanelModel, changes: readonly CellChange[]): HighlightCell[] {
  const rows = new Set<string>();
  for (const b of model.blocks) for (const r of b.rows) rows.add(r.key);
  const seen = new Set<string>();
  const out: HighlightCell[] = [];
  for (const c of changes) {
    const sp = c.space;
    const row =
      sp.kind === 'g'
        ? gRowKey(sp.host)
        : sp.kind === 'guest'
          ? guestRowKey(sp.vm)
          : ridRowKey(sp.host, sp.rid);
    const k = `${row}\u0000${c.pasid}`;
    if (!rows.has(row) || seen.has(k) || out.length >= HIGHLIGHTS_MAX) continue;
    seen.add(k);
    out.push({ row, pasid: c.pasid });
  }
  return out;
}
