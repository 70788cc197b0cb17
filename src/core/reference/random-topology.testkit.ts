/**
 * The topology half of the random scenario generator: the tape of choices it reads, and
 * hosts with their policy, IOMMU, functions and allocation groups (DOMAIN.md §3, §4).
 * Test code.
 */
import type { RefPolicy } from './reference-model.testkit.ts';

export type Json = Record<string, unknown>;

const BUSES = ['3b', '5e', '6a', '6b'];

/** Reads choices off the tape; past its end every choice is 0, the plainest. */
export class Tape {
  private i = 0;
  constructor(private readonly xs: readonly number[]) {}
  private next(): number {
    return this.i < this.xs.length ? this.xs[this.i++] : 0;
  }
  /** an integer in `[lo, hi]` */
  int(lo: number, hi: number): number {
    return lo + (this.next() % (hi - lo + 1));
  }
  /** true with probability `percent` (false on a zero) */
  chance(percent: number): boolean {
    return this.next() % 100 >= 100 - percent;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.next() % xs.length];
  }
}

function buildFunctions(t: Tape): Json[] {
  const pfCount = t.int(1, 3);
  const buses = [...BUSES];
  const fns: Json[] = [];
  const pfs: string[] = [];
  for (let i = 0; i < pfCount; i++) {
    const bus = buses.splice(t.int(0, buses.length - 1), 1)[0];
    const rid = `0000:${bus}:00.0`;
    const f: Json = { rid, kind: 'pf' };
    if (t.chance(65)) f.pasidBits = t.pick([1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 16, 20, 20]);
    const swq = t.chance(60);
    if (swq) f.swq = true;
    if (t.chance(swq ? 70 : 40)) f.siov = true;
    if (t.chance(50)) f.model = t.pick(['dsa', 'dsa', 'iax']);
    fns.push(f);
    pfs.push(rid);
  }
  const vfCount = t.int(0, Math.min(3, 6 - pfCount));
  const next = new Map<string, number>();
  for (let i = 0; i < vfCount; i++) {
    const pf = t.pick(pfs);
    const k = (next.get(pf) ?? 0) + 1;
    next.set(pf, k);
    const f: Json = { rid: `${pf.slice(0, -1)}${k}`, kind: 'vf', pf };
    if (t.chance(45)) f.swq = true;
    fns.push(f);
  }
  return fns;
}

function buildPolicy(t: Tape, kind: RefPolicy): Json {
  const policy: Json = { kind };
  if (kind !== 'split' || t.chance(15)) return policy;
  // Small ranges run out; bounds above a narrow IOMMU get clamped (§3).
  const localEnd = t.chance(85) ? t.int(2, 16) : t.int(17, 5000);
  policy.localEnd = localEnd;
  if (t.chance(85))
    policy.sharedEnd = t.chance(85) ? localEnd + t.pick([0, 1, 2, 3, 4, 8, 16]) : t.int(localEnd, 2 ** 20);
  return policy;
}

function buildGroups(t: Tape, fns: Json[]): Json[] | undefined {
  if (!t.chance(40)) return undefined;
  const free = fns.map((f) => f.rid as string);
  const groups: Json[] = [];
  const count = t.int(1, 2);
  for (let g = 0; g < count && free.length > 0; g++) {
    const members: string[] = [];
    const size = t.int(1, Math.min(3, free.length));
    for (let i = 0; i < size; i++) members.push(free.splice(t.int(0, free.length - 1), 1)[0]);
    groups.push({ id: `g${g}`, functions: members });
  }
  return groups;
}

export function buildHost(t: Tape, id: string, kind: RefPolicy, first?: Json): Json {
  const host: Json = { id, policy: buildPolicy(t, kind) };
  if (t.chance(45)) {
    const iommu: Json = {};
    if (t.chance(75)) iommu.pasidBits = t.pick([1, 2, 3, 4, 6, 8, 12, 20]);
    if (t.chance(30)) iommu.cpuPasidTranslation = false;
    host.iommu = iommu;
  }
  // Hosts alike enough to migrate between: often a copy of the first, changed a little,
  // sometimes with a shared range of one or two PASIDs or a narrow PF, so that the
  // destination runs out (ENOSPC) once a few host processes are there.
  const alike = first !== undefined && t.chance(70);
  const fns = alike ? (first.functions as Json[]).map((f) => ({ ...f })) : buildFunctions(t);
  if (alike && t.chance(70)) {
    if (first.iommu !== undefined) host.iommu = { ...(first.iommu as Json) };
    else delete host.iommu;
  }
  if (alike && (first.policy as Json).kind === kind && t.chance(50)) {
    host.policy = { ...(first.policy as Json) };
    const localEnd = (host.policy as Json).localEnd as number | undefined;
    if (kind === 'split' && localEnd !== undefined && t.chance(60))
      (host.policy as Json).sharedEnd = localEnd + t.int(0, 2);
  }
  if (alike && t.chance(30)) {
    for (const f of fns) if (f.siov === true) f.pasidBits = t.pick([1, 2]);
  } else if (alike && t.chance(25)) {
    t.pick(fns.filter((f) => f.kind === 'pf')).pasidBits = t.pick([1, 2, 4, 8, 20]);
  }
  host.functions = fns;
  const groups = buildGroups(t, fns);
  if (groups) host.pasidGroups = groups;
  return host;
}
