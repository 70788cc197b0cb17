import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../scenario/index.ts';
import { buildTimeline } from '../timeline/timeline.ts';
import { changedRows, shownRows, stateTables } from './state-table.ts';

const text = readFileSync(
  new URL('../../../public/scenarios/s1-vf-migration-busy-destination.json', import.meta.url),
  'utf8',
);
const parsed = parseScenarioText(text);
if (!parsed.ok) throw new Error('S1 does not parse');
const split = buildTimeline(parsed.scenario, 'split');
const global = buildTimeline(parsed.scenario, 'global');
const tablesAt = (t: typeof split, c: number) => stateTables(t.snapshot(c), c > 0 ? t.snapshot(c - 1) : null);
const rid = (t: ReturnType<typeof stateTables>, host: string, r: string) =>
  t.hosts.find((h) => h.host === host)!.rids.find((x) => x.rid === r)!;
const VF = '0000:3b:00.1';

describe('the state as tables', () => {
  it('marks nothing at the start', () => {
    const t = tablesAt(split, 0);
    expect(t.vms.map((v) => [v.vm, v.host, v.change, v.rows.length])).toEqual([['vm1', 'A', null, 0]]);
    expect(t.hosts.map((h) => h.rids.length)).toEqual([2, 3]);
  });

  it('marks a new RID entry and a new guest process', () => {
    const bound = tablesAt(split, 2);
    expect(rid(bound, 'B', '0000:5e:00.0').rows).toEqual([
      {
        pasid: 0x1000,
        owner: { type: 'host', host: 'B', process: 'sva1' },
        refs: 1,
        devices: [],
        change: 'added',
      },
    ]);
    const alloc = tablesAt(split, 4);
    expect(alloc.vms[0].rows).toMatchObject([{ process: 'p1', gpasid: 1, change: 'added' }]);
    // The step after, the same row is unmarked.
    expect(tablesAt(split, 5).vms[0].rows.map((r) => [r.process, r.change])).toEqual([
      ['p1', null],
      ['p2', 'added'],
    ]);
  });

  it('at the migration: the VM moved, the source VF entries gone, the destination ones new', () => {
    const t = tablesAt(split, 10);
    expect(t.vms[0]).toMatchObject({ vm: 'vm1', host: 'B', hostBefore: 'A' });
    const gone = rid(t, 'A', VF).rows;
    expect(gone.map((r) => [r.pasid, r.owner.process, r.change])).toEqual([
      [1, 'p1', 'removed'],
      [2, 'p2', 'removed'],
      [3, 'p3', 'removed'],
    ]);
    expect(rid(t, 'B', VF).rows.map((r) => [r.pasid, r.change])).toEqual([
      [1, 'added'],
      [2, 'added'],
      [3, 'added'],
    ]);
    expect(rid(t, 'B', VF).assigned).toEqual(['vm1 nic0']);
    expect(changedRows(gone)).toBe(3);
  });

  it('a refused migration changes nothing', () => {
    const t = tablesAt(global, 10);
    expect(t.vms[0].hostBefore).toBeUndefined();
    expect(t.hosts.flatMap((h) => h.rids.flatMap((r) => r.rows)).filter((r) => r.change)).toEqual([]);
  });

  it('marks a changed entry with what it was', () => {
    const snap = split.snapshot(3);
    const after = structuredClone(snap);
    const entry = after.hosts[1].functions[2].entries[0];
    entry.refs = 2;
    const t = stateTables(after, snap);
    expect(rid(t, 'B', '0000:5e:00.0').rows[0]).toMatchObject({
      change: 'changed',
      refs: 2,
      before: { refs: 1 },
    });
  });
});

describe('the rows a table shows', () => {
  const rows = Array.from({ length: 10 }, (_, i) => ({ name: `p${i}`, change: null }));
  it('caps them and counts what matched; the filter is plain text', () => {
    expect(shownRows(rows, (r) => r.name, '', 3)).toEqual({ rows: rows.slice(0, 3), matched: 10 });
    expect(shownRows(rows, (r) => r.name, 'P1', 3)).toEqual({ rows: [rows[1]], matched: 1 });
    expect(shownRows(rows, (r) => r.name, '.*', 3).matched).toBe(0);
  });
});
