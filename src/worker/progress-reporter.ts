/**
 * Progress of a long call (a bulk run, a scenario's timelines being built), reported at most
 * every 80 ms so the messages cost nothing next to the work, with the time left at the
 * pace so far. Shared by the bulk backend and the scenario session.
 */
import type { Progress } from './workload-types.ts';

export type Report = (phase: string, done: number, force?: boolean) => void;

export function progressReporter(onProgress: ((p: Progress) => void) | undefined, total: number, now: () => number = () => performance.now()): Report {
  const t0 = now();
  let last = -Infinity;
  return (phase, done, force = false) => {
    const t = now();
    if (!onProgress || (!force && t - last < 80)) return;
    last = t;
    const elapsedMs = t - t0;
    // Time left at the pace so far; only once a little is done, so the first guess is sane.
    const etaMs = done > total * 0.01 && elapsedMs > 200 ? (elapsedMs * (total - done)) / done : null;
    onProgress({ phase, done, total, elapsedMs, etaMs });
  };
}
