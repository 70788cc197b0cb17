import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioFacts } from '../editor/scenario-facts.ts';
import { buildEvent, fieldsFor, valuesOf, type FieldName, type Values } from './op-fields.ts';

const s1 = JSON.parse(readFileSync(new URL('../../../public/scenarios/s1-vf-migration-busy-destination.json', import.meta.url), 'utf8')) as { events: Record<string, unknown>[] };
const v = (o: Partial<Record<FieldName, string>>): Values => new Map(Object.entries(o) as [FieldName, string][]);
const options = (fields: ReturnType<typeof fieldsFor>, name: FieldName) => fields.find((f) => f.name === name)?.options;

describe('event form fields', () => {
  it('offers only what exists at the step', () => {
    const start = scenarioFacts(s1, 0);
    expect(options(fieldsFor('guest.bind', start, v({ vm: 'vm1' })), 'device')).toEqual([]);
    expect(options(fieldsFor('guest.bind', start, v({ vm: 'vm1' })), 'process')).toEqual([]);
    const at9 = scenarioFacts(s1, 9);
    expect(options(fieldsFor('guest.bind', at9, v({ vm: 'vm1' })), 'device')).toEqual(['nic0']);
    expect(options(fieldsFor('guest.bind', at9, v({ vm: 'vm1' })), 'process')).toEqual(['p1', 'p2', 'p3']);
    expect(options(fieldsFor('host.exit', at9, v({ host: 'B' })), 'process')).toEqual(['sva1', 'sva2']);
    // A migration goes to another host; its map names the destination's functions.
    const mig = fieldsFor('migrate', at9, v({ vm: 'vm1', to: 'B' }));
    expect(options(mig, 'to')).toEqual(['B']);
    expect(options(mig, 'mapRid')).toEqual(['0000:3b:00.0', '0000:3b:00.1', '0000:5e:00.0']);
    expect(options(fieldsFor('assign', start, v({ vm: 'vm1', target: 'adiOf' })), 'function')).toEqual(['0000:3b:00.0']);
  });

  it('builds the event, or names each field that is missing or not offered', () => {
    const at9 = scenarioFacts(s1, 9);
    const ok = buildEvent('migrate', at9, v({ vm: 'vm1', to: 'B', mapDevice: 'nic0', mapRid: '0000:5e:00.0' }));
    expect(ok.event).toEqual({ op: 'migrate', vm: 'vm1', to: 'B', map: { nic0: '0000:5e:00.0' } });
    const bad = buildEvent('migrate', at9, v({ vm: 'vm1', to: 'A', mapDevice: 'nic0' }));
    expect(bad.event).toBeNull();
    expect(bad.problems.get('to')).toMatch(/not one of the choices/);
    expect(bad.problems.get('mapRid')).toMatch(/required/);
    const none = buildEvent('guest.bind', scenarioFacts(s1, 0), v({ vm: 'vm1' }));
    expect(none.problems.get('process')).toMatch(/nothing fits here/);
    expect(buildEvent('guest.alloc', at9, v({ vm: 'vm1', process: 'p4', pasid: 'ten' })).problems.get('pasid')).toMatch(/whole number/);
    expect(buildEvent('enqcmd', at9, v({ actor: 'host:B', process: 'sva1', device: '0000:5e:00.0' })).event).toEqual({ op: 'enqcmd', host: 'B', process: 'sva1', function: '0000:5e:00.0' });
  });

  it('reads an existing event back into the same answers', () => {
    const at9 = scenarioFacts(s1, 9);
    for (const [i, e] of s1.events.entries()) {
      const { op, values } = valuesOf(e);
      expect(op).toBe(e.op);
      const r = buildEvent(op!, scenarioFacts(s1, i), values);
      const { expect: _x, ...rest } = e;
      void _x;
      expect(r.event, `event ${i}`).toEqual(rest);
    }
    expect(valuesOf({ op: 'nope' }).op).toBeNull();
    void at9;
  });
});
