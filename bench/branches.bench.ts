/**
 * branches: what structured edits and branches cost on a large scenario (a generated
 * 50,000-event workload, docs/branches.md).
 *
 * - branch-edit-50k: one structured edit (an event inserted in the middle), read and
 *   written back as indented JSON; ms.
 * - branch-fork-50k: forking that edit into a second branch (the set's bookkeeping only); ms.
 * - branch-file-50k: writing both branches as one `pasidscope-branches/1` file and
 *   reading it back with every check (zod, bounds, both scenarios parsed); ms.
 */
import { generateWorkload, scenarioFile } from '../src/core/fleet/workload.ts';
import { branchFileText, readBranchFile } from '../src/store/branch-file.ts';
import { commitEdit, newBranchSet } from '../src/store/branches.ts';
import { insertEvent } from '../src/ui/event-form/scenario-edits.ts';
import { medianOf, register } from './registry.ts';

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

register('branches', (ctx) => {
  ctx.progress('branches: generating a 50,000-event scenario');
  const text = JSON.stringify(scenarioFile(generateWorkload({ seed: 3, events: 50_000, hosts: 8 }).scenario), null, 2);
  const event = { op: 'host.exit', host: 'h0', process: 'bench' };
  let edited = '';
  const editMs = medianOf(3, () =>
    timed(() => {
      const r = insertEvent(text, 25_000, event);
      if (!r.ok) throw new Error(r.reason);
      edited = r.text;
    }),
  );
  const set = newBranchSet(text);
  let forked = set;
  const forkMs = medianOf(5, () =>
    timed(() => {
      const r = commitEdit(set, edited, { step: 25_000 });
      if (!r.ok) throw new Error(r.reason);
      forked = r.set;
    }),
  );
  const fileMs = medianOf(3, () =>
    timed(() => {
      const r = readBranchFile(branchFileText(forked, true));
      if (!r.ok || r.set.branches.length !== 2) throw new Error('round trip failed');
    }),
  );
  ctx.note(`branches: the scenario is ${(text.length / 1024 / 1024).toFixed(1)} MiB of indented JSON; the kept file of both branches ${(branchFileText(forked, true).length / 1024 / 1024).toFixed(1)} MiB`);
  const row = (name: string, value: number) => ({ name, unit: 'ms', value, baseline: null, ratio: null });
  return [row('branch-edit-50k', editMs), row('branch-fork-50k', forkMs), row('branch-file-50k', fileMs)];
});
