/**
 * The page: top bar, banners, title, maps and side column, caption and timeline. In
 * presenter mode only the maps, with the caption over them (presenter-chrome.tsx).
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useAppStore } from '../store/store.ts';
import { openFromLocation, startHashSync } from '../store/hash-sync.ts';
import { startBranchSync } from '../store/branch-sync.ts';
import { Banners } from './banners.tsx';
import { OpeningStatus } from './opening-status.tsx';
import { ImportDialog, useDropAndPaste } from './import-dialog.tsx';
import { useKeyboard, usePlayback } from './keyboard.ts';
import { MainView } from './main-view.tsx';
import { markdownPlain } from './markdown.tsx';
import { Sidebar } from './sidebar.tsx';
import { Caption, TimelineBar } from './timeline-bar.tsx';
import { Tooltip } from './tooltip.tsx';
import { TopBar } from './top-bar.tsx';
import { WorkloadView } from './workload/workload-view.tsx';
import { EditBar } from './event-form/edit-bar.tsx';
import { PresenterChrome } from './presenter-chrome.tsx';
import { BlankScreen } from './blank-screen.tsx';
import { usePresenterFullscreen } from './presenter-control.ts';
import { BranchCompareView } from './branches/branch-compare-view.tsx';
import { StateTableView } from './state-table-view.tsx';
import { ReviewBar } from './review-bar.tsx';
import { KeyHelp } from './key-help.tsx';

// CodeMirror is fetched when the editor first opens, not with the page.
const EditorPane = lazy(() => import('./editor/editor-pane.tsx'));

export function App() {
  const [importing, setImporting] = useState(false);
  const [dragging, setDragging] = useState(false);
  const presenter = useAppStore((s) => s.presenter);
  const compare = useAppStore((s) => s.compare);
  const pair = useAppStore((s) => s.pair);
  const scenario = useAppStore((s) => s.scenario);
  const policy = useAppStore((s) => s.policy);
  const details = useAppStore((s) => s.details);
  const workload = useAppStore((s) => s.workloadOpen);
  const editorOpen = useAppStore((s) => s.editorOpen);
  const branchCompare = useAppStore((s) => s.branchCompare !== null);
  const stateTable = useAppStore((s) => s.stateTableOpen);

  useEffect(() => {
    const stop = startHashSync();
    const stopBranches = startBranchSync();
    void openFromLocation();
    return () => {
      stopBranches();
      stop();
    };
  }, []);
  useKeyboard();
  usePlayback();
  usePresenterFullscreen();
  useDropAndPaste(setDragging);

  // The rejected-input banner replaces the dialog as the place where problems are read.
  const rejected = useAppStore((s) => s.rejected);
  useEffect(() => {
    if (rejected) setImporting(false);
  }, [rejected]);

  const declared = scenario ? [...new Set(scenario.hosts.map((h) => h.policy.kind))].join(' / ') : '';
  // The head shows the description's words on a line or two; the side column renders its Markdown.
  const summary = useMemo(() => (scenario ? markdownPlain(scenario.description) : ''), [scenario]);
  return (
    <div
      className={`app ${presenter ? 'presenter' : ''} ${compare ? (pair ? 'comparing ab' : 'comparing') : ''} ${workload && !presenter ? 'workload-open' : ''}`}
    >
      {!presenter && <TopBar onImport={() => setImporting(true)} />}
      <Banners />
      <OpeningStatus />
      {workload && <WorkloadView />}
      {!presenter && (
        <div className="scenario-head">
          <div className="scenario-title-row">
            <h1 title={scenario?.title}>{scenario?.title ?? 'pasidscope'}</h1>
            {scenario && <ReviewBar />}
          </div>
          {scenario && (
            <p className="scenario-desc" title={summary}>
              {summary}
              <span className="policy-note">
                {' '}
                Policy:{' '}
                {compare
                  ? pair
                    ? `${pair[0]} and ${pair[1]}, side by side`
                    : 'all four, side by side'
                  : policy === 'declared'
                    ? `as declared (${declared})`
                    : `${policy} on every host`}
                .
              </span>
            </p>
          )}
        </div>
      )}
      <div className="workspace">
        {editorOpen && (
          <Suspense
            fallback={<section className="editor-pane" aria-label="Scenario editor" aria-busy="true" />}
          >
            <EditorPane onImport={() => setImporting(true)} />
          </Suspense>
        )}
        <main className="main" aria-label={stateTable && scenario ? 'State table' : 'Range maps'}>
          {stateTable && scenario ? <StateTableView /> : branchCompare ? <BranchCompareView /> : <MainView />}
        </main>
        {details && !presenter && <Sidebar />}
        {presenter && <PresenterChrome />}
      </div>
      {!presenter && (
        <footer className="bottom">
          <Caption />
          <EditBar />
          <TimelineBar />
        </footer>
      )}
      <BlankScreen />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      <KeyHelp />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop a <code>pasidscope/1</code> scenario file to open it
        </div>
      )}
      <Tooltip />
    </div>
  );
}
