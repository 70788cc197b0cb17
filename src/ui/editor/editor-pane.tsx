/**
 * The editor pane beside the maps (loaded on first use: CodeMirror is not in the app's
 * first download). It edits its own copy of the scenario text; every edit is checked by
 * the real parser after a pause, and a valid text is opened through the store's `open`
 * with the cursor step kept (clamped to the new length) and the selection when it still
 * fits. While the text is invalid nothing is opened: the maps keep the last valid state
 * and the problems are listed here, each at its line.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { parseScenarioText, type InputProblem } from '../../core/scenario/index.ts';
import { selectionFits, useAppStore, type Source } from '../../store/store.ts';
import { createScenarioEditor, type PlacedProblem, type ScenarioEditor } from './scenario-editor.ts';
import { fromScenario } from '../maps/views.ts';

/**
 * The largest text edited here, in characters: the parser and the position tree run on
 * the main thread at every pause, so their cost must stay well inside a frame budget.
 * Larger files take the download → edit elsewhere → import route.
 */
export const EDITOR_MAX_CHARS = 256 * 1024;
/** The pause after the last keystroke before the text is checked and run. */
export const EDIT_DEBOUNCE_MS = 300;

type Status =
  | { kind: 'valid' }
  | { kind: 'pending' }
  | { kind: 'invalid'; count: number }
  | { kind: 'too-large'; chars: number };

function editedSource(source: Source | null, text: string): Source {
  const name = source?.kind === 'bundled' ? source.file : (source?.name ?? 'scenario.json');
  return { kind: 'inline', name: name.endsWith(' (edited)') ? name : `${name} (edited)`, text };
}

function download(text: string, source: Source | null) {
  const base =
    source?.kind === 'bundled' ? source.file : (source?.name ?? 'scenario').replace(/[^\w.-]+/g, '-');
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = base.endsWith('.json') ? base : `${base}.json`;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const kb = (chars: number) => `${Math.round(chars / 1024).toLocaleString('en-US')} KB`;

function close() {
  useAppStore.getState().setEditorOpen(false);
  // Focus goes back to the control that opens the pane.
  window.requestAnimationFrame(() => document.getElementById('editor-toggle')?.focus());
}

export default function EditorPane({ onImport }: { onImport(): void }) {
  const storeText = useAppStore((s) => s.text);
  const source = useAppStore((s) => s.source);
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<ScenarioEditor | null>(null);
  /** the last text this pane opened: the store echoing it back is not another scenario */
  const sentRef = useRef<string | null>(null);
  const [problems, setProblems] = useState<PlacedProblem[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'valid' });
  const tooLarge = storeText !== null && storeText.length > EDITOR_MAX_CHARS;

  const check = useCallback((text: string) => {
    const ed = editorRef.current;
    if (!ed) return;
    if (text.length > EDITOR_MAX_CHARS) {
      ed.showProblems([]);
      setProblems([]);
      setStatus({ kind: 'too-large', chars: text.length });
      return;
    }
    const r = parseScenarioText(text);
    const found: InputProblem[] = r.ok ? [] : r.problems;
    setProblems(ed.showProblems(found));
    if (!r.ok) {
      setStatus({ kind: 'invalid', count: found.length });
      return;
    }
    setStatus({ kind: 'valid' });
    const st = useAppStore.getState();
    if (text === st.text) return;
    sentRef.current = text;
    const selection = st.selection && selectionFits({ ...r.scenario, owners: fromScenario(r.scenario).owners }, st.selection) ? st.selection : null;
    void st.open(text, editedSource(st.source, text), { step: st.cursor, selection });
  }, []);

  // The editor itself: made once per pane, on its own host element.
  useEffect(() => {
    const host = hostRef.current;
    if (!host || tooLarge) return;
    const ed = createScenarioEditor(host, useAppStore.getState().text ?? '', 'Scenario JSON editor');
    editorRef.current = ed;
    let timer = 0;
    const stop = ed.onChange((t) => {
      setStatus({ kind: 'pending' });
      window.clearTimeout(timer);
      timer = window.setTimeout(() => check(t), EDIT_DEBOUNCE_MS);
    });
    // Keys typed in the editor are the editor's: the page's shortcuts (arrows step, Space
    // plays) must not see them. Escape closes the pane unless the editor used it (closing
    // its completion list, say).
    const onKey = (e: KeyboardEvent) => {
      e.stopPropagation();
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        close();
      }
    };
    host.addEventListener('keydown', onKey);
    ed.focus();
    return () => {
      window.clearTimeout(timer);
      stop();
      host.removeEventListener('keydown', onKey);
      ed.destroy();
      editorRef.current = null;
    };
  }, [check, tooLarge]);

  // Another scenario opened elsewhere (the picker, an import, a link): edit that one.
  useEffect(() => {
    const ed = editorRef.current;
    if (!ed || storeText === null || storeText === sentRef.current || storeText === ed.getText()) return;
    ed.setText(storeText);
    ed.showProblems([]);
    setProblems([]);
    setStatus({ kind: 'valid' });
  }, [storeText]);

  return (
    <section
      className="editor-pane"
      aria-label="Scenario editor"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          close();
        }
      }}
    >
      <div className="editor-head">
        <h2>Scenario JSON</h2>
        <span className="spacer" />
        <button
          type="button"
          className="btn ghost"
          onClick={() => download(editorRef.current?.getText() ?? storeText ?? '', source)}
          title="Save the text as a .json file"
        >
          Download
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-label="Close the editor (Esc)"
          title="Close the editor (Esc)"
          onClick={close}
        >
          ✕
        </button>
      </div>
      <StatusLine status={status} />
      {tooLarge ? (
        <div className="editor-too-large" role="note">
          <p>
            This scenario is {kb(storeText.length)}: too large to edit here (the editor takes up to{' '}
            {kb(EDITOR_MAX_CHARS)}, so that checking it at every pause never holds the page up).
          </p>
          <p>
            Download it, edit it in your own editor (files that name <code>pasidscope.schema.json</code> are
            checked and completed there), then import it.
          </p>
          <div className="editor-actions">
            <button type="button" className="btn" onClick={() => download(storeText, source)}>
              Download the scenario
            </button>
            <button type="button" className="btn" onClick={onImport}>
              Import…
            </button>
          </div>
        </div>
      ) : (
        <div className="editor-host" ref={hostRef} />
      )}
      {problems.length > 0 && (
        <ol className="editor-problems" aria-label="Problems in the text">
          {problems.map((p, i) => (
            <li key={i}>
              <button
                type="button"
                className="problem-link"
                onClick={() => editorRef.current?.reveal(p.from)}
              >
                <span className="problem-line">line {p.line}</span> {p.path && <code>{p.path}</code>}{' '}
                {p.message}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function StatusLine({ status }: { status: Status }) {
  const text =
    status.kind === 'valid'
      ? 'Valid: the maps show this text'
      : status.kind === 'pending'
        ? 'Checking…'
        : status.kind === 'invalid'
          ? `${status.count === 1 ? 'One problem' : `${status.count} problems`}: the maps keep the last valid text`
          : `Too large to check here (${kb(status.chars)}; up to ${kb(EDITOR_MAX_CHARS)})`;
  return (
    <span className={`editor-status ${status.kind}`} role="status">
      {text}
    </span>
  );
}
