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
import type { Policy } from '../../core/types.ts';

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
