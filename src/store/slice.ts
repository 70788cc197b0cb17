/**
 * What every slice creator gets: the store's `set` with a devtools action name, and `get`.
 */
import type { AppState } from './store.ts';

export type SetState = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>), replace?: false, action?: string) => void;
export type GetState = () => AppState;
