/**
 * A map panel's zoom buttons, over its axis: in, out, to the selection, frame the used
 * PASIDs (when the panel has a framed view) and the whole range.
 */
import { IconZoomSelection } from '../icons.tsx';

export interface MapZoomBarProps {
  /** ` (name)` after each button's name when several panels are on screen, or empty */
  suffix: string;
  /** the bar's top in the panel, level with the first axis */
  top?: number;
  canZoomToSelection: boolean;
  /** whether the framed view is on; undefined when the panel has none */
  framed?: boolean;
  onZoomIn(): void;
  onZoomOut(): void;
  onZoomToSelection(): void;
  onFrame(): void;
  onReset(): void;
}

export function MapZoomBar({ suffix, top, canZoomToSelection, framed, onZoomIn, onZoomOut, onZoomToSelection, onFrame, onReset }: MapZoomBarProps) {
  return (
    <div className="map-zoom" role="toolbar" aria-label={`Zoom${suffix}`} style={top === undefined ? undefined : { top }}>
      <button type="button" aria-label={`Zoom in${suffix}`} title="Zoom in (or wheel over the map)" onClick={onZoomIn}>
        +
      </button>
      <button type="button" aria-label={`Zoom out${suffix}`} title="Zoom out" onClick={onZoomOut}>
        −
      </button>
      <button
        type="button"
        aria-label={`Zoom to selection${suffix}`}
        title={canZoomToSelection ? 'Zoom to the selected process’s PASIDs' : 'Zoom to selection: select a process on the map first'}
        disabled={!canZoomToSelection}
        onClick={onZoomToSelection}
      >
        <IconZoomSelection />
      </button>
      {framed !== undefined && (
        <button
          type="button"
          aria-label={`Frame the used PASIDs${suffix}`}
          aria-pressed={framed}
          title="Frame the used PASIDs: each band's used span gets the room"
          onClick={onFrame}
        >
          ◎
        </button>
      )}
      <button type="button" aria-label={`Reset zoom${suffix}`} title="Whole range" onClick={onReset}>
        ⤢
      </button>
    </div>
  );
}
