/**
 * Calls to the scenario view's engine that survive the engine worker dying: the call is
 * made again once, on an engine in the page that reopens the scenario first (the store's
 * `engineMode` says where it runs). Only a stopped worker is retried; a call's own error
 * is the caller's.
 */
import { WorkerStopped, type Engine } from '../worker/worker-engine.ts';
import { replaceSessionEngine, sessionEngine } from './engines.ts';
import type { GetState, SetState } from './slice.ts';
import { activeKeys } from './run-keys.ts';

export async function withSessionEngine<T>(get: GetState, set: SetState, call: (e: Engine) => Promise<T>): Promise<T> {
  const engine = sessionEngine();
  try {
    return await call(engine);
  } catch (e) {
    if (!(e instanceof WorkerStopped) || engine.mode !== 'worker') throw e;
    const page = replaceSessionEngine('page');
    const s = get();
    if (s.text !== null) {
      const keys = [...new Set([...activeKeys(s), ...(Object.keys(s.runs) as (keyof typeof s.runs)[])])];
      await page.open(s.text, keys);
    }
    // The page runs it as well, only slower: the Workloads panel says when its own worker fails.
    set({ engineMode: 'page' }, false, 'engine/page');
    return call(page);
  }
}
