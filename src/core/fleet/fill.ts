/**
 * Fill tools for design reviews: before a scenario's first event, occupy a
 * host's PASID spaces to a chosen level with a chosen pattern, to show how migration risk
 * grows with occupancy.
 *
 * How: direct state setup through effects, not extra events. A fill is a list of ordinary
 * effects (DOMAIN.md §6: `proc` + `alloc`, or `proc` + `attach`) applied to the initial
 * state with `applyEffect`, so the filled state is one the engine could have reached and
 * the invariants hold. Events could not do it: every allocator hands out the lowest free
 * ID (DOMAIN.md §2), so a random or fragmented pattern would need an allocation of every
 * ID up to the highest one followed by frees, over a million events for one 2^20 space.
 * The fill is not part of the scenario file: it is a run option, like the policy.
 *
 * What is filled is what the host's own tenants would occupy under the host's policy:
 * host SVA processes, each holding one PASID (DOMAIN.md §2: a process has at most one),
 * named `~f…` so no scenario or workload event can name them.
 * - `global`, `linux`, `split`: the host-wide allocator G, over its whole range (split:
 *   `[localEnd, sharedEnd)`). The tenants hold their PASIDs unbound (bound elsewhere or
 *   between binds), so no RID table is touched and every function stays free to assign.
 * - `local`: there is no G; the tables of the PFs host SVA tenants use, the shared-WQ and
 *   Scalable-IOV PFs (accelerators, where ADIs' hPASIDs land too), are each filled to the
 *   level, each entry a tenant bound on that PF. A host with no such PF gets every PF
 *   that is not passed through filled instead. VFs are left alone: VMs get them. Each
 *   tenant keeps its number reserved where it is attached (DOMAIN.md §3); the PFs of an
 *   allocation group are filled as one space, each tenant attached on the group's first
 *   member and reserved on all of them, as a group allocation would leave it.
 */
import { z } from 'zod';
import { applyEffect } from '../engine/effects.ts';
import type { EngineState, FnState, HostState } from '../engine/state.ts';
import { gRange } from '../model/policy.ts';
import { Rng } from './rng.ts';
import type { Effect, Holder } from '../model/types.ts';

export const FILL_PATTERNS = ['lowest', 'random', 'fragmented'] as const;
export type FillPattern = (typeof FILL_PATTERNS)[number];

export const fillSpecSchema = z.strictObject({
  /** the host whose spaces are filled */
  host: z.string().min(1),
  /** share of each filled space that is occupied, 0..1 */
  level: z.number().min(0).max(1),
  /**
   * `lowest`: the lowest IDs of the range (what lowest-first allocation leaves after
   * allocations only); `random`: uniformly random IDs (long churn); `fragmented`: used IDs
   * spread as evenly as possible, so every free run is as short as the level allows.
   */
  pattern: z.enum(FILL_PATTERNS),
  /** seed of the random pattern */
  seed: z.number().int().min(0).max(0xffffffff).default(0),
});
export type FillSpec = z.output<typeof fillSpecSchema>;

/** Number of IDs a level occupies in a range of `n` IDs. */
export function fillCount(n: number, level: number): number {
  return Math.max(0, Math.min(n, Math.round(n * level)));
}

/**
 * The IDs of `[lo, hi)` that `pattern` occupies at `level`, ascending. Exactly
 * {@link fillCount} of them.
 */
export function fillIds(lo: number, hi: number, level: number, pattern: FillPattern, seed = 0): Int32Array {
  const n = Math.max(0, hi - lo);
  const k = fillCount(n, level);
  const out = new Int32Array(k);
  if (k === 0) return out;
  switch (pattern) {
    case 'lowest':
      for (let i = 0; i < k; i++) out[i] = lo + i;
      return out;
    case 'fragmented': {
      // ID i is used when floor((i+1)·k/n) steps up: k steps spread evenly over n (Bresenham),
      // so free runs are ⌊(n-k)/k⌋ or one more long, never longer.
      let j = 0;
      for (let i = 0; i < n && j < k; i++) if (Math.floor(((i + 1) * k) / n) > Math.floor((i * k) / n)) out[j++] = lo + i;
      return out;
    }
    case 'random': {
      // Selection sampling (Knuth, TAOCP 3.4.2 Algorithm S): each ID is taken with
      // probability (still needed)/(still left): exactly k, uniformly, ascending.
      const rng = Rng.derive(seed, 'fill');
      let j = 0;
      for (let i = 0; i < n && j < k; i++) if ((n - i) * rng.float() < k - j) out[j++] = lo + i;
      return out;
    }
  }
}

/** One space a fill occupies. */
export interface FillTarget {
  /** `G`, the RID of a PF's table, or `group <id>` */
  space: string;
  lo: number;
  hi: number;
  /** `local`: the tables a tenant's number is reserved on (the first also holds its entry) */
  members?: FnState[];
}

/** The spaces of `h` a fill occupies under its policy (see the module comment). */
export function fillTargets(h: HostState): FillTarget[] {
  const g = gRange(h.policy, h.iommuBits);
  if (g) return [{ space: 'G', lo: g[0], hi: g[1] }];
  const pfs = h.functions.filter((f) => f.spec.kind === 'pf' && !f.assigned);
  const accelerators = pfs.filter((f) => f.spec.swq || f.spec.siov);
  const out: FillTarget[] = [];
  const groups = new Set<string>();
  for (const f of accelerators.length ? accelerators : pfs) {
    if (!f.group) out.push({ space: f.spec.rid, lo: 1, hi: f.maxPasids, members: [f] });
    else if (!groups.has(f.group.id)) {
      groups.add(f.group.id);
      out.push({ space: `group ${f.group.id}`, lo: 1, hi: f.group.maxPasids, members: f.group.members.filter((m) => !m.assigned) });
    }
  }
  return out;
}

/** Name of the tenant holding `pasid` in target number `t` of a host. */
function tenant(t: number, pasid: number): string {
  return t === 0 ? `~f${pasid}` : `~f${t}.${pasid}`;
}

/**
 * The effects that fill `spec.host`'s spaces, in order. IDs already in use are skipped
 * (a fill normally runs on an empty host). Throws when the host does not exist.
 */
export function* fillEffects(st: EngineState, spec: FillSpec): Generator<Effect> {
  const h = st.hosts.get(spec.host);
  if (!h) throw new Error(`fill: unknown host "${spec.host}"`);
  const targets = fillTargets(h);
  for (let t = 0; t < targets.length; t++) {
    const { space, lo, hi, members } = targets[t];
    const ids = fillIds(lo, hi, spec.level, spec.pattern, (spec.seed + t) >>> 0);
    for (let i = 0; i < ids.length; i++) {
      const pasid = ids[i];
      const holder: Holder = { type: 'host', host: h.id, process: tenant(t, pasid) };
      if (space === 'G') {
        if (h.g!.has(pasid)) continue;
        yield { t: 'alloc', space: { kind: 'g', host: h.id }, pasid, holder };
        yield { t: 'proc', holder, before: null, after: { pasid } };
      } else {
        const [f] = members!;
        if (members!.some((m) => m.entries.has(pasid) || m.reserved.has(pasid))) continue;
        yield { t: 'proc', holder, before: null, after: { pasid } };
        yield { t: 'attach', host: h.id, rid: f.spec.rid, pasid, holder, refs: 1 };
        for (const m of members!) yield { t: 'reserve', host: h.id, rid: m.spec.rid, pasid, holder };
      }
    }
  }
}

export interface FillReport {
  host: string;
  /** PASIDs placed, per filled space */
  spaces: { space: string; lo: number; hi: number; placed: number }[];
}

/** Apply `specs` to `st` in order (mutates). Returns what was placed where. */
export function applyFills(st: EngineState, specs: readonly FillSpec[]): FillReport[] {
  return specs.map((spec) => {
    const h = st.hosts.get(spec.host);
    if (!h) throw new Error(`fill: unknown host "${spec.host}"`);
    const spaces = fillTargets(h).map((t) => ({ space: t.space, lo: t.lo, hi: t.hi, placed: 0 }));
    const index = new Map(spaces.map((s, i) => [s.space, i]));
    for (const e of fillEffects(st, spec)) {
      applyEffect(st, e);
      if (e.t === 'alloc') spaces[0].placed++;
      else if (e.t === 'attach') spaces[index.get(spaceOf(h, e.rid))!].placed++;
    }
    return { host: spec.host, spaces };
  });
}

/** The fill target a PF's table belongs to. */
function spaceOf(h: HostState, rid: string): string {
  const f = h.fn.get(rid)!;
  return f.group ? `group ${f.group.id}` : rid;
}
