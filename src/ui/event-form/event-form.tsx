/**
 * The structured event form: insert an event at the cursor, or change the event of the
 * current step, without writing JSON. An op picker, then only the names that exist at that
 * step (scenarioFacts reads them from the text); each bad or missing answer is named by
 * its field, and the parser's own problems are listed in the form. Nothing typed is lost
 * while the form stays open.
 */
import { FormProblems } from './form-problems.tsx';
import { useMemo, useState } from 'react';
import { OPS, type InputProblem } from '../../core/scenario/index.ts';
import { editForks } from '../../store/branches.ts';
import { useAppStore } from '../../store/store.ts';
import { scenarioFacts } from '../editor/scenario-facts.ts';
import { snapshotFacts } from './snapshot-facts.ts';
import { Modal } from '../modal.tsx';
import { buildEvent, fieldsFor, valuesOf, type FieldName, type FieldSpec, type Op, type Values } from './op-fields.ts';
import { eventAt, insertEvent, readScenarioDoc, replaceEvent } from './scenario-edits.ts';

export type EventFormMode = { kind: 'insert'; at: number } | { kind: 'edit'; index: number };

export function EventFormDialog({ mode, onClose }: { mode: EventFormMode | null; onClose(): void }) {
  return (
    <Modal open={mode !== null} onClose={onClose} label={mode?.kind === 'edit' ? 'Change event' : 'Insert event'} className="event-form-dialog">
      {mode && <EventForm key={`${mode.kind}:${mode.kind === 'edit' ? mode.index : mode.at}`} mode={mode} onClose={onClose} />}
    </Modal>
  );
}

function EventForm({ mode, onClose }: { mode: EventFormMode; onClose(): void }) {
  const text = useAppStore((s) => s.text) ?? '';
  const length = useAppStore((s) => s.scenario?.events ?? 0);
  const at = mode.kind === 'insert' ? mode.at : mode.index;
  const start = useMemo(() => {
    const e = mode.kind === 'edit' ? eventAt(text, mode.index) : null;
    return e ? { ...valuesOf(e), placements: otherPlacements(e) } : { op: null, values: new Map() as Values, placements: null };
    // Read once: the answers are the user's from then on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const [op, setOp] = useState<Op | ''>(start.op ?? '');
  const [values, setValues] = useState<Values>(start.values);
  const [tried, setTried] = useState(false);
  const [problems, setProblems] = useState<InputProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const doc = useMemo(() => readScenarioDoc(text), [text]);
  // What exists before the event: the engine's state there under the policy shown, else a reading of the text.
  const frame = useAppStore((s) => s.frames[s.compare ? 'split' : s.policy]);
  const snap = !frame ? null : mode.kind === 'insert' ? (frame.cursor === at ? frame.snap : null) : frame.cursor === at + 1 ? frame.prev : null;
  const facts = useMemo(() => (snap ? snapshotFacts(snap) : scenarioFacts(doc, at)), [snap, doc, at]);
  const fields = op ? fieldsFor(op, facts, values) : [];
  const built = op ? buildEvent(op, facts, values) : null;
  const forks = editForks(mode.kind === 'insert' ? 'insert' : 'replace', at, length);
  const setValue = (name: FieldName, v: string) =>
    setValues((old) => {
      const next = new Map(old);
      next.set(name, v);
      return next;
    });

  async function submit() {
    setTried(true);
    if (!op || !built?.event) return;
    const r = mode.kind === 'insert' ? insertEvent(text, mode.at, built.event) : replaceEvent(text, mode.index, built.event);
    if (!r.ok) return setProblems([{ path: '', message: r.reason }]);
    setBusy(true);
    const s = useAppStore.getState();
    const step = mode.kind === 'insert' ? mode.at + 1 : s.cursor;
    const res = await s.applyEdit(r.text, { step, fork: forks ? { step: at } : undefined });
    setBusy(false);
    if (res.ok) return onClose();
    // The form lists what the parser said; the page banner would say it twice.
    useAppStore.getState().dismissRejected();
    setProblems(res.problems);
  }

  const title = mode.kind === 'insert' ? `Insert an event after step ${mode.at}` : `Change event ${mode.index + 1}`;
  return (
    <form
      className="event-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{title}</h2>
      <p className="muted">
        {forks
          ? `${mode.kind === 'edit' ? 'This changes an event' : 'This inserts an event before the end'}: the scenario forks. The change goes on a new branch; the current branch keeps its events as they are.`
          : 'This adds an event at the end: the current branch is edited (Ctrl+Z undoes it).'}
      </p>
      <label className="form-row">
        <span className="field-label">Operation</span>
        <select value={op} onChange={(e) => setOp(e.target.value as Op)} aria-invalid={tried && !op} aria-required="true">
          <option value="">Choose an operation…</option>
          {OPS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      {tried && !op && <p className="field-error">Operation: required</p>}
      {fields.map((f) => (
        <Field key={f.name} spec={f} value={values.get(f.name) ?? ''} onChange={(v) => setValue(f.name, v)} problem={tried ? built?.problems.get(f.name) : undefined} />
      ))}
      {op === 'migrate' && start.placements && (
        <p className="muted" role="note">
          {start.placements.to === (values.get('to') ?? '')
            ? `Also placed by this migration, and kept: ${start.placements.text}.`
            : `This migration also placed ${start.placements.text} on host ${start.placements.to}; a new destination drops them.`}
        </p>
      )}
      <FormProblems problems={problems} />
      <div className="dialog-actions">
        <button type="button" className="btn ghost" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn primary" disabled={busy}>
          {mode.kind === 'insert' ? 'Insert' : forks ? 'Change and fork' : 'Change'}
        </button>
      </div>
    </form>
  );
}

function Field({ spec, value, onChange, problem }: { spec: FieldSpec; value: string; onChange(v: string): void; problem?: string }) {
  const id = `ef-${spec.name}`;
  const describedBy = [spec.hint ? `${id}-hint` : '', problem ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-invalid': !!problem, 'aria-describedby': describedBy, 'aria-required': spec.required };
  return (
    <div className="form-row">
      <label className="field-label" htmlFor={id}>
        {spec.label}
        {!spec.required && <span className="muted"> (optional)</span>}
      </label>
      {spec.type === 'choice' ? (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{spec.options.length ? 'Choose…' : 'nothing at this step'}</option>
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <>
          <input
            {...common}
            type="text"
            inputMode={spec.type === 'number' ? 'numeric' : undefined}
            maxLength={spec.type === 'text' ? 2000 : 256}
            list={spec.options.length ? `${id}-list` : undefined}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            autoComplete="off"
          />
          {spec.options.length > 0 && (
            <datalist id={`${id}-list`}>
              {spec.options.map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
          )}
        </>
      )}
      {spec.hint && (
        <span className="form-hint" id={`${id}-hint`}>
          {spec.hint}
        </span>
      )}
      {problem && (
        <span className="field-error" id={`${id}-err`}>
          {problem}
        </span>
      )}
    </div>
  );
}

/** A migration's placements after the first (the form shows only the first), as words. */
function otherPlacements(e: Record<string, unknown>): { to: string; text: string } | null {
  const map = e.map;
  if (e.op !== 'migrate' || typeof e.to !== 'string' || typeof map !== 'object' || map === null || Array.isArray(map)) return null;
  const rest = Object.entries(map).slice(1);
  if (!rest.length) return null;
  const shown = rest.slice(0, 6).map(([d, r]) => `${d} → ${String(r)}`);
  return { to: e.to, text: shown.join(', ') + (rest.length > shown.length ? ` and ${rest.length - shown.length} more` : '') };
}

