/**
 * A panel's highlighted cells (highlights.ts) from the store: what the search found on
 * it, and what the event under the pointer or the keyboard in the strip touched under
 * the run the panel shows.
 */
import { useMemo } from 'react';
import { useAppStore, type RunKey } from '../../store/store.ts';
import { searchCells, touchedCells } from './highlights.ts';
import type { PanelModel } from './model.ts';

export function useHighlights(model: PanelModel, runKey: RunKey | undefined) {
  const query = useAppStore((s) => s.search?.query ?? null);
  const changes = useAppStore((s) => (runKey ? s.touched?.cells[runKey] : undefined));
  const found = useMemo(() => searchCells(model, query), [model, query]);
  const touched = useMemo(() => (changes ? touchedCells(model, changes) : []), [model, changes]);
  return { found, touched };
}
