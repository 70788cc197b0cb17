/**
 * The reviewer's tools on the scenario's title line: the search box, the state table's
 * toggle (key T) and the keyboard help (key ?). On the title line rather than in the top
 * bar, which is full at 1280 px: there they would wrap it onto a second row.
 */
import { useAppStore } from '../store/store.ts';
import { SearchBox } from './search-box.tsx';

export function ReviewBar() {
  const stateTableOpen = useAppStore((s) => s.stateTableOpen);
  const setStateTableOpen = useAppStore((s) => s.setStateTableOpen);
  const setKeyHelpOpen = useAppStore((s) => s.setKeyHelpOpen);
  return (
    <div className="review-bar" role="group" aria-label="Review tools">
      <SearchBox />
      <button
        type="button"
        className={`btn toggle ${stateTableOpen ? 'on' : ''}`}
        aria-pressed={stateTableOpen}
        onClick={() => setStateTableOpen(!stateTableOpen)}
        title="The state at this step as tables, what changed marked, in place of the maps (key T)"
      >
        Table
      </button>
      <button
        type="button"
        className="btn ghost"
        aria-label="Keyboard keys (?)"
        title="Every key the page answers to (key ?)"
        onClick={() => setKeyHelpOpen(true)}
      >
        ?
      </button>
    </div>
  );
}
