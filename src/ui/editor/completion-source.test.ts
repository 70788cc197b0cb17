import { describe, expect, it } from 'vitest';
import { completeAt } from './completion-source.ts';

/** Complete at the `|` of `marked`; return the labels and what applying `pick` gives. */
function complete(marked: string, pick?: string) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const c = completeAt(text, offset);
  if (!c) return { labels: [] as string[], text: null };
  const item = c.items.find((i) => i.label === pick);
  return {
    labels: c.items.map((i) => i.label),
    text: item ? text.slice(0, c.from) + c.apply(item) + text.slice(c.to) : null,
  };
}

const HEAD = `{
  "format": "pasidscope/1",
  "hosts": [
    { "id": "A", "policy": { "kind": "split" }, "functions": [{ "rid": "pf0", "kind": "pf", "siov": true }, { "rid": "vf0", "kind": "vf", "pf": "pf0" }] },
    { "id": "B", "policy": { "kind": "split" }, "functions": [{ "rid": "vfB", "kind": "pf" }] }
  ],
  "vms": [{ "id": "vm1", "host": "A" }, { "id": "__proto__", "host": "B" }],
  "events": [
    { "op": "assign", "vm": "vm1", "function": "vf0", "as": "nic" },
    { "op": "guest.alloc", "vm": "vm1", "process": "app" },
    { "op": "host.bind", "host": "A", "process": "h1", "function": "pf0" },`;
const doc = (events: string) => `${HEAD}\n    ${events}\n  ]\n}`;

describe('completion from the schema', () => {
  it('offers every op as a value of "op"', () => {
    const r = complete(doc('{ "op": "gu|" }'), 'guest.bind');
    expect(r.labels).toEqual(
      expect.arrayContaining(['assign', 'guest.alloc', 'guest.bind', 'host.exit', 'enqcmd', 'migrate']),
    );
    expect(r.text).toContain('{ "op": "guest.bind" }');
  });

  it("offers the fields of the event's op, not those already there", () => {
    const r = complete(doc('{ "op": "migrate", "vm": "vm1", | }'), 'to');
    expect(r.labels.sort()).toEqual(['expect', 'map', 'note', 'op', 'to'].filter((k) => k !== 'op').sort());
    expect(r.text).toContain('"vm": "vm1", "to":  }');
  });

  it('offers policy kinds, function kinds, error codes and fault kinds', () => {
    expect(
      complete(
        doc('{ "op": "host.exit", "host": "A", "process": "h1" }').replace(
          '"kind": "split" }, "functions": [{ "rid": "vfB"',
          '"kind": "|" }, "functions": [{ "rid": "vfB"',
        ),
      ).labels,
    ).toEqual(['global', 'local', 'split', 'linux']);
    expect(
      complete(doc('{ "op": "host.exit", "host": "A", "process": "h1", "expect": { "code": "|" } }')).labels,
    ).toContain('EOPNOTSUPP');
    expect(
      complete(
        doc('{ "op": "host.exit", "host": "A", "process": "h1", "expect": { "split": { "fault": "|" } } }'),
      ).labels,
    ).toEqual(['vmexit', 'unmapped', 'breach']);
    expect(
      complete(doc('{ "op": "host.exit", "host": "A", "process": "h1", "expect": { "ok": |')).labels,
    ).toEqual(['true', 'false']);
  });

  it('offers either pattern fields or policy kinds in an expect, never both once one is used', () => {
    const empty = complete(
      doc('{ "op": "host.exit", "host": "A", "process": "h1", "expect": { | } }'),
    ).labels;
    expect(empty).toEqual(expect.arrayContaining(['ok', 'code', 'split', 'global']));
    const plain = complete(
      doc('{ "op": "host.exit", "host": "A", "process": "h1", "expect": { "ok": true, | } }'),
    ).labels;
    expect(plain).toContain('code');
    expect(plain).not.toContain('split');
    const keyed = complete(
      doc('{ "op": "host.exit", "host": "A", "process": "h1", "expect": { "split": { "ok": true }, | } }'),
    ).labels;
    expect(keyed).toEqual(['global', 'local', 'linux']);
  });
});

describe('completion from the scenario at that point', () => {
  it('offers the VMs, including one named like a prototype key', () => {
    expect(complete(doc('{ "op": "guest.alloc", "vm": "|" }')).labels).toEqual(['vm1', '__proto__']);
  });

  it('offers the device aliases assigned before the event', () => {
    const r = complete(doc('{ "op": "guest.bind", "vm": "vm1", "process": "app", "device": | }'), 'nic');
    expect(r.labels).toEqual(['nic']);
    expect(r.text).toContain('"device": "nic" }');
  });

  it('drops an alias after its unassign, and offers nothing before its assign', () => {
    expect(
      complete(
        doc(
          '{ "op": "unassign", "vm": "vm1", "device": "nic" },\n    { "op": "guest.bind", "vm": "vm1", "device": "|" }',
        ),
      ).labels,
    ).toEqual([]);
    expect(
      complete(
        HEAD.replace(
          '{ "op": "assign"',
          '{ "op": "guest.bind", "vm": "vm1", "device": "|" },\n    { "op": "assign"',
        ) + '\n  ]\n}',
      ).labels,
    ).toEqual([]);
  });

  it('offers the guest processes of that VM and the host processes of that host', () => {
    expect(complete(doc('{ "op": "guest.bind", "vm": "vm1", "process": "|" }')).labels).toEqual(['app']);
    expect(complete(doc('{ "op": "host.exit", "host": "A", "process": "|" }')).labels).toEqual(['h1']);
    expect(complete(doc('{ "op": "host.exit", "host": "B", "process": "|" }')).labels).toEqual([]);
  });

  it("offers the RIDs of the VM's host, the PFs for an ADI, and after a migration the destination's", () => {
    expect(complete(doc('{ "op": "assign", "vm": "vm1", "function": "|" }')).labels).toEqual(['pf0', 'vf0']);
    expect(complete(doc('{ "op": "assign", "vm": "vm1", "adiOf": "|" }')).labels).toEqual(['pf0']);
    expect(
      complete(
        doc(
          '{ "op": "migrate", "vm": "vm1", "to": "B" },\n    { "op": "assign", "vm": "vm1", "function": "|" }',
        ),
      ).labels,
    ).toEqual(['vfB']);
  });

  it('offers other hosts as a migration target, aliases as map keys and destination RIDs as map values', () => {
    expect(complete(doc('{ "op": "migrate", "vm": "vm1", "to": "|" }')).labels).toEqual(['B']);
    expect(complete(doc('{ "op": "migrate", "vm": "vm1", "to": "B", "map": { | } }')).labels).toEqual([
      'nic',
    ]);
    expect(
      complete(doc('{ "op": "migrate", "vm": "vm1", "to": "B", "map": { "nic": "|" } }')).labels,
    ).toEqual(['vfB']);
  });

  it('escapes a name that needs it when it inserts it', () => {
    const t = doc('{ "op": "guest.alloc", "vm": "|" }').replace('"id": "vm1"', '"id": "v\\"1"');
    expect(complete(t, 'v"1').text).toContain('"vm": "v\\"1" }');
  });

  it('offers nothing on a text above its size bound', () => {
    expect(completeAt('{ "op": "" }', 9, 5)).toBeNull();
  });
});
