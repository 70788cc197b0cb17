/**
 * The structured-editing bar above the timeline: insert an event at the cursor, change or
 * delete the event of the current step, add a host, a function or a VM, undo and redo (also
 * Ctrl+Z / Ctrl+Shift+Z and Ctrl+Y when the focus is not in a text field or the editor,
 * which has its own undo), and the branch button with the branch list.
 */
import { useEffect, useState } from 'react';
import { currentBranch, editForks } from '../../store/branches.ts';
import { useAppStore } from '../../store/store.ts';
import { BranchDialog } from '../branches/branch-dialog.tsx';
import { ForkNotice } from '../branches/fork-notice.tsx';
import { EventFormDialog, type EventFormMode } from './event-form.tsx';
import { deleteEvent } from './scenario-edits.ts';
import { TopologyDialog, type TopologyKind } from './topology-form.tsx';
import '../branches/branches.css';

/** Whether a key event belongs to a text field or the CodeMirror editor (its own undo). */
function inTextField(e: KeyboardEvent): boolean {
  for (const t of e.composedPath()) {
    const el = t as HTMLElement;
    if (!el.tagName) continue;
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable) return true;
    if (el.classList?.contains('editor-pane')) return true;
  }
  return false;
}

function useUndoKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || !(e.ctrlKey || e.metaKey) || inTextField(e)) return;
      if (document.querySelector('dialog[open]')) return;
      const k = e.key.toLowerCase();
      const s = useAppStore.getState();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        void s.undoEdit();
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        void s.redoEdit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function EditBar() {
  useUndoKeys();
  const scenario = useAppStore((s) => s.scenario);
  const cursor = useAppStore((s) => s.cursor);
  const set = useAppStore((s) => s.branchSet);
  const loading = useAppStore((s) => s.loading);
  const [form, setForm] = useState<EventFormMode | null>(null);
  const [topology, setTopology] = useState<TopologyKind | null>(null);
  const [branches, setBranches] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (!scenario || !set) return null;
  const cur = currentBranch(set);

  async function remove() {
    const s = useAppStore.getState();
    const index = s.cursor - 1;
    if (index < 0 || s.text === null) return;
    const r = deleteEvent(s.text, index);
    if (!r.ok) return setProblem(r.reason);
    const forks = editForks('delete', index, s.scenario?.events ?? 0);
    const res = await s.applyEdit(r.text, { step: index, fork: forks ? { step: index } : undefined });
    if (!res.ok) {
      s.dismissRejected();
      setProblem(`Event ${index + 1} cannot be deleted: ${res.problems[0]?.path ? `${res.problems[0].path}: ` : ''}${res.problems[0]?.message ?? 'refused'}`);
    } else setProblem(null);
  }

  return (
    <div className="edit-bar" role="toolbar" aria-label="Structured editing">
      <button type="button" className="btn small" onClick={() => setForm({ kind: 'insert', at: cursor })} disabled={loading}>
        Insert event here
      </button>
      <button type="button" className="btn small" onClick={() => setForm({ kind: 'edit', index: cursor - 1 })} disabled={loading || cursor === 0}>
        Change event{cursor > 0 ? ` ${cursor}` : ''}
      </button>
      <button
        type="button"
        className="btn small"
        onClick={() => void remove()}
        disabled={loading || cursor === 0}
        title="Deleting an event forks the scenario: the current branch keeps it"
      >
        Delete event{cursor > 0 ? ` ${cursor}` : ''}
      </button>
      <span className="edit-sep" aria-hidden="true" />
      <button type="button" className="btn small ghost" onClick={() => setTopology('host')} disabled={loading}>
        + Host
      </button>
      <button type="button" className="btn small ghost" onClick={() => setTopology('function')} disabled={loading}>
        + Function
      </button>
      <button type="button" className="btn small ghost" onClick={() => setTopology('vm')} disabled={loading}>
        + VM
      </button>
      <span className="edit-sep" aria-hidden="true" />
      <button type="button" className="btn small ghost" aria-label="Undo (Ctrl+Z)" title="Undo (Ctrl+Z)" onClick={() => void useAppStore.getState().undoEdit()} disabled={loading || cur.past.length === 0}>
        ↶ Undo
      </button>
      <button type="button" className="btn small ghost" aria-label="Redo (Ctrl+Shift+Z)" title="Redo (Ctrl+Shift+Z)" onClick={() => void useAppStore.getState().redoEdit()} disabled={loading || cur.future.length === 0}>
        ↷ Redo
      </button>
      <span className="edit-sep" aria-hidden="true" />
      {/* Named by what it shows, so a speech user can say what they read on it. */}
      <button type="button" className="btn small branch-btn" onClick={() => setBranches(true)} aria-haspopup="dialog">
        Branches: {set.branches.length}, on <strong className="branch-name">{cur.name}</strong>
      </button>
      <ForkNotice onList={() => setBranches(true)} />
      {problem && (
        <span className="field-error" role="alert">
          {problem}
        </span>
      )}
      <EventFormDialog mode={form} onClose={() => setForm(null)} />
      <TopologyDialog kind={topology} onClose={() => setTopology(null)} />
      <BranchDialog open={branches} onClose={() => setBranches(false)} />
    </div>
  );
}
