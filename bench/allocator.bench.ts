/**
 * The host-wide allocator (BitmapIdSet) against the C reference and the naive Set scan.
 * The workloads are those of bench/native/alloc.c, with the same PRNG and seed; the
 * checksums (sum of allocated IDs mod 2^32) prove both sides did the same operations.
 */
import { BitmapIdSet } from '../src/core/bitmap-id-set.ts';
import { NaiveIdSet } from '../src/core/naive-id-set.ts';
import { runNative, type NativeWorkloads } from './native.ts';
import { Mulberry32 } from './prng.ts';
import { compare, medianOf, register, type BenchResult } from './registry.ts';

const N = 1 << 20;
const SEED = 20210510;
const OPS = 1 << 20;
const REPS = 5;
const NAIVE_N = 8192;

type Workload = 'alloc-all' | 'free-realloc' | 'churn';

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

register('allocator', (ctx) => {
  ctx.progress('allocator: C reference');
  const native = runNative(N, SEED, OPS, REPS);
  let c: Record<Workload, number> | null = null;
  let cSums: NativeWorkloads['checksums'] | null = null;
  if ('skipped' in native) ctx.note(native.skipped);
  else {
    // Baseline: the faster C variant per workload (the strongest reference).
    const vs = Object.entries(native.variants);
    const best = (w: Workload) => Math.min(...vs.map(([, v]) => v[w]));
    c = { 'alloc-all': best('alloc-all'), 'free-realloc': best('free-realloc'), churn: best('churn') };
    cSums = vs[0][1].checksums;
    ctx.note(
      'C (cc -O2, 64-bit words), ns/op: ' +
        vs
          .map(
            ([name, v]) =>
              `${name}: alloc-all ${v['alloc-all']}, free-realloc ${v['free-realloc']}, churn ${v.churn}`,
          )
          .join('; ') +
        '. Baseline = the faster variant.',
    );
  }

  const ts = {} as Record<Workload, number>;
  const sums = {} as Record<Workload, number>;
  ctx.progress('allocator: alloc-all');
  ts['alloc-all'] = medianOf(REPS, () => allocAll(N));
  sums['alloc-all'] = lastChecksum;
  ctx.progress('allocator: free-realloc');
  ts['free-realloc'] = medianOf(REPS, () => freeRealloc(N));
  sums['free-realloc'] = lastChecksum;
  ctx.progress('allocator: churn');
  ts.churn = medianOf(REPS, () => churn(N));
  sums.churn = lastChecksum;
  if (cSums) {
    for (const w of ['alloc-all', 'free-realloc', 'churn'] as const) {
      if (cSums[w] !== sums[w])
        throw new Error(`${w}: TS and C ran different workloads (checksum ${sums[w]} vs ${cSums[w]})`);
    }
  }

  ctx.progress('allocator: alloc-all-naive');
  const naive = medianOf(3, () => allocAllNaive(NAIVE_N));
  const small = medianOf(REPS, () => allocAll(NAIVE_N));
  ctx.note(
    `alloc-all-naive is measured at n = ${NAIVE_N} (not extrapolated) against BitmapIdSet at the same n; ` +
      `its cost per allocation grows linearly with n, so all 2^20 would take about ` +
      `${((naive * (N / NAIVE_N) * N) / 1e9).toFixed(0)} s (extrapolated: per-op cost × ${N / NAIVE_N} × 2^20 ops).`,
  );

  const results: BenchResult[] = [
    compare('alloc-all', 'ns/op', ts['alloc-all'], c?.['alloc-all'] ?? null, '≤ 3'),
    compare('alloc-all-naive', `ns/op (n=${NAIVE_N})`, naive, small),
    compare('free-realloc', 'ns/op', ts['free-realloc'], c?.['free-realloc'] ?? null),
    compare('churn', 'ns/op', ts.churn, c?.churn ?? null, '≤ 3'),
    compare('churn-vs-alloc-all', 'ns/op', ts.churn, ts['alloc-all'], '≤ 3'),
  ];
  return results;
});
