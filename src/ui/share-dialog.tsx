/**
 * Share when the link cannot go to the clipboard: a scenario too large for a link (say so,
 * with the sizes, and offer the file), or a browser without clipboard access (show the
 * link to copy by hand).
 */
import { quote } from '../store/notice-text.ts';
import { useAppStore } from '../store/store.ts';
import { download } from './export.ts';
import { Modal } from './modal.tsx';
import { sizeLabel } from './recent-list.tsx';
import './recent.css';

export type ShareProblem =
  { kind: 'too-large'; chars: number; limit: number } | { kind: 'no-clipboard'; url: string };

/** The scenario's file name: the one it came with, or one made from its title. */
function fileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- a file name without control characters
  const base = name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_').slice(0, 120) || 'scenario';
  return /\.json$/i.test(base) ? base : `${base}.json`;
}

export function ShareDialog({ problem, onClose }: { problem: ShareProblem | null; onClose(): void }) {
  const source = useAppStore((s) => s.source);
  const title = useAppStore((s) => s.scenario?.title ?? '');
  const inline = source?.kind === 'inline' ? source : null;
  if (problem?.kind === 'no-clipboard')
    return (
      <Modal open onClose={onClose} label="Share" className="share-dialog">
        <h2>Copy the link</h2>
        <p>The page may not use the clipboard here. The link opens this scenario at this step:</p>
        <textarea
          aria-label="Link to this view"
          readOnly
          value={problem.url}
          onFocus={(e) => e.currentTarget.select()}
          rows={4}
        />
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </Modal>
    );
  const tooLarge = problem;
  return (
    <Modal open={tooLarge !== null} onClose={onClose} label="Share" className="share-dialog">
      <h2>Too large for a link</h2>
      {tooLarge && (
        <p>
          “{quote(title || inline?.name || 'This scenario')}” needs {sizeLabel(tooLarge.chars)} in a link, and
          a link holds at most {sizeLabel(tooLarge.limit)} (browsers refuse longer addresses). Send the
          scenario file instead: it opens with Import, by drag-and-drop or by pasting it.
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn ghost" onClick={onClose}>
          Close
        </button>
        {inline && (
          <button
            type="button"
            className="btn primary"
            onClick={() => {
              download(
                new Blob([inline.text], { type: 'application/json' }),
                fileName(inline.name === 'pasted scenario' ? title : inline.name),
              );
              onClose();
            }}
          >
            Download the scenario file
          </button>
        )}
      </div>
    </Modal>
  );
}
