/**
 * The state at a step as tables, in the manner of a TLA+ trace viewer (Spectacle): each
 * VM's translation table (its processes' gPASID → hPASID, and translation on or off) and
 * each RID's PASID table (PASID → owner), per host, with what changed since the step
 * before marked on each row: new, gone, or changed (and what it was). Derived from the
 * two snapshots of a frame; rows that left are kept, marked gone, so a reader sees them.
 */
import { sameHolder, type Holder } from '../model/holder.ts';
import type { FunctionSnapshot, Snapshot, VmSnapshot } from '../model/snapshot.ts';

export type RowChange = 'added' | 'removed' | 'changed' | null;

export interface XlateRow {
  process: string;
  kind: 'local' | 'shared';
  gpasid: number | null;
  hpasid: number | null;
  /** the gPASID has an entry in the VM's translation table */
  translated: boolean;
  change: RowChange;
  /** a changed row's values at the step before */
  before?: { gpasid: number | null; hpasid: number | null; translated: boolean };
}

export interface VmTable {
  vm: string;
  host: string;
  /** the host it was on at the step before, when it moved */
  hostBefore?: string;
  translation: boolean;
  /** translation switched at this step */
  translationBefore?: boolean;
  /** the VM appeared at this step (no VM of this id before) */
  change: RowChange;
  rows: XlateRow[];
}

export interface RidRow {
  pasid: number;
  owner: Holder;
  refs: number;
  devices: readonly string[];
  change: RowChange;
  before?: { owner: Holder; refs: number; devices: readonly string[] };
}

export interface RidTable {
  host: string;
  rid: string;
  label?: string;
  /** who the function is given to: a VM's passed-through device, or ADIs */
  assigned: string[];
  rows: RidRow[];
}

export interface StateTables {
  cursor: number;
  vms: VmTable[];
  hosts: { host: string; rids: RidTable[] }[];
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function xlateRows(vm: VmSnapshot | undefined): Map<string, Omit<XlateRow, 'change' | 'before'>> {
  const out = new Map<string, Omit<XlateRow, 'change' | 'before'>>();
  if (!vm) return out;
  const xl = new Set(vm.xlate.map((x) => x.gpasid));
  for (const p of vm.processes)
    out.set(p.name, {
      process: p.name,
      kind: p.kind,
      gpasid: p.pasid,
      hpasid: p.hpasid,
      translated: p.pasid !== null && xl.has(p.pasid),
    });
  return out;
}

function vmTable(now: VmSnapshot | undefined, was: VmSnapshot | undefined, hasPrev: boolean): VmTable {
  const base = (now ?? was)!;
  const cur = xlateRows(now);
  const old = xlateRows(was);
  const rows: XlateRow[] = [];
  for (const r of cur.values()) {
    const b = old.get(r.process);
    if (!b) rows.push({ ...r, change: hasPrev ? 'added' : null });
    else if (b.gpasid !== r.gpasid || b.hpasid !== r.hpasid || b.translated !== r.translated)
      rows.push({
        ...r,
        change: 'changed',
        before: { gpasid: b.gpasid, hpasid: b.hpasid, translated: b.translated },
      });
    else rows.push({ ...r, change: null });
  }
  for (const b of old.values()) if (!cur.has(b.process)) rows.push({ ...b, change: 'removed' });
  rows.sort(
    (a, b) =>
      (a.gpasid ?? Infinity) - (b.gpasid ?? Infinity) ||
      (a.process < b.process ? -1 : a.process > b.process ? 1 : 0),
  );
  const t: VmTable = {
    vm: base.id,
    host: base.host,
    translation: now?.translation.on ?? false,
    change: !now ? 'removed' : hasPrev && !was ? 'added' : null,
    rows,
  };
  if (now && was && was.host !== now.host) t.hostBefore = was.host;
  if (now && was && was.translation.on !== now.translation.on) t.translationBefore = was.translation.on;
  return t;
}

function ridTable(
  host: string,
  now: FunctionSnapshot,
  was: FunctionSnapshot | undefined,
  hasPrev: boolean,
): RidTable {
  const old = new Map((was?.entries ?? []).map((e) => [e.pasid, e]));
  const seen = new Set<number>();
  const rows: RidRow[] = [];
  for (const e of now.entries) {
    seen.add(e.pasid);
    const devices = e.devices ?? [];
    const b = old.get(e.pasid);
    const row: RidRow = { pasid: e.pasid, owner: e.holder, refs: e.refs, devices, change: null };
    if (!b) row.change = hasPrev ? 'added' : null;
    else if (!sameHolder(b.holder, e.holder) || b.refs !== e.refs || !sameList(b.devices ?? [], devices)) {
      row.change = 'changed';
      row.before = { owner: b.holder, refs: b.refs, devices: b.devices ?? [] };
    }
    rows.push(row);
  }
  for (const b of was?.entries ?? [])
    if (!seen.has(b.pasid))
      rows.push({
        pasid: b.pasid,
        owner: b.holder,
        refs: b.refs,
        devices: b.devices ?? [],
        change: 'removed',
      });
  rows.sort((a, b) => a.pasid - b.pasid);
  const assigned = [
    ...(now.assignedTo ? [`${now.assignedTo.vm} ${now.assignedTo.alias}`] : []),
    ...now.adis.map((a) => `${a.vm} ${a.alias} (ADI)`),
  ];
  return { host, rid: now.rid, ...(now.label !== undefined ? { label: now.label } : {}), assigned, rows };
}

/** The tables at `snap`, marked against `prev` (null at the start: nothing is marked). */
export function stateTables(snap: Snapshot, prev: Snapshot | null): StateTables {
  const hasPrev = prev !== null;
  const prevVms = new Map((prev?.vms ?? []).map((v) => [v.id, v]));
  const vms = snap.vms.map((v) => vmTable(v, prevVms.get(v.id), hasPrev));
  const nowIds = new Set(snap.vms.map((v) => v.id));
  for (const v of prev?.vms ?? []) if (!nowIds.has(v.id)) vms.push(vmTable(undefined, v, hasPrev));
  const prevHosts = new Map((prev?.hosts ?? []).map((h) => [h.id, h]));
  const hosts = snap.hosts.map((h) => {
    const was = new Map((prevHosts.get(h.id)?.functions ?? []).map((f) => [f.rid, f]));
    return { host: h.id, rids: h.functions.map((f) => ridTable(h.id, f, was.get(f.rid), hasPrev)) };
  });
  return { cursor: snap.cursor, vms, hosts };
}

/** How many rows a table changed at this step. */
export function changedRows(rows: readonly { change: RowChange }[]): number {
  let n = 0;
  for (const r of rows) if (r.change) n++;
  return n;
}

/**
 * The rows a table shows: those whose words contain `filter` (ignoring case; plain text,
 * never a pattern), in order, at most `max`; and how many matched.
 */
export function shownRows<R extends { change: RowChange }>(
  rows: readonly R[],
  words: (r: R) => string,
  filter: string,
  max: number,
): { rows: R[]; matched: number } {
  const q = filter.trim().toLowerCase();
  const out: R[] = [];
  let matched = 0;
  for (const r of rows)
    if (!q || words(r).toLowerCase().includes(q)) {
      matched++;
      if (out.length < max) out.push(r);
    }
  return { rows: out, matched };
}
