/**
 * The four policies side by side in the embed frame, two by two. Four panels of two hosts
 * each are taller than a 16:9 frame at any type size a projector shows, so EmbedFit scales
 * the grid down to the frame; each panel's head (policy and outcome) and migration line
 * are scaled back up in embed.css, so they stay readable when the maps are small.
 */
import { useMemo } from 'react';
import { POLICY_KINDS, type PolicyKind } from '../../core/model/types.ts';
import { useAppStore } from '../../store/store.ts';
import { chipText } from '../format.ts';
import { MapPanel } from '../maps/map-panel.tsx';
import { framePanel } from '../maps/model.ts';
import { allHostsPanel, migrationHosts } from '../maps/views.ts';
import { MigrationCard } from '../main-view.tsx';
import { stepScenario } from '../selectors.ts';

function EmbedComparePanel({ kind }: { kind: PolicyKind }) {
  const frame = useAppStore((s) => s.frames[kind]);
  const scenario = useAppStore((s) => s.scenario);
  const selected = useAppStore((s) => s.selection?.holder ?? null);
  const outcome = frame?.outcome ?? undefined;
  const model = useMemo(
    () => (scenario && frame ? allHostsPanel(stepScenario(scenario, frame), frame.snap, outcome, selected) : null),
    [scenario, frame, outcome, selected],
  );
  const framed = useMemo(() => (model ? framePanel(model) : undefined), [model]);
  const mig = outcome?.op === 'migrate' && frame && scenario ? migrationHosts(outcome, stepScenario(scenario, frame), frame.prev) : null;
  return (
    <section className="compare-panel embed-compare-cell" aria-label={`Policy ${kind}`}>
      <header className="compare-head">
        <h2>{kind}</h2>
        {outcome && (
          <span className={`chip ${outcome.ok ? 'ok' : 'fail'}`} aria-label={`Outcome under ${kind}: ${chipText(outcome)}`}>
            {chipText(outcome)}
          </span>
        )}
      </header>
      {outcome && mig && <MigrationCard outcome={outcome} from={mig.from} to={mig.to} compact />}
      {model ? (
        <MapPanel model={model} framedModel={framed} label={`Range maps under ${kind}`} nameSuffix={kind} density="dense" />
      ) : (
        <div className="main-empty">Running…</div>
      )}
    </section>
  );
}

export function EmbedCompare() {
  return (
    <div className="embed-compare">
      {POLICY_KINDS.map((k) => (
        <EmbedComparePanel key={k} kind={k} />
      ))}
    </div>
  );
}
