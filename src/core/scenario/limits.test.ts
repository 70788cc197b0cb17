import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LIMITS, checkJsonDepth, checkScenarioCounts, checkTextSize } from './limits.ts';

const nest = (n: number, open = '[', close = ']', inner = '1') => open.repeat(n) + inner + close.repeat(n);

describe('checkJsonDepth', () => {
  it('accepts every bundled-scenario shape and nesting up to the limit', () => {
    expect(checkJsonDepth('{"events":[{"expect":{"global":{"ok":true}}}]}')).toBeNull();
    expect(checkJsonDepth(nest(LIMITS.depth))).toBeNull();
    expect(checkJsonDepth('"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["')).toBeNull();
  });

  it('refuses one level more, naming the field where the nesting starts', () => {
    expect(checkJsonDepth(nest(LIMITS.depth + 1))).toEqual({
      path: '',
      message: `nested more than ${LIMITS.depth} levels deep`,
    });
    const at = (doc: string) => checkJsonDepth(doc)?.path;
    expect(at(`{"format":${nest(5000)}}`)).toBe('format');
    expect(at(`{"format":"pasidscope/1","events":[{"op":"x"},{"op":${nest(5000, '{"a":', '}')}}]}`)).toBe(
      'events[1].op.a.a.a',
    );
    expect(at(`{"hosts":[{"id":"A","policy":{"kind":${nest(5000)}}}]}`)).toBe('hosts[0].policy.kind');
    expect(at(`{"events":[1,2,{"expect":{"code":${nest(5000)}}}]}`)).toBe('events[2].expect.code');
  });

  it('is not fooled by brackets, quotes and escapes inside strings', () => {
    expect(checkJsonDepth(`{"a\\"[[[":"]]]\\\\",${'"k":'.repeat(0)}"b":${nest(LIMITS.depth - 1)}}`)).toBeNull();
    expect(checkJsonDepth(`{"x\\"y":${nest(LIMITS.depth)}}`)?.path).toBe('x"y');
  });

  it('scans 5,000 levels in a 10 KB text without recursion, and megabytes quickly', () => {
    const deep = `{"format":${nest(5000)}}`;
    expect(deep.length).toBeLessThan(11_000);
    expect(checkJsonDepth(deep)).not.toBeNull();
    expect(checkJsonDepth(nest(1_000_000))).not.toBeNull();
    const wide = `[${'{"op":"guest.alloc","vm":"v","process":"p"},'.repeat(100_000)}1]`;
    expect(checkJsonDepth(wide)).toBeNull();
  });

  it('agrees with JSON.parse on the depth of any JSON value', () => {
    const depthOf = (v: unknown): number => {
      let max = 0;
      const todo: [unknown, number][] = [[v, 0]];
      while (todo.length) {
        const [x, d] = todo.pop()!;
        if (typeof x === 'object' && x !== null) {
          max = Math.max(max, d + 1);
          for (const y of Object.values(x)) todo.push([y, d + 1]);
        }
      }
      return max;
    };
    fc.assert(
      fc.property(fc.json({ depthSize: 'large', maxDepth: 12 }), fc.integer({ min: 1, max: 8 }), (text, max) => {
        const tooDeep = depthOf(JSON.parse(text)) > max;
        expect(checkJsonDepth(text, max) !== null).toBe(tooDeep);
      }),
    );
  });
});

describe('checkScenarioCounts', () => {
  const doc = (extra: Record<string, unknown>) => ({ format: 'pasidscope/1', hosts: [], events: [], ...extra });

  it('passes a scenario within every limit and leaves malformed values to the schema', () => {
    expect(checkScenarioCounts(doc({ title: 't'.repeat(LIMITS.text), events: [{ note: 'n'.repeat(LIMITS.text), vm: 'v'.repeat(LIMITS.name) }] }))).toEqual([]);
    for (const v of [null, 1, 'x', [], { hosts: 3 }, { hosts: [null, { functions: 'no' }] }]) expect(checkScenarioCounts(v)).toEqual([]);
  });

  it('refuses too many events, VMs, hosts and functions, by path', () => {
    expect(checkScenarioCounts(doc({ events: new Array(LIMITS.events + 1).fill(0) }))).toEqual([
      { path: 'events', message: '1,000,001 events; at most 1,000,000' },
    ]);
    expect(checkScenarioCounts(doc({ vms: new Array(LIMITS.vms + 1).fill(0) }))[0].path).toBe('vms');
    expect(checkScenarioCounts(doc({ hosts: new Array(LIMITS.hosts + 1).fill({}) }))[0].path).toBe('hosts');
    const fns = new Array(LIMITS.functionsPerHost + 1).fill(0);
    expect(checkScenarioCounts(doc({ hosts: [{ id: 'A' }, { id: 'B', functions: fns }] }))[0]).toEqual({
      path: 'hosts[1].functions',
      message: '65,537 functions on one host; at most 65,536',
    });
    const quarter = new Array(LIMITS.functions / 4).fill(0);
    const p = checkScenarioCounts(doc({ hosts: [0, 1, 2, 3, 4].map(() => ({ functions: quarter })) }));
    expect(p).toEqual([{ path: 'hosts', message: '327,680 functions over all hosts; at most 262,144' }]);
  });

  it('refuses long names, notes, titles, descriptions, labels and keys, by path', () => {
    const long = (n: number) => 'x'.repeat(n + 1);
    const p = checkScenarioCounts(
      doc({
        title: long(LIMITS.text),
        description: long(LIMITS.text),
        hosts: [{ id: long(LIMITS.name), functions: [{ rid: 'r', label: long(LIMITS.text) }, { rid: 'q', label: long(LIMITS.name) }] }],
        events: [{ op: 'migrate', note: long(LIMITS.text), map: { [long(LIMITS.name)]: 'r', a: long(LIMITS.name) } }],
      }),
    );
    expect(p.map((x) => x.path)).toEqual([
      'title',
      'description',
      'hosts[0].id',
      'hosts[0].functions[0].label',
      'events[0].note',
      'events[0].map',
      'events[0].map.a',
    ]);
    expect(p[0].message).toBe('a title of 100,001 characters; at most 100,000');
    expect(p[2].message).toBe('a name of 257 characters; at most 256');
    expect(p[5].message).toBe('a field name of 257 characters; at most 256');
  });

  it('treats "__proto__" as a key like any other', () => {
    const v = JSON.parse(`{"events":[{"map":{"__proto__":"${'x'.repeat(LIMITS.name + 1)}"}}]}`);
    expect(checkScenarioCounts(v)).toEqual([{ path: 'events[0].map.__proto__', message: 'a name of 257 characters; at most 256' }]);
  });

  it('walks a deeply nested value without recursion and stops at maxProblems', () => {
    let v: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(checkScenarioCounts({ events: [v] })).toEqual([]);
    const many = { events: new Array(100).fill({ vm: 'n'.repeat(LIMITS.name + 1) }) };
    expect(checkScenarioCounts(many)).toHaveLength(20);
    expect(checkScenarioCounts(many, 3)).toHaveLength(3);
  });
});

describe('checkTextSize', () => {
  it('refuses a text over the cap', () => {
    expect(checkTextSize('abc', 3)).toBeNull();
    expect(checkTextSize('abcd', 3)).toEqual({ path: '', message: 'the text is 4 characters long; at most 3 are read' });
  });
});
