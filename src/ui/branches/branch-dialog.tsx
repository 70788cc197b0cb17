/**
 * The branch list: every branch of the open scenario with where it forked; open, compare
 * with the open one, rename (the name is checked as you type) and delete (asked twice);
 * export the open branch as a scenario file or every branch as one file. It says what the
 * share link carries and where the other branches are kept.
 */
import { useState } from 'react';
import { branchFileText } from '../../store/branch-file.ts';
import { currentBranch, nameProblem, type Branch } from '../../store/branches.ts';
import { useRecent } from '../../store/recent-sync.ts';
import { useAppStore } from '../../store/store.ts';
import { Modal } from '../modal.tsx';
import { downloadText, fileNameOf } from './download.ts';

export function BranchDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  return (
    <Modal open={open} onClose={onClose} label="Branches" className="branch-dialog">
      <BranchList onClose={onClose} />
    </Modal>
  );
}

function BranchList({ onClose }: { onClose(): void }) {
  const set = useAppStore((s) => s.branchSet);
  const base = useAppStore((s) => s.branchBase);
  const comparing = useAppStore((s) => s.branchCompare);
  const backend = useRecent((s) => s.backend);
  if (!set) return null;
  const cur = currentBranch(set);
  return (
    <div className="branch-list">
      <h2>Branches</h2>
      <p className="muted">
        Changing or deleting an event, or inserting one before the end, forks: the change goes on a new branch and the old future stays on its own. The share link carries the
        open branch only; the other branches stay in this browser
        {backend === 'memory' ? ' until the page is closed (this browser lets the page keep nothing)' : ''}. Export all branches to take them
        elsewhere.
      </p>
      <ul aria-label="Branches of this scenario">
        {set.branches.map((b) => (
          <BranchRow key={b.id} branch={b} current={b.id === cur.id} compared={comparing?.id === b.id} onClose={onClose} />
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => downloadText(cur.text, fileNameOf(base, cur.name))}>
          Export this branch
        </button>
        <button type="button" className="btn" onClick={() => downloadText(branchFileText(set), fileNameOf(base, 'branches'))}>
          Export all branches
        </button>
        <button type="button" className="btn primary" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

function BranchRow({ branch: b, current, compared, onClose }: { branch: Branch; current: boolean; compared: boolean; onClose(): void }) {
  const set = useAppStore((s) => s.branchSet)!;
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(b.name);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problem = renaming ? nameProblem(set, name, b.id) : null;
  const id = `branch-name-${b.id}`;
  return (
    <li className={`branch-row ${current ? 'current' : ''}`} aria-current={current ? 'true' : undefined}>
      <div className="branch-main">
        {renaming ? (
          <form
            className="branch-rename"
            onSubmit={(e) => {
              e.preventDefault();
              const why = useAppStore.getState().renameBranchTo(b.id, name);
              if (why) setError(why);
              else {
                setRenaming(false);
                setError(null);
              }
            }}
          >
            <label htmlFor={id} className="field-label">
              New name for {b.name}
            </label>
            <input id={id} type="text" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} aria-invalid={!!problem} autoFocus autoComplete="off" />
            <button type="submit" className="btn small primary" disabled={!!problem}>
              Save
            </button>
            <button
              type="button"
              className="btn small ghost"
              onClick={() => {
                setRenaming(false);
                setName(b.name);
              }}
            >
              Cancel
            </button>
            {(problem ?? error) && <span className="field-error">{problem ?? error}</span>}
          </form>
        ) : (
          <>
            <strong className="branch-title">{b.name}</strong>
            <span className="muted">
              {b.forkStep === null ? ' the scenario as it came' : ` forked at step ${b.forkStep}`}
              {current ? ' · open' : ''}
              {compared ? ' · compared' : ''}
            </span>
          </>
        )}
      </div>
      {!renaming && (
        <div className="branch-actions">
          {!current && (
            <button
              type="button"
              className="btn small primary"
              aria-label={`Open branch ${b.name}`}
              onClick={() => {
                void useAppStore.getState().openBranch(b.id);
                onClose();
              }}
            >
              Open
            </button>
          )}
          {!current && (
            <button
              type="button"
              className="btn small"
              aria-label={compared ? `Stop comparing with ${b.name}` : `Compare with branch ${b.name}`}
              onClick={() => {
                void useAppStore.getState().compareBranch(compared ? null : b.id);
                onClose();
              }}
            >
              {compared ? 'Stop comparing' : 'Compare'}
            </button>
          )}
          <button type="button" className="btn small ghost" aria-label={`Rename branch ${b.name}`} onClick={() => setRenaming(true)}>
            Rename
          </button>
          {set.branches.length > 1 &&
            (confirmDelete ? (
              <>
                <button type="button" className="btn small danger" aria-label={`Really delete branch ${b.name}`} onClick={() => void useAppStore.getState().deleteBranch(b.id)}>
                  Delete {b.name}
                </button>
                <button type="button" className="btn small ghost" onClick={() => setConfirmDelete(false)}>
                  Keep
                </button>
              </>
            ) : (
              <button type="button" className="btn small ghost" aria-label={`Delete branch ${b.name}`} onClick={() => setConfirmDelete(true)}>
                Delete…
              </button>
            ))}
        </div>
      )}
    </li>
  );
}
