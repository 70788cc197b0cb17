/**
 * Import a scenario from a file or pasted text. Bad input is listed by JSON path and the
 * current scenario stays; what was brought in is kept in the recent-scenario store either
 * way (a refused paste too), so it is never lost. Too large an input is refused before it
 * is read (docs/limits.md).
 */
import { remember } from '../store/recent-sync.ts';
import type { RecentSource } from '../store/recent-scenarios.ts';
import { useAppStore } from '../store/store.ts';
import { isBranchFile, readBranchFile } from '../store/branch-file.ts';
import { branchEntryId } from '../store/branch-persist.ts';

/** The largest scenario the page opens: 16 MiB (a file's bytes, a paste's characters). */
export const IMPORT_MAX = 16 * 1024 * 1024;

const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;

function refuse(name: string, message: string): false {
  useAppStore.setState({ rejected: { name, problems: [{ path: '', message }] } });
  return false;
}

/** The title a refused text gives itself, if it is JSON with one, for the Recent list. */
function titleOf(text: string, name: string): string {
  try {
    const v: unknown = JSON.parse(text);
    const t = v && typeof v === 'object' && 'title' in v ? (v as { title: unknown }).title : undefined;
    return typeof t === 'string' && t.trim() ? t : name;
  } catch {
    return name;
  }
}

async function openText(text: string, name: string, from: RecentSource): Promise<boolean> {
  if (text.length > IMPORT_MAX)
    return refuse(name, `it has ${mib(text.length)} of text; the page opens scenarios up to ${mib(IMPORT_MAX)} (the command line reads larger ones)`);
  if (isBranchFile(text)) return openBranchFile(text, name);
  const ok = await useAppStore.getState().open(text, { kind: 'inline', name, text, from }, { step: 0 });
  // A refused scenario is kept too, to be fixed and opened again; a valid one is saved as it opens.
  if (!ok && useAppStore.getState().rejected?.name === name) await remember(text, name, titleOf(text, name), from, false);
  return ok;
}

/** A file of branches (`pasidscope-branches/1`): every branch comes back, its current one opens. */
async function openBranchFile(text: string, name: string): Promise<boolean> {
  const r = readBranchFile(text);
  if (!r.ok) return refuse(name, `${r.path ? `${r.path}: ` : ''}${r.message}`);
  const base = name.replace(/\.json$/i, '').replace(/-branches$/, '');
  return useAppStore.getState().adoptBranchSet(r.set, branchEntryId(r.set.branches[0].text), base, true);
}

export async function importText(text: string, name: string): Promise<boolean> {
  return openText(text, name, 'paste');
}

export async function importFile(file: File): Promise<boolean> {
  if (file.size > IMPORT_MAX)
    return refuse(file.name, `the file has ${mib(file.size)}; the page opens scenarios up to ${mib(IMPORT_MAX)} (the command line reads larger ones)`);
  let text: string;
  try {
    text = await file.text();
  } catch {
    return refuse(file.name, 'the file could not be read');
  }
  return openText(text, file.name, 'file');
}
