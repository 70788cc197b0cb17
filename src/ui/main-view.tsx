/**
 * The centre of the screen: the range maps of the current step. One panel with every
 * host; on a migrate step the source (before) and destination (after) side by side with
 * what was kept, remapped or refused; in compare mode the four policies in a grid, or an
 * A/B pair side by side, framed to fit the screen (each panel's maps scroll in their box).
 */
import { useMemo } from 'react';
import { type Conflict, type Holder, type Outcome, type PolicyKind } from '../core/model/types.ts';
import { comparedKinds, useAppStore, type Frame, type RunKey } from '../store/store.ts';
import type { RunInfo, ScenarioHead } from '../worker/engine.ts';
import { chipTone, hex, holderLabel } from './format.ts';
import type { Density } from './maps/geometry.ts';
import { MapPanel } from './maps/map-panel.tsx';
import { MAX_LINES, remapSentences } from './maps/migration-lines.ts';
import { MigrationOverlay } from './maps/migration-overlay.tsx';
import { framePanel } from './maps/model.ts';
import { allHostsPanel, migrationHosts, migrationSide } from './maps/views.ts';
import { chipAt, fieldsAt, POLICY_BLURB, stepScenario } from './selectors.ts';

export function MainView() {
  const compare = useAppStore((s) => s.compare);
  return compare ? <CompareView /> : <SingleView />;
}

function useSelectedHolder(): Holder | null {
  return useAppStore((s) => s.selection?.holder ?? null);
}

function SingleView() {
  const run = useAppStore((s) => s.runs[s.policy]);
  const frame = useAppStore((s) => s.frames[s.policy]);
  const scenario = useAppStore((s) => s.scenario);
  const policy = useAppStore((s) => s.policy);
  const selected = useSelectedHolder();
  if (!run || !frame || !scenario) return <div className="main-empty">Loading…</div>;
  const outcome = frame.outcome ?? undefined;
  if (outcome?.op === 'migrate' && frame.prev) return <MigrationView run={run} frame={frame} outcome={outcome} scenario={scenario} selected={selected} runKey={policy} />;
  return <AllHosts scenario={scenario} frame={frame} outcome={outcome} selected={selected} label="Range maps" fit runKey={policy} />;
}

function AllHosts(props: {
  scenario: ScenarioHead;
  frame: Frame;
  outcome?: Outcome;
  selected: Holder | null;
  label: string;
  nameSuffix?: string;
  density?: Density;
  fit?: boolean;
  /** a compare panel's policy, for the export */
  heading?: string;
  /** open framed on the used PASIDs (compare panels) */
  framed?: boolean;
  runKey: RunKey;
}) {
  const { scenario, frame, outcome, selected, framed } = props;
  const model = useMemo(() => allHostsPanel(stepScenario(scenario, frame), frame.snap, outcome, selected), [scenario, frame, outcome, selected]);
  const focused = useMemo(() => (framed ? framePanel(model) : undefined), [framed, model]);
  return <MapPanel model={model} framedModel={focused} label={props.label} nameSuffix={props.nameSuffix} density={props.density} fit={props.fit} heading={props.heading} runKey={props.runKey} />;
}

function MigrationView({ frame, outcome, scenario: head, selected, runKey }: { run: RunInfo; frame: Frame; outcome: Outcome; scenario: ScenarioHead; selected: Holder | null; runKey: RunKey }) {
  const presenter = useAppStore((s) => s.presenter);
  const scenario = stepScenario(head, frame);
  const { from, to } = migrationHosts(outcome, scenario, frame.prev);
  const ok = outcome.ok;
  const left = useMemo(() => migrationSide('source', scenario, frame.prev!, outcome, from, selected), [scenario, frame.prev, outcome, from, selected]);
  const right = useMemo(() => migrationSide('destination', scenario, frame.snap, outcome, to, selected), [scenario, frame.snap, outcome, to, selected]);
  // Both sides framed on what either shows, so a kept PASID sits at the same x on both.
  const leftFramed = useMemo(() => framePanel(left, right), [left, right]);
  const rightFramed = useMemo(() => framePanel(right, left), [left, right]);
  const others = frame.snap.hosts.length - (from === to ? 1 : 2);
  const remaps = useMemo(() => remapSentences(outcome), [outcome]);
  const remapped = ok ? (outcome.migration?.remapped.length ?? 0) : 0;
  return (
    <div className="migration-view">
      <MigrationCard outcome={outcome} from={from} to={to} compact={presenter} />
      {remaps.items.length > 0 && (
        <ul className="sr-only" aria-label="Remapped PASIDs, old → new hPASID">
          {remaps.items.map((t) => (
            <li key={t}>{t}</li>
          ))}
          {remaps.more > 0 && <li>and {remaps.more} more</li>}
        </ul>
      )}
      <div className={remapped > 0 ? 'migration-columns with-lines' : 'migration-columns'}>
        <section aria-label={`Source host ${from}`} className="migration-col">
          <MapPanel model={left} framedModel={leftFramed} label={`Source host ${from}, before the migration`} nameSuffix={`host ${from}`} density="side" fit side="source" runKey={runKey} />
        </section>
        <div className="migration-arrow" aria-hidden="true">
          <span className={ok ? 'arrow ok' : 'arrow fail'}>{ok ? '➜' : '✕'}</span>
        </div>
        <section aria-label={`Destination host ${to}`} className="migration-col">
          <MapPanel
            model={right}
            framedModel={rightFramed}
            label={`Destination host ${to}, ${ok ? 'after' : 'unchanged:'} the migration`}
            nameSuffix={`host ${to}`}
            density="side"
            fit
            side="destination"
            runKey={runKey}
          />
        </section>
        {remapped > 0 && <MigrationOverlay outcome={outcome} presenter={presenter} />}
      </div>
      {remapped > MAX_LINES && (
        <p className="hint">
          Lines link the first {MAX_LINES} of {remapped} remapped PASIDs (+{remapped - MAX_LINES} more); the card above lists them all.
        </p>
      )}
      {others > 0 && <p className="hint">{others} other host{others > 1 ? 's' : ''} not involved in this migration are hidden on this step.</p>}
    </div>
  );
}

/** A guest-ABI conflict as what differs between the hosts: `localEnd 0x1000 on A, 0x800 on B`. */
function abiText(c: Conflict, from: string, to: string): string | null {
  switch (c.reason) {
    case 'abi-translation':
      return `CPU PASID translation: used on ${from}, none on ${to}`;
    case 'abi-local-end':
      return `split localEnd: ${hex(Number(c.source))} on ${from}, ${hex(Number(c.destination))} on ${to}`;
    case 'abi-width':
      return `IOMMU PASID width: ${c.source} bits on ${from}, ${c.destination} on ${to}`;
    default:
      return null;
  }
}

/** What the migration did: devices moved, PASIDs kept, PASIDs remapped, or every conflict. */
export function MigrationCard({ outcome, from, to, compact = false }: { outcome: Outcome; from: string; to: string; compact?: boolean }) {
  const m = outcome.migration;
  const vm = m?.vm ?? '';
  if (compact) return <CompactMigration outcome={outcome} from={from} to={to} />;
  const abi = (outcome.conflicts ?? []).map((c) => abiText(c, from, to)).filter((t): t is string => t !== null);
  return (
    <div className={`migration-card ${outcome.ok ? 'ok' : 'fail'} ${compact ? 'compact' : ''}`} aria-label={`Migration of ${vm} from ${from} to ${to}`} role="group">
      <div className="migration-head">
        <span className={`badge ${outcome.ok ? 'ok' : 'fail'}`}>{outcome.ok ? 'migrated' : outcome.code}</span>
        <strong>
          {vm}: host {from} → host {to}
        </strong>
        {!compact && <span className="muted">{outcome.message}</span>}
      </div>
      {m && m.devices.length > 0 && !compact && (
        <div className="migration-row">
          <span className="migration-label">devices</span>
          {m.devices.map((d) => (
            <span key={d.alias} className="pill">
              {d.alias} <span className="muted">({d.type === 'adi' ? 'ADI' : 'v==p'})</span> {d.fromRid} → {d.toRid ?? <em className="bad">none free</em>}
            </span>
          ))}
        </div>
      )}
      {m && m.kept.length > 0 && (
        <div className="migration-row">
          <span className="migration-label">kept</span>
          {m.kept.map((k) => (
            <span key={`${k.device}/${k.process}`} className="pill kept">
              {hex(k.pasid)} <span className="muted">{k.process} on {k.device}</span>
            </span>
          ))}
        </div>
      )}
      {m && m.remapped.length > 0 && (
        <div className="migration-row">
          <span className="migration-label">remapped</span>
          {m.remapped.map((r) => (
            <span key={r.process} className="pill remapped">
              {r.process}: gPASID {hex(r.gpasid)} stays, hPASID {hex(r.from)} → <strong>{hex(r.to)}</strong>
            </span>
          ))}
        </div>
      )}
      {abi.length > 0 && (
        <div className="migration-row abi" role="group" aria-label="Guest ABI differences">
          <span className="migration-label">guest ABI</span>
          {abi.map((t) => (
            <span key={t} className="pill abi">
              {t}
            </span>
          ))}
        </div>
      )}
      {!outcome.ok && outcome.conflicts && outcome.conflicts.length > 0 && (
        <ul className="conflicts" aria-label="Conflicts">
          {outcome.conflicts.map((c, i) => (
            <li key={i}>
              <span className="badge fail">{c.code}</span> {c.pasid !== undefined && <strong>{hex(c.pasid)}</strong>} {c.message}
              {c.holder && <span className="muted"> — holder: {holderLabel(c.holder)}</span>}
            </li>
          ))}
        </ul>
      )}
      {!outcome.ok && (!outcome.conflicts || outcome.conflicts.length === 0) && !compact && <p className="conflicts-none">{outcome.message}</p>}
    </div>
  );
}

/** One or two lines for a compare panel: what moved, or why not. */
function CompactMigration({ outcome, from, to }: { outcome: Outcome; from: string; to: string }) {
  const m = outcome.migration;
  const conflicts = outcome.conflicts ?? [];
  return (
    <div className={`migration-card compact ${outcome.ok ? 'ok' : 'fail'}`} role="group" aria-label={`Migration of ${m?.vm ?? 'the VM'} from ${from} to ${to}`}>
      <div className="migration-head">
        <span className={`badge ${outcome.ok ? 'ok' : 'fail'}`}>{outcome.ok ? 'migrated' : outcome.code}</span>
        <strong>
          {m?.vm} {from} → {to}
        </strong>
        {outcome.ok && m && m.kept.length > 0 && (
          <span className="mig-chip kept">
            <span className="mig-chip-word">kept</span> {m.kept.map((k) => hex(k.pasid)).join(' ')}
          </span>
        )}
        {outcome.ok && m && m.remapped.length > 0 && (
          <span className="mig-chip remapped">
            <span className="mig-chip-word">remapped</span> {m.remapped.map((r) => `${hex(r.gpasid)}: ${hex(r.from)} → ${hex(r.to)}`).join(', ')}
          </span>
        )}
      </div>
      {!outcome.ok && (
        <div className="compact-conflicts">
          {conflicts.length
            ? conflicts.slice(0, 3).map((c, i) => (
                <span key={i}>
                  <strong>{c.code}</strong> {c.pasid !== undefined ? hex(c.pasid) : ''}
                  {abiText(c, from, to) ?? (c.holder ? ` held by ${holderLabel(c.holder)}` : ` ${c.message}`)}
                  {i < Math.min(conflicts.length, 3) - 1 ? '; ' : ''}
                </span>
              ))
            : outcome.message}
          {conflicts.length > 3 && <span className="muted"> (+{conflicts.length - 3} more)</span>}
        </div>
      )}
    </div>
  );
}

function CompareView() {
  const runs = useAppStore((s) => s.runs);
  const frames = useAppStore((s) => s.frames);
  const scenario = useAppStore((s) => s.scenario);
  const cursor = useAppStore((s) => s.cursor);
  const pair = useAppStore((s) => s.pair);
  const selected = useSelectedHolder();
  if (!scenario) return null;
  return (
    <div className={`compare-grid ${pair ? 'ab' : 'four'}`}>
      {comparedKinds(pair).map((k) => (
        <ComparePanel key={k} kind={k} run={runs[k]} frame={frames[k]} scenario={scenario} cursor={cursor} selected={selected} />
      ))}
    </div>
  );
}

function ComparePanel({
  kind,
  run,
  frame,
  scenario,
  cursor,
  selected,
}: {
  kind: PolicyKind;
  run?: RunInfo;
  frame?: Frame;
  scenario: ScenarioHead;
  cursor: number;
  selected: Holder | null;
}) {
  // The chip comes from the run's columns at once; the whole outcome (a migration's card) with the frame.
  const fields = fieldsAt(run, cursor - 1);
  const outcome = frame && frame.cursor === cursor ? (frame.outcome ?? undefined) : undefined;
  const mig = outcome?.op === 'migrate' && frame ? migrationHosts(outcome, stepScenario(scenario, frame), frame.prev) : null;
  return (
    <section className="compare-panel" aria-label={`Policy ${kind}`}>
      <header className="compare-head">
        <h2>{kind}</h2>
        <span className="muted">{POLICY_BLURB[kind]}</span>
        {fields && (
          <span className={`chip big ${chipTone(fields)}`} aria-label={`Outcome under ${kind}: ${chipAt(run, cursor - 1)}`}>
            {chipAt(run, cursor - 1)}
          </span>
        )}
      </header>
      {outcome && mig && <MigrationCard outcome={outcome} from={mig.from} to={mig.to} compact />}
      <div className="compare-maps">
        {frame ? (
          <AllHosts scenario={scenario} frame={frame} outcome={outcome} selected={selected} label={`Range maps under ${kind}`} nameSuffix={kind} heading={kind} density="dense" framed fit runKey={kind} />
        ) : (
          <div className="main-empty">Running…</div>
        )}
      </div>
    </section>
  );
}
