/**
 * Two branches side by side on the page's one cursor: the open branch (the session engine)
 * and the compared one (a second engine session), each with its outcome at this step and
 * its range maps; a branch shorter than the cursor shows its last step. The event strip
 * marks with ≠ the events where their outcomes differ (branch-differ.ts).
 */
import { useMemo } from 'react';
import type { Holder, Outcome } from '../../core/model/types.ts';
import { currentBranch } from '../../store/branches.ts';
import { useAppStore, type Frame } from '../../store/store.ts';
import type { RunInfo, ScenarioHead } from '../../worker/engine.ts';
import { chipTone } from '../format.ts';
import { MigrationCard } from '../main-view.tsx';
import { MapPanel } from '../maps/map-panel.tsx';
import { framePanel } from '../maps/model.ts';
import { allHostsPanel, migrationHosts } from '../maps/views.ts';
import { chipAt, fieldsAt, stepScenario } from '../selectors.ts';
import { branchDiffer } from './branch-differ.ts';

export function BranchCompareView() {
  const cmp = useAppStore((s) => s.branchCompare);
  const set = useAppStore((s) => s.branchSet);
  const run = useAppStore((s) => s.runs[s.policy]);
  const frame = useAppStore((s) => s.frames[s.policy]);
  const scenario = useAppStore((s) => s.scenario);
  const policy = useAppStore((s) => s.policy);
  const cursor = useAppStore((s) => s.cursor);
  const selected = useAppStore((s) => s.selection?.holder ?? null);
  if (!cmp || !set || !scenario) return null;
  const differ = branchDiffer(run, cmp.run);
  const count = differ ? differ.reduce((n, x) => n + x, 0) : 0;
  return (
    <div className="branch-compare" role="region" aria-label="Branches compared">
      <div className="branch-compare-bar">
        <span>
          Comparing <strong>{currentBranch(set).name}</strong> with <strong>{cmp.name}</strong> under {policy === 'declared' ? 'the declared policies' : `${policy} on every host`}
          {differ && (
            <span className="muted">
              {' '}
              · {count === 0 ? 'the same outcome at every event' : `${count} event${count === 1 ? ' differs' : 's differ'} (≠ on the timeline)`}
            </span>
          )}
        </span>
        <button type="button" className="btn small ghost" onClick={() => void useAppStore.getState().compareBranch(null)}>
          Stop comparing
        </button>
      </div>
      <div className="branch-compare-grid">
        <BranchPanel name={currentBranch(set).name} note="open" head={scenario} run={run} frame={frame} cursor={cursor} selected={selected} />
        {cmp.status === 'failed' ? (
          <section className="compare-panel" aria-label={`Branch ${cmp.name}`}>
            <header className="compare-head">
              <h2>{cmp.name}</h2>
            </header>
            <p className="field-error" role="alert">
              This branch could not be run: {cmp.message}
            </p>
          </section>
        ) : (
          <BranchPanel name={cmp.name} note="compared" head={cmp.head} run={cmp.run ?? undefined} frame={cmp.frame ?? undefined} cursor={cursor} selected={selected} />
        )}
      </div>
    </div>
  );
}

function BranchPanel(props: { name: string; note: string; head: ScenarioHead | null; run?: RunInfo; frame?: Frame; cursor: number; selected: Holder | null }) {
  const { name, head, run, frame, cursor, selected } = props;
  const step = head ? Math.min(cursor, head.events) : cursor;
  const outcome: Outcome | undefined = frame && frame.cursor === step ? (frame.outcome ?? undefined) : undefined;
  const model = useMemo(() => (head && frame ? allHostsPanel(stepScenario(head, frame), frame.snap, outcome, selected) : null), [head, frame, outcome, selected]);
  const framed = useMemo(() => (model ? framePanel(model) : undefined), [model]);
  const fields = fieldsAt(run, step - 1);
  const mig = outcome?.op === 'migrate' && frame && head ? migrationHosts(outcome, stepScenario(head, frame), frame.prev) : null;
  return (
    <section className="compare-panel" aria-label={`Branch ${name}`}>
      <header className="compare-head">
        <h2>{name}</h2>
        <span className="muted">
          {props.note}
          {head && cursor > head.events ? ` · ends at step ${head.events}` : ''}
        </span>
        {fields && step > 0 && (
          <span className={`chip big ${chipTone(fields)}`} aria-label={`Outcome on ${name}: ${fields.op} ${chipAt(run, step - 1)}`}>
            {fields.op} {chipAt(run, step - 1)}
          </span>
        )}
      </header>
      {outcome && mig && <MigrationCard outcome={outcome} from={mig.from} to={mig.to} compact />}
      {model ? (
        <MapPanel model={model} framedModel={framed} label={`Range maps of branch ${name}`} nameSuffix={name} density="dense" fit />
      ) : (
        <div className="main-empty">Running…</div>
      )}
    </section>
  );
}
