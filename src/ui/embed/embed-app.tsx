/**
 * The embed view (`?embed`, docs/embedding.md): one scenario at one step and policy (or the
 * four side by side) without the app's chrome, sized to its frame. The maps are the app's
 * own (MainView); under them one caption line with the step. A host page drives it by
 * messages (src/store/embed-bridge.ts); arrows step it when the frame has the focus.
 */
import { useEffect } from 'react';
import { useAppStore, useLength } from '../../store/store.ts';
import { useEmbedStatus } from '../../store/embed-state.ts';
import { chipText, chipTone, eventSentence } from '../format.ts';
import { MainView } from '../main-view.tsx';
import { EmbedCompare } from './embed-compare.tsx';
import { EmbedFit } from './embed-fit.tsx';
import { useStep } from '../selectors.ts';
import { Tooltip } from '../tooltip.tsx';
import { useEmbedKeys } from './embed-keys.ts';
import { BlankScreen } from '../blank-screen.tsx';
import './embed.css';

const MAX_PROBLEM = 300;

function clip(s: string): string {
  return s.length > MAX_PROBLEM ? `${s.slice(0, MAX_PROBLEM)}…` : s;
}

/** One line: the event and its outcome, then the step and the policy. */
function EmbedCaption() {
  const scenario = useAppStore((s) => s.scenario);
  const compare = useAppStore((s) => s.compare);
  const policy = useAppStore((s) => s.policy);
  const length = useLength();
  const step = useStep(policy);
  const cursor = step.cursor;
  if (!scenario) return null;
  const e = step.event;
  const o = compare ? undefined : step.fields;
  const under = compare ? 'four policies' : policy === 'declared' ? 'as declared' : policy;
  return (
    <footer className="embed-caption" aria-label="Caption" aria-live="polite">
      <span className="embed-event">
        {e ? (
          <>
            <span className="caption-op">{e.op}</span> {eventSentence(e)}
          </>
        ) : (
          <span className="muted">Before the first event</span>
        )}
      </span>
      {o && <span className={`chip ${chipTone(o)}`}>{chipText(o)}</span>}
      <span className="embed-step">
        <span aria-hidden="true">
          {cursor}/{length} · {under}
        </span>
        <span className="sr-only">
          Step {cursor} of {length}, {under}
        </span>
      </span>
    </footer>
  );
}

export function EmbedApp() {
  const phase = useEmbedStatus((s) => s.phase);
  const problems = useEmbedStatus((s) => s.problems);
  const refused = useEmbedStatus((s) => s.refused);
  const malformed = useEmbedStatus((s) => s.malformed);
  const compare = useAppStore((s) => s.compare);
  const title = useAppStore((s) => s.scenario?.title);
  useEmbedKeys();
  useEffect(() => {
    if (title) document.title = `${title} — pasidscope`;
  }, [title]);
  return (
    <div className={`embed ${compare ? 'comparing' : ''}`} data-refused={refused} data-malformed={malformed}>
      {phase === 'error' ? (
        <div className="embed-error" role="alert">
          <strong>This embedded view cannot be shown.</strong>
          <ul>
            {problems.slice(0, 8).map((p, i) => (
              <li key={i}>{clip(p)}</li>
            ))}
          </ul>
          <p className="muted">See docs/embedding.md for the parameters.</p>
        </div>
      ) : (
        <>
          <main className="main embed-main" aria-label={title ? `Range maps: ${title}` : 'Range maps'}>
            {phase === 'loading' ? <div className="main-empty">Loading…</div> : <EmbedFit>{compare ? <EmbedCompare /> : <MainView />}</EmbedFit>}
          </main>
          <EmbedCaption />
        </>
      )}
      <Tooltip />
      <BlankScreen />
    </div>
  );
}
