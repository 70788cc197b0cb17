/**
 * The host-wide allocator (BitmapIdSet) against the C reference and the naive Set scan.
 * The workloads are those of bench/native/alloc.c, with the same PRNG and seed; the
 * checksums (sum of allocated IDs mod 2^32) prove both sides did the same operations.
 */
import { BitmapIdSet } from '../src/core/id-set/bitmap-id-set.ts';
import { NaiveIdSet } from '../src/core/id-set/naive-id-set.ts';
import { buildNative, runNative, type NativeWorkloads } from './native.ts';
import { Mulberry32 } from './prng.ts';
import { compare, median, medianOf, register, type BenchResult } from './registry.ts';

const N = 1 << 20;
const SEED = 20210510;
const OPS = 1 << 20;
const REPS = 7;
const NAIVE_N = 8192;

const WORKLOADS = ['alloc-all', 'free-realloc', 'churn'] as const;
type Workload = (typeof WORKLOADS)[number];

let lastChecksum = 0;

/** Lowest-first allocation of all n IDs into an empty BitmapIdSet; ns per allocation. */
function allocAll(n: number): number {
  const s = new BitmapIdSet(0, n);
  let sum = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const id = s.lowestFree();
    s.add(id);
    sum = (sum + id) >>> 0;
  }
  const t1 = process.hrtime.bigint();
  if (s.size !== n) throw new Error('alloc-all did not fill the space');
  lastChecksum = sum;
  return Number(t1 - t0) / n;
}

/** The same with NaiveIdSet (a linear scan per allocation: quadratic overall). */
function allocAllNaive(n: number): number {
  const s = new NaiveIdSet(0, n);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) s.add(s.lowestFree());
  const t1 = process.hrtime.bigint();
  if (s.size !== n) throw new Error('alloc-all-naive did not fill the space');
  return Number(t1 - t0) / n;
}

/**
 * free-realloc: each ID used when the PRNG says u32 < 2^31 (occupancy 1/2), the used ones
 * listed in `live`; then OPS times free a random live ID and allocate the lowest free one,
 * which takes the freed one's place in `live`. ns per free + allocate.
 */
function freeRealloc(n: number): number {
  const s = new BitmapIdSet(0, n);
  const rng = new Mulberry32(SEED);
  const live = new Int32Array(n);
  let len = 0;
  for (let i = 0; i < n; i++) {
    if (rng.nextU32() < 0x80000000) {
      s.add(i);
      live[len++] = i;
    }
  }
  let sum = 0;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < OPS; k++) {
    const j = rng.below(len);
    s.delete(live[j]);
    const id = s.lowestFree();
    s.add(id);
    live[j] = id;
    sum = (sum + id) >>> 0;
  }
  const t1 = process.hrtime.bigint();
  lastChecksum = sum;
  return Number(t1 - t0) / OPS;
}

/**
 * churn: every ID used; then OPS times free a random ID (all are live, so no list is
 * needed) and allocate the lowest free one (the one just freed). ns per free + allocate.
 */
function churn(n: number): number {
  const s = new BitmapIdSet(0, n);
  const rng = new Mulberry32(SEED);
  for (let i = 0; i < n; i++) s.add(i);
  let sum = 0;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < OPS; k++) {
    s.delete(rng.below(n));
    const id = s.lowestFree();
    s.add(id);
    sum = (sum + id) >>> 0;
  }
  const t1 = process.hrtime.bigint();
  lastChecksum = sum;
  return Number(t1 - t0) / OPS;
}

const tsWorkload: Record<Workload, () => number> = {
  'alloc-all': () => allocAll(N),
  'free-realloc': () => freeRealloc(N),
  churn: () => churn(N),
};

register('allocator', (ctx) => {
  const built = buildNative();
  if ('skipped' in built) ctx.note(built.skipped);

  // Warm the JIT up, then alternate C and TypeScript repetitions, so that both see the
  // same machine (others may be busy on it) and the ratios compare like with like.
  ctx.progress('allocator: warm-up');
  for (const w of WORKLOADS) tsWorkload[w]();
  const ts: Record<Workload, number[]> = { 'alloc-all': [], 'free-realloc': [], churn: [] };
  const tsSums = {} as Record<Workload, number>;
  const c: Record<string, Record<Workload, number[]>> = {};
  const cSums: Record<string, NativeWorkloads['checksums']> = {};
  for (let rep = 0; rep < REPS; rep++) {
    ctx.progress(`allocator: repetition ${rep + 1} of ${REPS}`);
    if ('binary' in built) {
      const report = runNative(built.binary, N, SEED, OPS, 1);
      for (const [name, v] of Object.entries(report.variants)) {
        c[name] ??= { 'alloc-all': [], 'free-realloc': [], churn: [] };
        for (const w of WORKLOADS) c[name][w].push(v[w]);
        cSums[name] = v.checksums;
      }
    }
    for (const w of WORKLOADS) {
      ts[w].push(tsWorkload[w]());
      tsSums[w] = lastChecksum;
    }
  }
  for (const [name, sums] of Object.entries(cSums)) {
    for (const w of WORKLOADS) {
      if (sums[w] !== tsSums[w]) {
        throw new Error(
          `${w}: TS and C (${name}) ran different workloads (checksums ${tsSums[w]}, ${sums[w]})`,
        );
      }
    }
  }

  // Baseline: the faster C variant per workload (the strongest reference).
  const variants = Object.entries(c);
  const baseline = (w: Workload) =>
    variants.length ? Math.min(...variants.map(([, v]) => median(v[w]))) : null;
  if (variants.length) {
    ctx.note(
      'C (cc -O2, 64-bit words), median ns/op: ' +
        variants
          .map(
            ([name, v]) => `${name}: ` + WORKLOADS.map((w) => `${w} ${median(v[w]).toFixed(2)}`).join(', '),
          )
          .join('; ') +
        '. Baseline = the faster variant.',
    );
  }

  ctx.progress('allocator: alloc-all-naive');
  const naive = medianOf(3, () => allocAllNaive(NAIVE_N));
  const small = medianOf(REPS, () => allocAll(NAIVE_N));
  ctx.note(
    `alloc-all-naive is measured at n = ${NAIVE_N} (not extrapolated) against BitmapIdSet at the same n; ` +
      `its cost per allocation grows linearly with n, so all 2^20 would take about ` +
      `${((naive * (N / NAIVE_N) * N) / 1e9).toFixed(0)} s (extrapolated: per-op cost × ${N / NAIVE_N} × 2^20 ops).`,
  );

  const t = (w: Workload) => median(ts[w]);
  const results: BenchResult[] = [
    compare('alloc-all', 'ns/op', t('alloc-all'), baseline('alloc-all'), '≤ 2'),
    compare('alloc-all-naive', `ns/op (n=${NAIVE_N})`, naive, small),
    compare('free-realloc', 'ns/op', t('free-realloc'), baseline('free-realloc')),
    compare('churn', 'ns/op', t('churn'), baseline('churn'), '≤ 2'),
    compare('churn-vs-alloc-all', 'ns/op', t('churn'), t('alloc-all'), '≤ 3'),
  ];
  return results;
});
