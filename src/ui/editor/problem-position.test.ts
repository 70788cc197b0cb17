import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../core/scenario/index.ts';
import { locateProblem, sourceTree } from './problem-position.ts';

const TEXT = `{
  "format": "pasidscope/1",
  "hosts": [{ "id": "A", "policy": { "kind": "split" }, "functions": [{ "rid": "r0", "kind": "pf" }] }],
  "vms": [{ "id": "vm1", "host": "A" }],
  "events": [
    { "op": "guest.alloc", "vm": "vm1", "process": "p" },
    { "op": "guest.alloc", "vm": "vm9", "process": "q" },
    { "op": "guest.alloc", "vm": "vm1", "pasdi": 3, "process": "r" },
    { "op": "migrate", "vm": "vm1", "to": "B", "map": { "a.b": 3, "a": "x" } },
    { "op": "guest.bind", "vm": "vm1", "process": "p" }
  ]
}`;

const at = (text: string, path: string, message = '') => {
  const s = locateProblem(sourceTree(text), path, message);
  return text.slice(s.from, s.to);
};
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('placing a problem by its JSON path', () => {
  it('finds the value at the path', () => {
    expect(at(TEXT, 'events[1].vm')).toBe('"vm9"');
    expect(at(TEXT, 'hosts[0].policy.kind')).toBe('"split"');
    expect(at(TEXT, 'vms[0].host')).toBe('"A"');
  });

  it('tells a key holding a dot from a nested path', () => {
    expect(at(TEXT, 'events[3].map.a.b')).toBe('3');
    expect(at(TEXT, 'events[3].map.a')).toBe('"x"');
  });

  it('marks the unknown field by its key, not its whole object', () => {
    expect(at(TEXT, 'events[2]', 'unknown field "pasdi"')).toBe('"pasdi"');
  });

  it('marks the enclosing object when the path names a missing field', () => {
    const s = locateProblem(sourceTree(TEXT), 'events[4].device', 'required string is missing');
    expect(TEXT[s.from]).toBe('{');
    expect(lineOf(TEXT, s.from)).toBe(10);
  });

  it('keeps the last of repeated keys, as JSON.parse does', () => {
    const t = '{ "a": 1, "a": 2 }';
    expect(at(t, 'a')).toBe('2');
  });

  it('puts a problem it cannot place at the document start', () => {
    expect(locateProblem(sourceTree(TEXT), '', 'format must be "pasidscope/1"')).toEqual({ from: 0, to: 1 });
    expect(locateProblem(sourceTree(TEXT), 'nothing[3].here', 'x').from).toBe(0);
    expect(locateProblem(sourceTree(''), 'events[0]', 'x')).toEqual({ from: 0, to: 0 });
  });

  it('reports syntax errors at their offsets', () => {
    const t = '{ "format": "pasidscope/1", }';
    const tree = sourceTree(t);
    expect(tree.errors.length).toBeGreaterThan(0);
    expect(tree.errors[0]!.span.from).toBe(t.indexOf('}'));
  });

  it('places every problem the real parser finds in the text on its own line', () => {
    const r = parseScenarioText(TEXT);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const tree = sourceTree(TEXT);
    const lines = r.problems.map((p) => lineOf(TEXT, locateProblem(tree, p.path, p.message).from));
    // vm9 (line 7), pasdi (line 8), map value 3 (line 9), host B (line 9), missing device (line 10)
    expect(new Set(lines)).toEqual(new Set([7, 8, 9, 10]));
  });
});
