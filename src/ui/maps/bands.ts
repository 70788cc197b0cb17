/**
 * The range-aware axis plan: which policy bands a host's PASID space has (reserved 0,
 * guest/local, shared, unused) and how much width each part of the space gets.
 *
 * Every allocator hands out the lowest free ID of its range (DOMAIN.md §2), so what
 * matters sits at the start of each band. Each band is cut at base + 16^k (hex digits)
 * (hex digits): a piecewise-linear log16 scale whose labels stay round hex numbers. The
 * first 16 IDs of each band, where lowest-first allocations land, get the most room, so
 * 0x1–0xf of the guest range is exactly as wide as 0x1000–0x100f of the shared one.
 */
import type { Policy } from '../../core/model/types.ts';

export type BandKind = 'reserved' | 'guest' | 'shared' | 'global' | 'local' | 'linux' | 'unused';

export interface Band {
  kind: BandKind;
  /** [lo, hi) */
  lo: number;
  hi: number;
  /** label drawn over the band */
  label: string;
  /** a shorter one for narrow bands */
  short: string;
  /** one sentence for the legend and tooltips */
  detail: string;
}

export interface AxisPlan {
  bands: Band[];
  /** ascending domain breakpoints, first 0, last 2^iommuBits */
  breaks: number[];
  /** relative width of each segment [breaks[i], breaks[i+1]) */
  weights: number[];
  max: number;
  /** a framed plan (frameAxis): per segment, whether it is a used span (true) or squeezed context */
  framed?: boolean[];
}

const RESERVED_WEIGHT = 0.3;
// The first 16 IDs of a band are where lowest-first allocations land: they get the most room.
const FIRST_WEIGHT = 6;
const NEXT_WEIGHT = 0.8;
const UNUSED_WEIGHT = 0.4;

function hexRange(lo: number, hi: number): string {
  return `0x${lo.toString(16)}–0x${(hi - 1).toString(16)}`;
}

/** The bands of a host's space under its policy. */
export function policyBands(policy: Policy, iommuBits: number): Band[] {
  const max = 2 ** iommuBits;
  const reserved: Band = { kind: 'reserved', lo: 0, hi: 1, label: '0', short: '0', detail: 'PASID 0 is reserved (RID2PASID): never allocated' };
  switch (policy.kind) {
    case 'split': {
      const localEnd = Math.min(policy.localEnd, max);
      const sharedEnd = Math.min(Math.max(policy.sharedEnd, localEnd), max);
      const bands: Band[] = [reserved];
      if (localEnd > 1)
        bands.push({
          kind: 'guest',
          lo: 1,
          hi: localEnd,
          label: `guest / RID-local ${hexRange(1, localEnd)}`,
          short: 'guest',
          detail: 'each guest allocates its own PASIDs here; passthrough devices use them as-is (v==p)',
        });
      if (sharedEnd > localEnd)
        bands.push({
          kind: 'shared',
          lo: localEnd,
          hi: sharedEnd,
          label: `shared G ${hexRange(localEnd, sharedEnd)}`,
          short: 'shared G',
          detail: 'the host-wide allocator G: host SVA and translated guest PASIDs (hPASIDs)',
        });
      if (max > sharedEnd)
        bands.push({ kind: 'unused', lo: sharedEnd, hi: max, label: 'unused', short: '', detail: 'above sharedEnd: nobody allocates here' });
      return bands;
    }
    case 'global':
      return [
        reserved,
        {
          kind: 'global',
          lo: 1,
          hi: max,
          label: `global G ${hexRange(1, max)}`,
          short: 'global G',
          detail: 'one host-wide space for everything: guests get their PASIDs from G too (gPASID == hPASID)',
        },
      ];
    case 'local':
      return [
        reserved,
        {
          kind: 'local',
          lo: 1,
          hi: max,
          label: `per-RID ${hexRange(1, max)}`,
          short: 'per-RID',
          detail: 'no host-wide allocator: every RID and every guest allocates on its own',
        },
      ];
    case 'linux':
      return [
        reserved,
        {
          kind: 'linux',
          lo: 1,
          hi: max,
          label: `G for host SVA · guests choose ${hexRange(1, max)}`,
          short: 'G (host SVA)',
          detail: 'G serves host SVA only; guests pick their own PASIDs through iommufd',
        },
      ];
  }
}

/** Breakpoints at base + 16^k inside [lo, hi). */
function hexCuts(lo: number, hi: number): number[] {
  const base = lo === 1 ? 0 : lo;
  const cuts: number[] = [];
  for (let step = 16; base + step < hi; step *= 16) if (base + step > lo) cuts.push(base + step);
  return cuts;
}

/** The whole axis plan of a host. */
export function planAxis(policy: Policy, iommuBits: number): AxisPlan {
  const bands = policyBands(policy, iommuBits);
  const breaks: number[] = [0];
  const weights: number[] = [];
  for (const b of bands) {
    if (b.kind === 'reserved') {
      breaks.push(b.hi);
      weights.push(RESERVED_WEIGHT);
      continue;
    }
    if (b.kind === 'unused') {
      breaks.push(b.hi);
      weights.push(UNUSED_WEIGHT);
      continue;
    }
    const cuts = hexCuts(b.lo, b.hi);
    cuts.forEach((c, i) => {
      breaks.push(c);
      weights.push(i === 0 ? FIRST_WEIGHT : NEXT_WEIGHT);
    });
    breaks.push(b.hi);
    weights.push(cuts.length === 0 ? FIRST_WEIGHT : NEXT_WEIGHT);
  }
  return { bands, breaks, weights, max: 2 ** iommuBits };
}

/** Pixel positions of the breakpoints for a track `width` wide. */
export function breakPixels(plan: AxisPlan, width: number): number[] {
  const total = plan.weights.reduce((a, b) => a + b, 0);
  const px = [0];
  let acc = 0;
  for (const w of plan.weights) {
    acc += w;
    px.push((acc / total) * width);
  }
  return px;
}

// The framed axis (side-by-side and compare panels): where the used IDs are.
const FRAME_RESERVED = 0.025;
const FRAME_GAP = 0.06;
const FRAME_EMPTY_BAND = 0.16;
const FRAME_UNUSED = 0.05;
/** the least share of the track the used spans keep, however many gaps there are */
const FRAME_MIN_FOCUS = 0.55;
/** IDs closer than this stay in one span */
const FRAME_JOIN = 16;
const FRAME_MAX_SPANS = 4;
/** free IDs shown after a span: where the next lowest-first allocation lands */
const FRAME_AFTER = 2;

/** The used spans of one band, with their margins: [lo, hi) pairs, ascending, disjoint. */
function bandSpans(band: Band, ids: number[]): [number, number][] {
  const clusters: [number, number][] = [];
  for (const v of ids) {
    const last = clusters.at(-1);
    if (last && v - last[1] <= FRAME_JOIN) last[1] = v;
    else clusters.push([v, v]);
  }
  // Too many: join across the smallest gaps.
  while (clusters.length > FRAME_MAX_SPANS) {
    let best = 1;
    for (let i = 2; i < clusters.length; i++) if (clusters[i][0] - clusters[i - 1][1] < clusters[best][0] - clusters[best - 1][1]) best = i;
    clusters[best - 1][1] = clusters[best][1];
    clusters.splice(best, 1);
  }
  const spans: [number, number][] = [];
  for (const [a, z] of clusters) {
    // Start at the band's edge when the span is near it, so its first ID reads as the first.
    const lo = a - band.lo <= 4 ? band.lo : a - 1;
    const hi = Math.min(band.hi, z + 1 + FRAME_AFTER);
    const last = spans.at(-1);
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else spans.push([lo, hi]);
  }
  return spans;
}

/**
 * The plan of an axis framed on `ids`: in each band, the spans around the used IDs (plus
 * a few free ones after them) share most of the track, one ID as wide as any other, and
 * the empty rest of every band keeps a narrow segment so the bands and their labels stay.
 * For the half- and quarter-width panels, where the whole-range plan leaves the first
 * PASIDs a few pixels wide.
 */
export function frameAxis(plan: AxisPlan, ids: Iterable<number>): AxisPlan {
  const byBand = plan.bands.map(() => [] as number[]);
  for (const v of ids) {
    const i = plan.bands.findIndex((b) => v >= b.lo && v < b.hi);
    if (i >= 0 && plan.bands[i].kind !== 'reserved' && plan.bands[i].kind !== 'unused') byBand[i].push(v);
  }
  if (byBand.every((l) => l.length === 0)) return plan;
  const breaks = [0];
  const weights: number[] = [];
  const focus: boolean[] = [];
  const push = (hi: number, w: number, f: boolean) => {
    breaks.push(hi);
    weights.push(w);
    focus.push(f);
  };
  plan.bands.forEach((band, i) => {
    if (band.kind === 'reserved') return push(band.hi, FRAME_RESERVED, false);
    if (band.kind === 'unused') return push(band.hi, FRAME_UNUSED, false);
    const list = [...new Set(byBand[i])].sort((a, b) => a - b);
    if (list.length === 0) return push(band.hi, FRAME_EMPTY_BAND, false);
    let at = band.lo;
    for (const [lo, hi] of bandSpans(band, list)) {
      if (lo > at) push(lo, FRAME_GAP, false);
      push(hi, hi - lo, true);
      at = hi;
    }
    if (band.hi > at) push(band.hi, FRAME_GAP, false);
  });
  // Context segments keep fixed shares; the used spans share the rest by ID count.
  let context = 0;
  let ids1 = 0;
  weights.forEach((w, i) => (focus[i] ? (ids1 += w) : (context += w)));
  const squeeze = context > 1 - FRAME_MIN_FOCUS ? (1 - FRAME_MIN_FOCUS) / context : 1;
  const perId = (1 - context * squeeze) / ids1;
  return {
    bands: plan.bands,
    breaks,
    weights: weights.map((w, i) => (focus[i] ? w * perId : w * squeeze)),
    max: plan.max,
    framed: focus,
  };
}
