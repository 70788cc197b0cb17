/**
 * The open scenario: where it came from, its text, its head (everything but its events,
 * which the event cache holds), and what the page says about it — a refused input with its
 * problems (the open scenario stays), a notice, whether one is loading. `open` is the one
 * way a scenario gets onto the page: parsed and run by the engine, its frames at the
 * requested step fetched, then committed in one change.
 */
import type { InputProblem } from '../core/scenario/index.ts';
import { holderKey, type Holder } from '../core/model/types.ts';
import type { Progress } from '../worker/workload-types.ts';
import { errorText, type PolicyChoice, type RunInfo, type RunKey, type ScenarioHead } from '../worker/engine.ts';
import { activeKeys, type PolicyPair } from './run-keys.ts';
import { forgetFrames, type Frame } from './run-slice.ts';
import { withSessionEngine } from './session-calls.ts';
import { sessionEngine } from './engines.ts';
import { EventCache, setCurrentEvents } from './event-cache.ts';
import type { GetState, SetState } from './slice.ts';
import type { Selection } from './view-slice.ts';
import type { Source } from './url-hash.ts';
import { quote, QUOTE_MAX } from './notice-text.ts';

export interface ScenarioSlice {
  source: Source | null;
  text: string | null;
  /** the open scenario without its events (they are in the event cache) */
  scenario: ScenarioHead | null;
  /** bumped when events arrive in the cache, so what shows them renders again */
  eventsVersion: number;
  /** the last input that was refused, with its problems; the current scenario stays */
  rejected: { name: string; problems: InputProblem[] } | null;
  /** a message about the page itself (a damaged link, an engine failure) */
  notice: string | null;
  loading: boolean;
  /** what is being opened, and how far its runs are built (a large file takes seconds) */
  opening: Opening | null;
  /** where the scenario view's engine runs (the page when the worker could not) */
  engineMode: 'worker' | 'page';
  open(text: string, source: Source, opts?: OpenOptions): Promise<boolean>;
  dismissRejected(): void;
  setNotice(message: string | null): void;
}

export interface Opening {
  /** opening a scenario, or running the open one under more policies */
  verb: 'Opening' | 'Running';
  name: string;
  chars: number;
  progress: Progress | null;
}

export interface OpenOptions {
  step?: number;
  policy?: PolicyChoice;
  compare?: boolean;
  /** the A/B pair of a compare view (null: the four) */
  pair?: PolicyPair | null;
  /** presenter mode, from a link */
  presenter?: boolean;
  /** a selection from a link; dropped (with a notice) when the scenario has no such process */
  selection?: Selection | null;
}

/** Whether a selection names a process the scenario has and, if it names a cell, a space it has. A link is outside input. */
export function selectionFits(head: Pick<ScenarioHead, 'hosts' | 'vms'> & { owners: readonly Holder[] }, sel: Selection): boolean {
  const k = holderKey(sel.holder);
  if (!head.owners.some((h) => holderKey(h) === k)) return false;
  const sp = sel.at?.space;
  if (!sp) return true;
  if (sp.kind === 'guest') return head.vms.some((v) => v.id === sp.vm);
  const host = head.hosts.find((x) => x.id === sp.host);
  return !!host && (sp.kind === 'g' || host.functions.some((f) => f.rid === sp.rid));
}

let openGen = 0;

export function createScenarioSlice(set: SetState, get: GetState): ScenarioSlice {
  return {
    source: null,
    text: null,
    scenario: null,
    eventsVersion: 0,
    rejected: null,
    notice: null,
    loading: false,
    opening: null,
    engineMode: 'worker',

    async open(text, source, opts = {}) {
      const gen = ++openGen;
      const stale = () => gen !== openGen;
      const viewed = {
        ...(opts.policy !== undefined ? { policy: opts.policy } : {}),
        ...(opts.compare !== undefined ? { compare: opts.compare } : {}),
        ...(opts.pair !== undefined ? { pair: opts.pair } : {}),
        ...(opts.presenter !== undefined ? { presenter: opts.presenter } : {}),
      };
      if (Object.keys(viewed).length) set(viewed, false, 'scenario/view');
      const name = source.kind === 'bundled' ? source.file : source.name;
      set({ loading: true, opening: { verb: 'Opening', name, chars: text.length, progress: null } }, false, 'scenario/opening');
      // A report may arrive after the answer (it comes by a port of its own): once answered, it is dropped.
      let answered = false;
      const onProgress = (progress: Progress) => {
        if (!stale() && !answered) set({ opening: { verb: 'Opening', name, chars: text.length, progress } }, false, 'scenario/progress');
      };
      try {
        const r = await withSessionEngine(get, set, (e) => e.open(text, activeKeys(get()), { onProgress }));
        if (stale()) return false;
        if (!r.ok) {
          answered = true;
          set({ rejected: { name, problems: r.problems }, loading: false, opening: null }, false, 'scenario/rejected');
          return false;
        }
        // The view may have changed while it opened: take the latest choice, building what it needs.
        const runs: Partial<Record<RunKey, RunInfo>> = Object.fromEntries(r.runs.map((x) => [x.key, x]));
        const keys = activeKeys(get());
        const missing = keys.filter((k) => !runs[k]);
        if (missing.length) for (const x of await withSessionEngine(get, set, (e) => e.ensure(missing, { onProgress }))) runs[x.key] = x;
        if (stale()) return false;
        const length = r.head.events;
        const cursor = Math.max(0, Math.min(length, opts.step ?? 0));
        const got = await withSessionEngine(get, set, (e) => Promise.all(keys.map((k) => e.frame(k, cursor))));
        if (stale()) return false;
        const frames: Partial<Record<RunKey, Frame>> = {};
        keys.forEach((k, i) => (frames[k] = got[i]));
        const wanted = opts.selection ?? null;
        const selection = wanted && selectionFits(r.head, wanted) ? wanted : null;
        if (wanted && !selection) {
          const h = wanted.holder;
          const who = quote(h.type === 'host' ? `host ${h.host} · ${h.process}` : `${h.vm} · ${h.process}`, 2 * QUOTE_MAX);
          set({ notice: `This link selects ${who}, which this scenario does not have; nothing is selected.` }, false, 'scenario/notice');
        }
        answered = true;
        forgetFrames();
        setCurrentEvents(
          new EventCache(
            length,
            (from, to) => sessionEngine().events(from, to),
            () => set((s) => ({ eventsVersion: s.eventsVersion + 1 }), false, 'scenario/events'),
            r.events,
          ),
        );
        set(
          { source, text, scenario: r.head, runs, frames, cursor, playing: false, selection, rejected: null, loading: false, opening: null },
          false,
          'scenario/open',
        );
        return true;
      } catch (e) {
        answered = true;
        if (stale()) return false;
        // An input whose reading throws is a problem listed like any other, never a page stuck loading.
        set({ rejected: { name, problems: [{ path: '', message: `the engine could not run it: ${errorText(e)}` }] }, loading: false, opening: null }, false, 'scenario/failed');
        return false;
      }
    },

    dismissRejected: () => set({ rejected: null }, false, 'scenario/dismissRejected'),
    setNotice: (notice) => set({ notice }, false, 'scenario/notice'),
  };
}
