/** The side column: this step, the selection, the checks (invariants, I8), the legend. */
import { useEffect, useState } from 'react';
import { holderKey, POLICY_KINDS, type Effect, type Holder } from '../core/model/types.ts';
import { useAppStore } from '../store/store.ts';
import type { RunInfo } from '../worker/engine.ts';
import { chipText, chipTone, eventLabel, hex, holderLabel } from './format.ts';
import { ownerColour, ownerPalette } from './palette.ts';
import { chipAt, checksFor, fieldsAt, useEventList } from './selectors.ts';
import { Markdown } from './markdown.tsx';
import { Legend } from './legend.tsx';
import { factsFor } from './holder-facts.ts';

export function Sidebar() {
  return (
    <aside className="sidebar" aria-label="Details">
      <StepPanel />
      <SelectionPanel />
      <ChecksPanel />
      <Legend />
    </aside>
  );
}

function effectText(fx: Effect): string | null {
  switch (fx.t) {
    case 'alloc':
      return fx.space.kind === 'g'
        ? `G of host ${fx.space.host}: + ${hex(fx.pasid)} for ${holderLabel(fx.holder)}`
        : `${fx.space.vm} guest space: + ${hex(fx.pasid)} for ${fx.holder.process}`;
    case 'free':
      return fx.space.kind === 'g'
        ? `G of host ${fx.space.host}: − ${hex(fx.pasid)}`
        : `${fx.space.vm} guest space: − ${hex(fx.pasid)}`;
    case 'attach':
      return `${fx.rid} (host ${fx.host}): + ${hex(fx.pasid)} → ${holderLabel(fx.holder)}`;
    case 'detach':
      return `${fx.rid} (host ${fx.host}): − ${hex(fx.pasid)}`;
    case 'ref':
      return `${fx.rid} (host ${fx.host}): ${hex(fx.pasid)} ${fx.delta > 0 ? `+${fx.delta}` : fx.delta} reference${Math.abs(fx.delta) === 1 ? '' : 's'} (shared bond)`;
    case 'reserve':
      return `${fx.rid} (host ${fx.host}): ${hex(fx.pasid)} reserved for ${holderLabel(fx.holder)}`;
    case 'unreserve':
      return `${fx.rid} (host ${fx.host}): ${hex(fx.pasid)} no longer reserved`;
    case 'bind':
      return null;
    case 'translation':
      return fx.after !== null ? `${fx.vm}: CPU PASID translation on` : `${fx.vm}: CPU PASID translation off`;
    case 'xlate-set':
      return `${fx.vm} CPU translation: gPASID ${hex(fx.gpasid)} → hPASID ${hex(fx.hpasid)}`;
    case 'xlate-unset':
      return `${fx.vm} CPU translation: drop ${hex(fx.gpasid)} → ${hex(fx.hpasid)}`;
    case 'assign':
      return `${fx.vm} gets "${fx.device.alias}": ${fx.device.type === 'adi' ? `ADI on ${fx.device.rid}` : fx.device.rid} (host ${fx.device.host})`;
    case 'unassign':
      return `${fx.vm} loses "${fx.device.alias}" (${fx.device.rid} on host ${fx.device.host})`;
    case 'vm-host':
      return `${fx.vm} now runs on host ${fx.to}`;
    case 'proc':
      return null;
  }
}

function StepPanel() {
  const cursor = useAppStore((s) => s.cursor);
  const run = useAppStore((s) => (s.compare ? undefined : s.runs[s.policy]));
  const frame = useAppStore((s) => (s.compare ? undefined : s.frames[s.policy]));
  const scenario = useAppStore((s) => s.scenario);
  const compare = useAppStore((s) => s.compare);
  if (!scenario) return null;
  if (compare)
    return (
      <section className="side-section" aria-label="This step">
        <h2>This step</h2>
        <p className="muted">
          Compare mode: each policy’s outcome is on its panel; ≠ on the timeline marks the events where they
          differ.
        </p>
      </section>
    );
  const o = frame && frame.cursor === cursor ? frame.outcome : null;
  if (!o)
    return (
      <section className="side-section" aria-label="This step">
        <h2>This step</h2>
        {scenario.description ? (
          <Markdown text={scenario.description} className="muted" />
        ) : (
          <p className="muted">The initial topology: no PASID is allocated yet.</p>
        )}
      </section>
    );
  const effects = o.effects.map(effectText).filter((x): x is string => x !== null);
  const checks = checksFor(run, o.index);
  return (
    <section className="side-section" aria-label="This step">
      <h2>
        This step <span className={`chip ${chipTone(o)}`}>{chipText(o)}</span>
      </h2>
      <p className="step-message">{o.message}</p>
      {effects.length > 0 && (
        <ul className="effects" aria-label="Changes">
          {effects.map((t, i) => (
            <li key={i}>{t}</li>
          ))}
        </ul>
      )}
      {!o.ok && <p className="muted small">A failed event changes nothing.</p>}
      {checks.failed.map((f, i) => (
        <p key={i} className="bad small">
          Expectation failed: {f.message}
        </p>
      ))}
    </section>
  );
}

/** How many of a holder's events the panel lists (the count says how many there are). */
const TOUCHING_SHOWN = 200;

/** The events that touched `h`, from the engine's index (never a scan of the run here). */
function useTouching(h: Holder | null): number[] {
  const touching = useAppStore((s) => s.touching);
  const runKey = useAppStore((s) => (s.compare ? 'split' : s.policy));
  const scenario = useAppStore((s) => s.scenario);
  const [got, setGot] = useState<{ key: string; list: number[] }>({ key: '', list: [] });
  const key = h ? `${runKey}\u0000${holderKey(h)}` : '';
  useEffect(() => {
    if (!h) return;
    let live = true;
    touching(h).then(
      (l) => live && setGot({ key, list: Array.from(l) }),
      () => live && setGot({ key, list: [] }),
    );
    return () => {
      live = false;
    };
  }, [h, key, touching, scenario]);
  return got.key === key ? got.list : [];
}

function SelectionPanel() {
  const selection = useAppStore((s) => s.selection);
  const select = useAppStore((s) => s.select);
  const seek = useAppStore((s) => s.seek);
  const scenario = useAppStore((s) => s.scenario);
  const compare = useAppStore((s) => s.compare);
  const policy = useAppStore((s) => s.policy);
  const frames = useAppStore((s) => s.frames);
  const runs = useAppStore((s) => s.runs);
  const cursor = useAppStore((s) => s.cursor);
  const events = useTouching(selection?.holder ?? null);
  const eventAt = useEventList(events.length > TOUCHING_SHOWN ? events.slice(0, TOUCHING_SHOWN) : events);
  if (!scenario) return null;
  if (!selection)
    return (
      <section className="side-section" aria-label="Selection">
        <h2>Selection</h2>
        <p className="muted">
          Click a PASID on the maps, or an owner in the legend, to follow it through every space.
        </p>
      </section>
    );
  const h = selection.holder;
  const keys = compare ? [...POLICY_KINDS] : [policy];
  const mainRun = runs[compare ? 'split' : policy];
  const shown = events.slice(0, TOUCHING_SHOWN);
  return (
    <section className="side-section" aria-label="Selection">
      <h2>
        <span
          className="swatch"
          style={{ background: ownerColour(ownerPalette(scenario), h) }}
          aria-hidden="true"
        />
        {holderLabel(h)}
        <button type="button" className="btn ghost small push" onClick={() => select(null)}>
          Clear selection
        </button>
      </h2>
      {keys.map((k) => {
        const f = frames[k];
        if (!f) return null;
        const facts = factsFor(f.snap, h);
        return (
          <div key={k} className="facts">
            {compare && <h3>{k}</h3>}
            <p className="muted small">{facts.kind}</p>
            {h.type === 'guest' ? (
              <p className="xlate-line" aria-label={`Translation under ${k}`}>
                {facts.gpasid == null ? (
                  'no PASID yet'
                ) : (
                  <>
                    guest PASID <strong>{hex(facts.gpasid)}</strong>
                    {facts.hpasid != null && facts.hpasid !== facts.gpasid ? (
                      <>
                        {' '}
                        → host PASID <strong>{hex(facts.hpasid)}</strong>{' '}
                        <span className="muted">(translated)</span>
                      </>
                    ) : facts.hpasid != null ? (
                      <span className="muted"> = host PASID (same number)</span>
                    ) : null}
                  </>
                )}
              </p>
            ) : (
              <p className="xlate-line">
                {facts.gpasid == null ? (
                  'no PASID'
                ) : (
                  <>
                    PASID <strong>{hex(facts.gpasid)}</strong>
                  </>
                )}
              </p>
            )}
            {facts.where.length > 0 ? (
              <ul className="where">
                {facts.where.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            ) : (
              <p className="muted small">Not in any table at this step.</p>
            )}
          </div>
        );
      })}
      {events.length > 0 && (
        <>
          <h3>Events that touched it{events.length > TOUCHING_SHOWN ? ` (the first ${TOUCHING_SHOWN} of ${events.length})` : ''}</h3>
          <ul className="jump-list">
            {shown.map((i) => {
              const e = eventAt(i);
              return (
                <li key={i}>
                  <button type="button" className={`link ${cursor === i + 1 ? 'current' : ''}`} onClick={() => seek(i + 1)}>
                    {i + 1}. {e ? `${e.op} ${eventLabel(e)}` : '…'}
                  </button>
                  {mainRun && <span className={`chip tiny ${chipTone(fieldsAt(mainRun, i))}`}>{chipAt(mainRun, i)}</span>}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

function ChecksPanel() {
  const runs = useAppStore((s) => s.runs);
  const compare = useAppStore((s) => s.compare);
  const policy = useAppStore((s) => s.policy);
  const seek = useAppStore((s) => s.seek);
  const keys = compare ? [...POLICY_KINDS] : [policy];
  const rows = keys.map((k) => ({ k, run: runs[k] })).filter((r): r is { k: typeof r.k; run: RunInfo } => !!r.run);
  const total = rows.reduce((n, r) => n + r.run.warnings.length + r.run.violations.length + r.run.expectations.failed.length, 0);
  return (
    <section className="side-section" aria-label="Invariants">
      <h2>
        Invariants & expectations{' '}
        <span className={`chip ${total === 0 ? 'ok' : 'warn'}`}>
          {total === 0 ? 'all hold' : `${total} to look at`}
        </span>
      </h2>
      {rows.map(({ k, run }) => (
        <div key={k} className="checks">
          {compare && <h3>{k}</h3>}
          <p className="muted small">
            I1–I7, I9, I11 after every event:{' '}
            {run.violations.length === 0 ? 'held' : `${run.violations.length} broken (an engine bug)`} ·
            expectations: {run.expectations.checked - run.expectations.failed.length}/
            {run.expectations.checked} met
          </p>
          <ul className="check-list">
            {run.warnings.map((w, i) => (
              <li key={`w${i}`} className={w.invariant === 'I10' ? 'breach' : 'warn'}>
                {w.invariant === 'I10' ? (
                  <span
                    className="badge breach"
                    title="I10: an ENQCMD ran in another process's address space"
                  >
                    I10 breach
                  </span>
                ) : (
                  <span
                    className="badge warn"
                    title="I8: translation on and a passthrough shared WQ: the type-7/8 mix"
                  >
                    I8 mix
                  </span>
                )}{' '}
                {w.message}{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => seek(w.index + 1)}
                  aria-label={`Jump to event ${w.index + 1}${compare ? ` (${k})` : ''}`}
                >
                  jump to event {w.index + 1}
                </button>
              </li>
            ))}
            {run.violations.map((v, i) => (
              <li key={`v${i}`} className="bad">
                <span className="badge fail">{v.invariant}</span> {v.message}{' '}
                <button type="button" className="link" onClick={() => seek(v.index + 1)}>
                  jump to event {v.index + 1}
                </button>
              </li>
            ))}
            {run.expectations.failed.map((f, i) => (
              <li key={`f${i}`} className="bad">
                <span className="badge fail">expect</span> {f.message}{' '}
                <button type="button" className="link" onClick={() => seek(f.index + 1)}>
                  jump to event {f.index + 1}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
