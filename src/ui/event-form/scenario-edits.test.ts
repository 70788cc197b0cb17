import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../core/scenario/index.ts';
import { addFunction, addHost, addVm, deleteEvent, eventAt, insertEvent, keptPlacements, replaceEvent } from './scenario-edits.ts';

const s1 = readFileSync(new URL('../../../public/scenarios/s1-vf-migration-busy-destination.json', import.meta.url), 'utf8');
const text = (r: { ok: true; text: string } | { ok: false; reason: string }) => {
  if (!r.ok) throw new Error(r.reason);
  return r.text;
};
const events = (t: string) => (JSON.parse(t) as { events: Record<string, unknown>[] }).events;

describe('structured edits', () => {
  it('inserts, replaces (keeping expect) and deletes events; the parser accepts the results', () => {
    const ins = text(insertEvent(s1, 9, { op: 'host.bind', host: 'B', process: 'sva3', function: '0000:5e:00.0' }));
    expect(events(ins)).toHaveLength(11);
    expect(events(ins)[9]).toMatchObject({ op: 'host.bind', process: 'sva3' });
    expect(parseScenarioText(ins).ok).toBe(true);
    const rep = text(replaceEvent(s1, 9, { op: 'migrate', vm: 'vm1', to: 'B', map: { nic0: '0000:3b:00.0' } }));
    expect(events(rep)[9].map).toEqual({ nic0: '0000:3b:00.0' });
    expect(events(rep)[9].expect).toEqual(events(s1)[9].expect);
    expect(parseScenarioText(rep).ok).toBe(true);
    const del = text(deleteEvent(s1, 0));
    expect(events(del)).toHaveLength(9);
    expect(events(del)[0]).toEqual(events(s1)[1]);
  });

  it('refuses positions that do not exist and texts that are not objects', () => {
    expect(insertEvent(s1, 11, { op: 'host.exit' }).ok).toBe(false);
    expect(replaceEvent(s1, -1, { op: 'host.exit' }).ok).toBe(false);
    expect(deleteEvent(s1, 10).ok).toBe(false);
    expect(insertEvent('[1]', 0, {}).ok).toBe(false);
    expect(insertEvent('{', 0, {}).ok).toBe(false);
    expect(addFunction(s1, 'Z', { rid: '0000:01:00.0', kind: 'pf' })).toMatchObject({ ok: false, reason: expect.stringMatching(/no host/) });
  });

  it('adds a host, a function and a VM that the parser accepts', () => {
    let t = text(addHost(s1, { id: 'C', policy: { kind: 'split' }, functions: [{ rid: '0000:3b:00.1', kind: 'vf', pf: '0000:3b:00.0' }, { rid: '0000:3b:00.0', kind: 'pf' }] }));
    t = text(addFunction(t, 'C', { rid: '0000:6a:01.0', kind: 'pf', swq: true }));
    t = text(addVm(t, { id: 'vm2', host: 'C' }));
    const r = parseScenarioText(t);
    expect(r.ok).toBe(true);
    expect(eventAt(t, 9)).toMatchObject({ op: 'migrate' });
  });

  it('keeps a __proto__ key as data', () => {
    const t = text(replaceEvent(s1, 9, JSON.parse('{"op":"migrate","vm":"vm1","to":"B","map":{"__proto__":"0000:3b:00.1"}}') as Record<string, unknown>));
    expect(Object.keys(events(t)[9].map as object)).toEqual(['__proto__']);
  });

  it('keeps the placements the form does not show while the destination stays, and drops them for a new one', () => {
    const two = text(replaceEvent(s1, 9, { op: 'migrate', vm: 'vm1', to: 'B', map: { nic0: '0000:3b:00.0', acc: '0000:5e:00.0' } }));
    // The form answers with its one placement, changed: the second stays.
    const changed = text(replaceEvent(two, 9, { op: 'migrate', vm: 'vm1', to: 'B', map: { nic0: '0000:3b:00.1' } }));
    expect(events(changed)[9].map).toEqual({ nic0: '0000:3b:00.1', acc: '0000:5e:00.0' });
    // The form's device may be one of the others: it is not listed twice.
    const same = text(replaceEvent(two, 9, { op: 'migrate', vm: 'vm1', to: 'B', map: { acc: '0000:3b:00.1' } }));
    expect(events(same)[9].map).toEqual({ acc: '0000:3b:00.1' });
    const moved = text(replaceEvent(two, 9, { op: 'migrate', vm: 'vm1', to: 'C' }));
    expect(events(moved)[9].map).toBeUndefined();
    expect(Object.keys(keptPlacements({ op: 'migrate', to: 'B', map: JSON.parse('{"a":"x","__proto__":"y"}') as object }, { op: 'migrate', to: 'B' }) ?? {})).toEqual(['__proto__']);
  });
});

