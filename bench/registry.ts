import { Mulberry32 } from './prng.ts';
/**
 * The benchmark registry. Every `bench/*.bench.ts` file is imported by bench/run.ts and
 * calls `register()` at load time; run.ts then runs them in file-name order (then
 * registration order) and prints the table or the JSON document.
 */

/** One line of `npm run bench -- --json`: exactly these five fields are printed. */
export interface BenchResult {
  name: string;
  unit: string;
  value: number;
  /** what `value` is compared with (same unit), or null when there is none this run */
  baseline: number | null;
  /** value / baseline, or null */
  ratio: number | null;
  /** the goal, for the table only (e.g. "≤ 3") */
  goal?: string;
}

export interface BenchContext {
  /** A remark printed under the table (to stderr in --json mode). */
  note(text: string): void;
  /** Progress while the benchmark runs (stderr; silent in --json mode). */
  progress(text: string): void;
}

export type BenchFn = (ctx: BenchContext) => BenchResult[] | Promise<BenchResult[]>;

export interface RegisteredBench {
  name: string;
  fn: BenchFn;
}

const benches: RegisteredBench[] = [];

/** Register a benchmark group (it may return several results). */
export function register(name: string, fn: BenchFn): void {
  if (benches.some((b) => b.name === name)) throw new Error(`bench ${name} registered twice`);
  benches.push({ name, fn });
}

export function registered(): readonly RegisteredBench[] {
  return benches;
}

/** A result whose ratio is value / baseline. */
export function compare(
  name: string,
  unit: string,
  value: number,
  baseline: number | null,
  goal?: string,
): BenchResult {
  return {
    name,
    unit,
    value,
    baseline,
    ratio: baseline === null || baseline === 0 ? null : value / baseline,
    goal,
  };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run `fn` `warmup + reps` times and return the median of the last `reps` values it returns. */
export function medianOf(reps: number, fn: () => number, warmup = 1): number {
  const xs: number[] = [];
  for (let i = 0; i < warmup + reps; i++) {
    const x = fn();
    if (i >= warmup) xs.push(x);
  }
  return median(xs);
}

/** The q-quantile (0..1) of a sample, by nearest rank. */
export function percentile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))];
}

/** Time `count` seeks to seeded random cursors in [0, total]; milliseconds each, in order. */
export function timeRandomSeeks(
  seek: (cursor: number) => void,
  total: number,
  count: number,
  seed: number,
): number[] {
  const rng = new Mulberry32(seed);
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    const c = rng.below(total + 1);
    const s = performance.now();
    seek(c);
    times.push(performance.now() - s);
  }
  return times;
}
