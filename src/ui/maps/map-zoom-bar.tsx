/** A map panel's zoom buttons: in, out, to the selection, frame the used PASIDs, whole range. */
import { IconZoomSelection } from '../icons.tsx';

export interface MapZoomBarProps {
  /** ` (host A)`: tells the buttons of several panels apart */
  suffix: string;
  /** from the panel's top: beside the first block's axis */
  top?: number;
  canZoomToSelection: boolean;
  /** null: the panel has no framed view */
  framed: boolean | null;
  onZoomIn(): void;
  onZoomOut(): void;
  onZoomToSelection(): void;
  onFrame(): void;
  onWhole(): void;
}

export function MapZoomBar(p: MapZoomBarProps) {
  const { suffix } = p;
  return (
    <div className="map-zoom" role="toolbar" aria-label={`Zoom${suffix}`} style={p.top !== undefined ? { top: p.top } : undefined}>
      <button type="button" aria-label={`Zoom in${suffix}`} title="Zoom in (or wheel over the map)" onClick={p.onZoomIn}>
        +
      </button>
      <button type="button" aria-label={`Zoom out${suffix}`} title="Zoom out" onClick={p.onZoomOut}>
        −
      </button>
      <button
        type="button"
        aria-label={`Zoom to selection${suffix}`}
        title={p.canZoomToSelection ? 'Zoom to the selected process’s PASIDs' : 'Zoom to selection: select a process on the map first'}
        disabled={!p.canZoomToSelection}
        onClick={p.onZoomToSelection}
      >
        <IconZoomSelection />
      </button>
      {p.framed !== null && (
        <button
          type="button"
          aria-label={`Frame the used PASIDs${suffix}`}
          aria-pressed={p.framed}
          title="Frame the used PASIDs: each band's used span gets the room"
          onClick={p.onFrame}
        >
          ◎
        </button>
      )}
      <button type="button" aria-label={`Reset zoom${suffix}`} title="Whole range" onClick={p.onWhole}>
        ⤢
      </button>
    </div>
  );
}
