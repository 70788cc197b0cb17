/**
 * The import dialog: file picker, pasted JSON, or a scenario opened before (the Recent
 * list). Drag-and-drop and paste work anywhere too.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../store/store.ts';
import { openingPercent } from './opening-status.tsx';
import { importFile, importText, IMPORT_MAX } from './import.ts';
import { Modal } from './modal.tsx';
import { RecentList } from './recent-list.tsx';

export function ImportDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const [text, setText] = useState('');
  const rejected = useAppStore((s) => s.rejected);
  const opening = useAppStore((s) => s.opening);
  const pct = opening ? openingPercent(opening.progress) : null;

  const done = (ok: boolean) => {
    if (ok) {
      setText('');
      onClose();
    }
  };

  return (
    <Modal open={open} onClose={onClose} label="Import scenario">
      <h2>Import a scenario</h2>
      <p className="muted">
        A <code>pasidscope/1</code> JSON file, up to {IMPORT_MAX / (1024 * 1024)} MiB. You can also drop a file anywhere on the page, or paste JSON with
        Ctrl+V.
      </p>
      <label className="btn file-btn">
        Choose a file…
        <input
          type="file"
          accept=".json,application/json,text/plain"
          aria-label="Scenario file"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (!f) return;
            // The file stays on disk: close now, so the page's opening status is what shows
            // (a refused file's problems are listed on the page).
            onClose();
            await importFile(f);
          }}
        />
      </label>
      <label className="paste-label" htmlFor="import-text">
        or paste the JSON here
      </label>
      <textarea
        id="import-text"
        aria-label="Scenario JSON"
        value={text}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        placeholder='{ "format": "pasidscope/1", "hosts": [...], "events": [...] }'
      />
      {rejected && open && <p className="dialog-error">Not loaded: see the problems listed on the page.</p>}
      <div className="dialog-actions">
        <button type="button" className="btn ghost" onClick={onClose}>
          Cancel
        </button>
        {/* Pasted text exists only here: the dialog stays until it has opened, saying how far it is. */}
        <button type="button" className="btn primary" disabled={text.trim() === '' || opening !== null} onClick={async () => done(await importText(text, 'pasted scenario'))}>
          {opening ? `Opening…${pct === null ? '' : ` ${pct}%`}` : 'Load pasted JSON'}
        </button>
      </div>
      <RecentList onOpen={onClose} />
    </Modal>
  );
}

/** Drop a file anywhere; paste JSON anywhere outside a text field. */
export function useDropAndPaste(setDragging: (on: boolean) => void) {
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const f = e.dataTransfer?.files[0];
      if (f) void importFile(f);
    };
    const paste = (e: ClipboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT' || t.isContentEditable)) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!text.trim().startsWith('{')) return;
      e.preventDefault();
      void importText(text, 'pasted scenario');
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, [setDragging]);
}
