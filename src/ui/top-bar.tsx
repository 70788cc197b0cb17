/** The top bar: scenario (bundled and recent), import, policy, compare, share, export, presenter. */
import { useState } from 'react';
import { POLICY_KINDS } from '../core/model/types.ts';
import { BUNDLED, bundledByFile } from '../store/bundled.ts';
import { shareLink } from '../store/hash-sync.ts';
import { quote } from '../store/notice-text.ts';
import { contentId } from '../store/recent-scenarios.ts';
import { reopen, useRecent } from '../store/recent-sync.ts';
import { useAppStore } from '../store/store.ts';
import type { PolicyChoice } from '../worker/engine.ts';
import { exportFrame } from './export.ts';
import { ExportSizeSelect } from './export-size-select.tsx';
import { ThemeSwitch } from './theme-switch.tsx';
import { pointerFocus, releaseIfPointer } from './pointer-focus.ts';
import { POLICY_BLURB } from './selectors.ts';
import { ShareDialog, type ShareProblem } from './share-dialog.tsx';
import { ComparePicker } from './compare-picker.tsx';
import { enterPresenter } from './presenter-control.ts';

/** How many recent scenarios the picker lists (the import dialog has them all). */
const PICKER_RECENT = 8;

export function TopBar({ onImport }: { onImport(): void }) {
  const source = useAppStore((s) => s.source);
  const open = useAppStore((s) => s.open);
  const compare = useAppStore((s) => s.compare);
  const setCompare = useAppStore((s) => s.setCompare);
  const details = useAppStore((s) => s.details);
  const setDetails = useAppStore((s) => s.setDetails);
  const workloadOpen = useAppStore((s) => s.workloadOpen);
  const setWorkloadOpen = useAppStore((s) => s.setWorkloadOpen);
  const editorOpen = useAppStore((s) => s.editorOpen);
  const setEditorOpen = useAppStore((s) => s.setEditorOpen);
  const [toast, setToast] = useState<string | null>(null);
  const [shareProblem, setShareProblem] = useState<ShareProblem | null>(null);
  const recent = useRecent((s) => s.entries);
  const currentId = source?.kind === 'inline' ? (source.recentId ?? contentId(source.text)) : null;
  const pickable = recent.filter((e) => e.id !== currentId).slice(0, PICKER_RECENT);

  const value = source?.kind === 'bundled' ? source.file : source ? '__inline' : '';
  const flash = (msg: string) => {
    setToast(msg);
    window.setTimeout(() => setToast(null), 2500);
  };

  const share = async () => {
    const link = shareLink();
    if (!link) return;
    if (!link.ok) {
      setShareProblem({ kind: 'too-large', chars: link.chars, limit: link.limit });
      return;
    }
    try {
      await navigator.clipboard.writeText(link.url);
      const branches = useAppStore.getState().branchSet?.branches.length ?? 1;
      flash(
        branches > 1
          ? 'Link copied: it opens this branch at this step; the other branches stay in this browser'
          : 'Link copied: it opens this scenario at this step',
      );
    } catch {
      // No clipboard (permission, insecure page): the link to copy by hand.
      setShareProblem({ kind: 'no-clipboard', url: link.url });
    }
  };

  const doExport = async (kind: 'svg' | 'png') => {
    try {
      await exportFrame(kind);
      flash(`Frame exported as ${kind.toUpperCase()}`);
    } catch {
      flash('Export failed in this browser');
    }
  };

  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ▦
        </span>
        <span className="brand-text">
          pasid<span className="brand-accent">scope</span>
        </span>
      </div>
      <label className="field">
        <span className="field-label">Scenario</span>
        <select
          aria-label="Scenario"
          value={value}
          {...pointerFocus}
          onChange={(e) => {
            releaseIfPointer(e.currentTarget);
            const v = e.target.value;
            if (v.startsWith('recent:')) {
              void reopen(v.slice('recent:'.length));
              return;
            }
            const b = bundledByFile(v);
            if (b) void open(b.text, { kind: 'bundled', file: b.file }, { step: 0 });
          }}
        >
          {source?.kind === 'inline' && <option value="__inline">Imported: {quote(source.name, 60)}</option>}
          <optgroup label="Bundled">
            {BUNDLED.map((b) => (
              <option key={b.file} value={b.file}>
                {b.title}
              </option>
            ))}
          </optgroup>
          {pickable.length > 0 && (
            <optgroup label="Recent">
              {pickable.map((r) => (
                <option key={r.id} value={`recent:${r.id}`}>
                  {quote(r.title, 60)}
                  {r.valid ? '' : ' (not valid)'}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <button type="button" className="btn" onClick={onImport} title="Open a scenario file (picker, drag-and-drop or paste), or one opened before in this browser">
        Import…
      </button>
      <button
        type="button"
        id="editor-toggle"
        className={`btn toggle ${editorOpen ? 'on' : ''}`}
        aria-pressed={editorOpen}
        onClick={() => setEditorOpen(!editorOpen)}
        title="Edit the scenario's JSON beside the maps, checked and run as you type (key E)"
      >
        Edit
      </button>

      <PolicyPicker disabled={compare} />
      <button
        type="button"
        className={`btn toggle ${compare ? 'on' : ''}`}
        aria-pressed={compare}
        onClick={() => void setCompare(!compare)}
        aria-label="Compare policies"
        title="The policies side by side on one cursor: all four, or the two chosen beside"
      >
        Compare
      </button>
      <ComparePicker />
      <button
        type="button"
        className={`btn toggle workload-toggle ${workloadOpen ? 'on' : ''}`}
        aria-pressed={workloadOpen}
        onClick={() => setWorkloadOpen(!workloadOpen)}
        title="Bulk workloads and fills, run in a Web Worker: fleet statistics of the four policies side by side"
      >
        Workloads
      </button>
      <div className="spacer" />
      <button
        type="button"
        className="btn ghost"
        aria-label="Share link"
        onClick={() => void share()}
        title="Copy a link to this view"
      >
        Share
      </button>
      <ExportSizeSelect />
      <button
        type="button"
        className="btn ghost"
        aria-label="Export frame as SVG"
        onClick={() => void doExport('svg')}
      >
        SVG
      </button>
      <button
        type="button"
        className="btn ghost"
        aria-label="Export frame as PNG"
        onClick={() => void doExport('png')}
      >
        PNG
      </button>
      <ThemeSwitch />
      <button
        type="button"
        className={`btn toggle ${details ? 'on' : ''}`}
        aria-pressed={details}
        onClick={() => setDetails(!details)}
        title="Show or hide the side column: step, selection, checks, legend (key D)"
      >
        Details
      </button>
      {/* The top bar is not shown in presenter mode: this button only enters it (Esc or the corner button leaves). */}
      <button
        type="button"
        className="btn toggle"
        onClick={enterPresenter}
        title="Fullscreen maps and big type for a beamer, stepped with a clicker (key P; Esc leaves)"
      >
        Presenter
      </button>
      {toast && (
        <div className="toast" role="status">
          {toast}
        </div>
      )}
      <ShareDialog problem={shareProblem} onClose={() => setShareProblem(null)} />
    </header>
  );
}

function PolicyPicker({ disabled }: { disabled: boolean }) {
  const policy = useAppStore((s) => s.policy);
  const setPolicy = useAppStore((s) => s.setPolicy);
  const choices: { value: PolicyChoice; label: string; title: string }[] = [
    { value: 'declared', label: 'as declared', title: 'every host runs the policy its scenario declares' },
    ...POLICY_KINDS.map((k) => ({
      value: k as PolicyChoice,
      label: k,
      title: `every host runs ${k}: ${POLICY_BLURB[k]}`,
    })),
  ];
  return (
    <div className={`segmented ${disabled ? 'disabled' : ''}`} role="radiogroup" aria-label="Policy">
      <span className="field-label">Policy</span>
      {choices.map((c) => (
        <label key={c.value} className={policy === c.value ? 'on' : ''} title={c.title}>
          <input
            type="radio"
            name="policy"
            value={c.value}
            checked={policy === c.value}
            disabled={disabled}
            {...pointerFocus}
            onChange={(e) => {
              releaseIfPointer(e.currentTarget);
              void setPolicy(c.value);
            }}
          />
          {c.label}
        </label>
      ))}
    </div>
  );
}
