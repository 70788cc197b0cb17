import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../scenario/index.ts';
import { buildTimeline } from '../timeline/timeline.ts';
import { cellMatches, eventMatches, matchEvents, parseQuery, QUERY_MAX } from './search-query.ts';

const text = readFileSync(
  new URL('../../../public/scenarios/s1-vf-migration-busy-destination.json', import.meta.url),
  'utf8',
);
const parsed = parseScenarioText(text);
if (!parsed.ok) throw new Error('S1 does not parse');
const s1 = parsed.scenario;
const split = buildTimeline(s1, 'split').columns;
const global = buildTimeline(s1, 'global').columns;
const at = (i: number) => s1.events[i];
const found = (q: string, runs = [split]) => [
  ...matchEvents(parseQuery(q)!, s1.events.length, at, runs).matches,
];

describe('reading the search box', () => {
  it('reads hex and decimal PASIDs, codes, ops and names', () => {
    expect(parseQuery('0x1003')).toMatchObject({ kind: 'pasid', pasid: 0x1003 });
    expect(parseQuery(' 4099 ')).toMatchObject({ kind: 'pasid', pasid: 4099 });
    expect(parseQuery('ebusy')).toMatchObject({ kind: 'code', code: 'EBUSY' });
    expect(parseQuery('guest.bind')).toMatchObject({ kind: 'op', op: 'guest.bind' });
    expect(parseQuery('VM1')).toMatchObject({ kind: 'name', name: 'vm1' });
    expect(parseQuery('   ')).toBeNull();
  });

  it('takes numbers beyond the 20-bit space, and patterns, as names', () => {
    expect(parseQuery('0x100000')).toMatchObject({ kind: 'name' });
    expect(parseQuery('.*')).toMatchObject({ kind: 'name', name: '.*' });
    expect(parseQuery('vm[0-9]')).toMatchObject({ kind: 'name', name: 'vm[0-9]' });
  });

  it('cuts very long text to the longest name', () => {
    const q = parseQuery('x'.repeat(100_000))!;
    expect(q.text.length).toBe(QUERY_MAX);
  });
});

describe('matching events', () => {
  it('finds a PASID in the outcome under the run asked for', () => {
    // Under split, host B's first SVA process takes 0x1000 (event 2); under global it takes 1.
    expect(found('0x1000')).toEqual([1]);
    expect(found('0x1000', [global])).toEqual([]);
    expect(found('4097')).toEqual([2]);
  });

  it('finds an owner by any name the event carries, whole and ignoring case', () => {
    expect(found('sva1')).toEqual([1]);
    expect(found('NIC0')).toEqual([0, 6, 7, 8]);
    expect(found('vm1')).toEqual([0, 3, 4, 5, 6, 7, 8, 9]);
    expect(found('vm')).toEqual([]);
    expect(found('.*')).toEqual([]);
  });

  it('finds a code under any of the runs given', () => {
    expect(found('EBUSY')).toEqual([]);
    expect(found('EBUSY', [global])).toEqual([9]);
    expect(found('EBUSY', [split, global])).toEqual([9]);
  });

  it('caps what it returns and counts them all', () => {
    const r = matchEvents(parseQuery('vm1')!, s1.events.length, at, [split], 3);
    expect([...r.matches]).toEqual([0, 3, 4]);
    expect(r.total).toBe(8);
  });

  it('reads the op', () => {
    expect(eventMatches(parseQuery('migrate')!, s1.events[9], 9, [split])).toBe(true);
    expect(eventMatches(parseQuery('migrate')!, s1.events[8], 8, [split])).toBe(false);
  });
});

describe('matching map cells', () => {
  const cell = {
    pasid: 3,
    holder: { type: 'guest' as const, vm: 'vm1', process: 'p3' },
    devices: ['nic0'],
    row: ['0000:3b:00.1', 'A'],
  };
  it('by number, holder, device alias and row name; never by code', () => {
    expect(cellMatches(parseQuery('0x3')!, cell)).toBe(true);
    expect(cellMatches(parseQuery('4')!, cell)).toBe(false);
    expect(cellMatches(parseQuery('P3')!, cell)).toBe(true);
    expect(cellMatches(parseQuery('vm1')!, cell)).toBe(true);
    expect(cellMatches(parseQuery('nic0')!, cell)).toBe(true);
    expect(cellMatches(parseQuery('0000:3b:00.1')!, cell)).toBe(true);
    expect(cellMatches(parseQuery('vm2')!, cell)).toBe(false);
    expect(cellMatches(parseQuery('EBUSY')!, cell)).toBe(false);
  });
});
