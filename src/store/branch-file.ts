/**
 * The file of every branch of a scenario, `pasidscope-branches/1` (docs/branches.md):
 * `{ format, current, branches: [{ name, forkStep, scenario }] }`, each `scenario` a
 * `pasidscope/1` document. The page writes it for "Export all branches" and keeps the same
 * form in the recent-scenario store; reading it back is reading hostile input: the shape
 * is checked with zod under bounds, then every scenario by the parser, and the first
 * problem is named by its path in the file.
 */
import { z } from 'zod';
import { parseScenarioText } from '../core/scenario/index.ts';
import { checkJsonDepth } from '../core/scenario/limits.ts';
import { BRANCHES_MAX, BRANCH_NAME_MAX, nameProblem, newBranchSet, type Branch, type BranchSet } from './branches.ts';

export const BRANCH_FORMAT = 'pasidscope-branches/1';
/** The largest branch file read (the page's import bound). */
export const BRANCH_FILE_MAX = 16 * 1024 * 1024;
/** Depth of a branch file: a scenario's 32 levels and the three the file adds. */
const BRANCH_FILE_DEPTH = 35;

const fileSchema = z.strictObject({
  format: z.literal(BRANCH_FORMAT),
  current: z.string().max(BRANCH_NAME_MAX).optional(),
  branches: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(BRANCH_NAME_MAX),
        forkStep: z.number().int().min(0).max(1_000_000).nullable(),
        scenario: z.record(z.string(), z.unknown()),
      }),
    )
    .min(1)
    .max(BRANCHES_MAX),
});

/** Whether a text says it is a branch file (read before deciding how to open it). */
export function isBranchFile(text: string): boolean {
  return /^\s*\{\s*"format"\s*:\s*"pasidscope-branches\//.test(text.slice(0, 200));
}

/** The branch file of a set: every branch's name, fork step and scenario, in order; indented unless `compact` (the kept copy). */
export function branchFileText(set: BranchSet, compact = false): string {
  const cur = set.branches.find((b) => b.id === set.current);
  return JSON.stringify(
    {
      format: BRANCH_FORMAT,
      current: cur?.name,
      branches: set.branches.map((b) => ({ name: b.name, forkStep: b.forkStep, scenario: JSON.parse(b.text) as unknown })),
    },
    null,
    compact ? undefined : 2,
  );
}

export type BranchFileResult = { ok: true; set: BranchSet } | { ok: false; path: string; message: string };

/**
 * Read a branch file into a set (no undo history: that is not kept in files). Each
 * scenario is written back as indented JSON, so a branch's text is the parser's input.
 */
export function readBranchFile(text: string): BranchFileResult {
  if (text.length > BRANCH_FILE_MAX) return { ok: false, path: '', message: `the file has ${text.length} characters; at most ${BRANCH_FILE_MAX}` };
  const deep = checkJsonDepth(text, BRANCH_FILE_DEPTH);
  if (deep) return { ok: false, path: deep.path, message: deep.message };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, path: '', message: `not JSON: ${(e as Error).message}` };
  }
  const r = fileSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    return { ok: false, path: issue.path.map(String).join('.'), message: issue.message };
  }
  let set: BranchSet | null = null;
  for (const [i, b] of r.data.branches.entries()) {
    const scenarioText = `${JSON.stringify(b.scenario, null, 2)}\n`;
    const parsed = parseScenarioText(scenarioText);
    if (!parsed.ok) {
      const p = parsed.problems[0];
      return { ok: false, path: `branches.${i}.scenario${p.path ? `.${p.path}` : ''}`, message: p.message };
    }
    if (!set) {
      set = newBranchSet(scenarioText, b.name);
      set.branches[0].forkStep = b.forkStep;
      continue;
    }
    const problem = nameProblem(set, b.name);
    if (problem) return { ok: false, path: `branches.${i}.name`, message: problem };
    const branch: Branch = { id: `b${i + 1}`, name: b.name.trim(), text: scenarioText, forkStep: b.forkStep, parent: null, past: [], future: [] };
    set = { ...set, branches: [...set.branches, branch] };
  }
  if (!set) return { ok: false, path: 'branches', message: 'no branch' };
  const cur = r.data.current === undefined ? undefined : set.branches.find((b) => b.name === r.data.current);
  return { ok: true, set: cur ? { ...set, current: cur.id } : set };
}
