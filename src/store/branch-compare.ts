/**
 * The other branch of a branch comparison: its text runs in a second engine session (the
 * open branch keeps the session engine), under the policy the page shows, and its frame
 * follows the page's one cursor (clamped to its own length). Only plain data is kept in
 * the store: the head, the run summary and the frame at the cursor.
 */
import { errorText, type RunInfo, type RunKey, type ScenarioHead } from '../worker/engine.ts';
import { closeCompareEngine, compareEngine } from './engines.ts';
import type { Branch } from './branches.ts';
import type { Frame } from './run-slice.ts';
import type { GetState, SetState } from './slice.ts';

export interface BranchCompare {
  id: string;
  name: string;
  status: 'loading' | 'ready' | 'failed';
  /** why it failed (the parser's first problem, or the engine's error) */
  message: string | null;
  head: ScenarioHead | null;
  run: RunInfo | null;
  key: RunKey;
  frame: Frame | null;
}

let gen = 0;
let openText: string | null = null;
let openKey: RunKey | null = null;

/** Run branch `b` in the compare engine and fetch its frame at the page's cursor. */
export async function openBranchCompare(b: Branch, set: SetState, get: GetState): Promise<void> {
  const g = ++gen;
  const key = get().policy;
  const prev = get().branchCompare;
  set({ branchCompare: { id: b.id, name: b.name, status: 'loading', message: null, head: prev?.id === b.id ? prev.head : null, run: prev?.id === b.id ? prev.run : null, key, frame: prev?.id === b.id ? prev.frame : null } }, false, 'branches/compareLoading');
  try {
    const engine = compareEngine();
    let run: RunInfo | null = prev?.id === b.id && openText === b.text && openKey === key ? prev.run : null;
    let head = run ? prev!.head : null;
    if (!run) {
      const r = await engine.open(b.text, [key]);
      if (g !== gen) return;
      if (!r.ok) {
        const p = r.problems[0];
        set({ branchCompare: { id: b.id, name: b.name, status: 'failed', message: `${p?.path ? `${p.path}: ` : ''}${p?.message ?? 'refused'}`, head: null, run: null, key, frame: null } }, false, 'branches/compareFailed');
        return;
      }
      openText = b.text;
      openKey = key;
      head = r.head;
      run = r.runs.find((x) => x.key === key) ?? null;
    }
    const cursor = Math.max(0, Math.min(head!.events, get().cursor));
    const frame = await engine.frame(key, cursor);
    if (g !== gen) return;
    set({ branchCompare: { id: b.id, name: b.name, status: 'ready', message: null, head, run, key, frame } }, false, 'branches/compareReady');
  } catch (e) {
    if (g !== gen) return;
    set({ branchCompare: { id: b.id, name: b.name, status: 'failed', message: errorText(e), head: null, run: null, key, frame: null } }, false, 'branches/compareFailed');
  }
}

/** The page's cursor moved: the other branch's frame at it (its last step when it is shorter). */
export async function followCursor(set: SetState, get: GetState): Promise<void> {
  const c = get().branchCompare;
  if (!c || c.status !== 'ready' || !c.head) return;
  const g = ++gen;
  try {
    const frame = await compareEngine().frame(c.key, Math.max(0, Math.min(c.head.events, get().cursor)));
    const now = get().branchCompare;
    if (g === gen && now?.id === c.id) set({ branchCompare: { ...now, frame } }, false, 'branches/compareFrame');
  } catch (e) {
    if (g === gen) set({ branchCompare: { ...c, status: 'failed', message: errorText(e) } }, false, 'branches/compareFailed');
  }
}

/** Stop comparing: the second session is released. */
export function closeBranchCompare(): void {
  gen++;
  openText = null;
  openKey = null;
  closeCompareEngine();
}
