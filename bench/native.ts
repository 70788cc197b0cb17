/**
 * The C reference (bench/native/alloc.c): compiled with the machine's `cc -O2` at bench
 * time; skipped (with the reason) when there is no compiler.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface NativeWorkloads {
  'alloc-all': number;
  'free-realloc': number;
  churn: number;
  checksums: { 'alloc-all': number; 'free-realloc': number; churn: number };
}

export interface NativeReport {
  n: number;
  seed: number;
  ops: number;
  reps: number;
  variants: Record<string, NativeWorkloads>;
}

const source = fileURLToPath(new URL('./native/alloc.c', import.meta.url));
const binary = fileURLToPath(new URL('./native/alloc.out', import.meta.url));

/** Compile bench/native/alloc.c with `$CC` (default `cc`) -O2; the reason when that is impossible. */
export function buildNative(): { binary: string } | { skipped: string } {
  const cc = process.env.CC || 'cc';
  const built = spawnSync(cc, ['-O2', '-o', binary, source], { encoding: 'utf8' });
  if (built.error) return { skipped: `no C compiler (${cc}: ${built.error.message}); C baselines skipped` };
  if (built.status !== 0) return { skipped: `${cc} -O2 failed; C baselines skipped:\n${built.stderr}` };
  return { binary };
}

/** Run the compiled reference: `reps` repetitions of every workload, medians in the report. */
export function runNative(bin: string, n: number, seed: number, ops: number, reps: number): NativeReport {
  const run = spawnSync(bin, [String(n), String(seed), String(ops), String(reps)], { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new Error(`${bin} failed (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr}`);
  }
  return JSON.parse(run.stdout) as NativeReport;
}
