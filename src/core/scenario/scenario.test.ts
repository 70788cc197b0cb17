import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText, withPolicy } from './index.ts';

const host = (extra: object = {}) => ({
  id: 'A',
  policy: { kind: 'split' },
  functions: [
    { rid: 'pf0', kind: 'pf', pasidBits: 10 },
    { rid: 'vf0', kind: 'vf', pf: 'pf0' },
  ],
  ...extra,
});
const doc = (extra: object = {}) => ({ format: 'pasidscope/1', hosts: [host()], vms: [{ id: 'vm1', host: 'A' }], events: [], ...extra });

function problems(input: unknown) {
  const r = parseScenario(input);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('scenario parsing', () => {
  it('applies the defaults of DOMAIN.md §4', () => {
    const r = parseScenario(doc());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [h] = r.scenario.hosts;
    expect(h.policy).toEqual({ kind: 'split', localEnd: 4096, sharedEnd: 524288 });
    expect(h.iommu).toEqual({ pasidBits: 20, cpuPasidTranslation: true });
    expect(h.functions[1]).toMatchObject({ rid: 'vf0', pasidBits: 10, swq: false, siov: false });
    expect(r.scenario.vms[0].viommu.pasidAlloc).toBe(false);
  });

  it('rejects text that is not JSON', () => {
    const r = parseScenarioText('{ "format": ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toMatch(/^not JSON/);
  });

  it('rejects a wrong format tag', () => {
    expect(problems(doc({ format: 'pasidscope/2' }))).toEqual(['format: format must be "pasidscope/1", got "pasidscope/2"']);
  });

  it('lists every problem by JSON path, across hosts, VMs and events', () => {
    const p = problems({
      format: 'pasidscope/1',
      colour: 'red',
      hosts: [
        host({ iommu: { pasidBits: '20' } }),
        { id: 'B', policy: { kind: 'split' }, functions: [{ rid: 'v', kind: 'vf', pf: 'nope', pasidBits: 8 }] },
      ],
      vms: [{ id: 'vm1', host: 'Z' }],
      events: [
        { op: 'teleport', vm: 'vm1' },
        { op: 'guest.alloc', vm: 'vm9', process: 'p' },
        { op: 'host.bind', host: 'A', process: 'p', function: 'ghost' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd', colour: 1 },
        { op: 'migrate', vm: 'vm1', to: 'Q' },
      ],
    });
    expect(p).toEqual(
      expect.arrayContaining([
        ': unknown field "colour"',
        'hosts[0].iommu.pasidBits: must be a number, got "20"',
        'hosts[1].functions[0].pasidBits: a VF has no PASID capability of its own: it uses its PF\'s width',
        'hosts[1].functions[0].pf: unknown PF "nope" on host "B"',
        'vms[0].host: unknown host "Z"',
        expect.stringMatching(/^events\[0\]\.op: unknown op "teleport"/),
        'events[1].vm: unknown VM "vm9"',
        'events[3]: unknown field "colour"',
        'events[4].to: unknown host "Q"',
      ]),
    );
  });

  it('rejects a duplicate RID on one host and a VF whose PF is a VF', () => {
    const p = problems(
      doc({
        hosts: [host({ functions: [{ rid: 'x', kind: 'pf' }, { rid: 'x', kind: 'pf' }, { rid: 'v1', kind: 'vf', pf: 'v2' }, { rid: 'v2', kind: 'vf', pf: 'x' }] })],
      }),
    );
    expect(p).toContain('hosts[0].functions[1].rid: duplicate RID "x" on host "A"');
    expect(p).toContain('hosts[0].functions[2].pf: "v2" is a VF, not a PF');
  });

  it('checks function references against the named host', () => {
    const p = problems(doc({ events: [{ op: 'host.bind', host: 'A', process: 'p', function: 'ghost' }] }));
    expect(p).toEqual(['events[0].function: unknown function "ghost" on host "A"']);
  });

  it('needs exactly one of function and adiOf, and of vm and host for enqcmd', () => {
    const p = problems(
      doc({
        events: [
          { op: 'assign', vm: 'vm1' },
          { op: 'enqcmd', process: 'p' },
        ],
      }),
    );
    expect(p).toContain('events[0]: assign needs exactly one of "function" and "adiOf"');
    expect(p).toContain('events[1]: enqcmd needs exactly one of "vm" and "host"');
  });

  it('tells an expectation keyed by policy from a plain pattern, and checks both', () => {
    const ok = parseScenario(doc({ events: [{ op: 'guest.alloc', vm: 'vm1', process: 'p', expect: { split: { ok: true, pasid: 1 } } }] }));
    expect(ok.ok).toBe(true);
    const p = problems(doc({ events: [{ op: 'guest.alloc', vm: 'vm1', process: 'p', expect: { split: { ok: 'yes' } } }] }));
    expect(p[0]).toMatch(/^events\[0\]\.expect\.split\.ok: /);
    const q = problems(doc({ events: [{ op: 'guest.alloc', vm: 'vm1', process: 'p', expect: { code: 'EWHAT' } }] }));
    expect(q[0]).toMatch(/^events\[0\]\.expect\.code: must be one of/);
  });

  it('rejects split ranges that do not make sense after clamping to the IOMMU', () => {
    const p = problems(doc({ hosts: [host({ policy: { kind: 'split', localEnd: 9000, sharedEnd: 4096 } })] }));
    expect(p).toEqual(['hosts[0].policy: localEnd (9000) must not be above sharedEnd (4096)']);
    const q = problems(doc({ hosts: [host({ policy: { kind: 'global', localEnd: 10 } })] }));
    expect(q).toEqual(['hosts[0].policy.localEnd: localEnd applies to the split policy only']);
    expect(problems(doc({ hosts: [host({ policy: { kind: 'split', localEnd: 1 } })] }))).toEqual([
      'hosts[0].policy.localEnd: localEnd (1) leaves the guest no PASID: it must be at least 2',
    ]);
    // A 10-bit IOMMU clamps both bounds to 1024: an empty shared range, but a valid one.
    expect(parseScenario(doc({ hosts: [host({ iommu: { pasidBits: 10 } })] })).ok).toBe(true);
    // sharedEnd above the IOMMU's width is read clamped, not refused (it was before).
    expect(parseScenario(doc({ hosts: [host({ policy: { kind: 'split', sharedEnd: 1 << 20 }, iommu: { pasidBits: 16 } })] })).ok).toBe(true);
  });

  it('--policy keeps the parameters of hosts that declare that kind and gives the others defaults', () => {
    const r = parseScenario(
      doc({
        hosts: [host({ policy: { kind: 'split', localEnd: 1024 } }), { ...host(), id: 'B', policy: { kind: 'global' } }],
      }),
    );
    if (!r.ok) throw new Error('bad fixture');
    const s = withPolicy(r.scenario, 'split');
    expect(s.hosts.map((h) => h.policy)).toEqual([
      { kind: 'split', localEnd: 1024, sharedEnd: 524288 },
      { kind: 'split', localEnd: 4096, sharedEnd: 524288 },
    ]);
    expect(withPolicy(r.scenario, 'local').hosts.map((h) => h.policy.kind)).toEqual(['local', 'local']);
  });

  it('takes a PF\'s model and gives it to its VFs; refuses model, siov and pasidBits on a VF', () => {
    const ok = parseScenario(doc({ hosts: [host({ functions: [{ rid: 'pf', kind: 'pf', model: 'dsa', swq: true }, { rid: 'vf', kind: 'vf', pf: 'pf' }] })] }));
    expect(ok.ok && ok.scenario.hosts[0].functions.map((f) => f.model)).toEqual(['dsa', 'dsa']);
    const p = problems(doc({ hosts: [host({ functions: [{ rid: 'pf', kind: 'pf' }, { rid: 'vf', kind: 'vf', pf: 'pf', model: 'iax', siov: true }] })] }));
    expect(p).toEqual([
      'hosts[0].functions[1].model: a VF is the model of its PF: give "model" on the PF',
      'hosts[0].functions[1].siov: a VF cannot be a Scalable-IOV parent',
    ]);
  });

  it('checks allocation groups: known RIDs of the host, a RID in one group only, unique ids', () => {
    const B = { id: 'B', policy: { kind: 'local' }, functions: [{ rid: 'b0', kind: 'pf' }] };
    const p = problems(
      doc({
        hosts: [
          host({
            pasidGroups: [
              { id: 'g', functions: ['pf0', 'ghost'] },
              { id: 'g', functions: ['pf0', 'b0'] },
              { id: 'h', functions: [] },
            ],
          }),
          B,
        ],
      }),
    );
    expect(p).toEqual([
      'hosts[0].pasidGroups[2].functions: Too small: expected array to have >=1 items',
      'hosts[0].pasidGroups[0].functions[1]: unknown function "ghost" on host "A"',
      'hosts[0].pasidGroups[1].id: duplicate group id "g" on host "A"',
      'hosts[0].pasidGroups[1].functions[0]: "pf0" is already in group "g": a RID is in at most one group',
      'hosts[0].pasidGroups[1].functions[1]: "b0" is a function of host "B", not of host "A"',
    ]);
  });

  it('takes fault in patterns; refuses an empty pattern and a pattern mixed with policy keys', () => {
    const ev = (expect: object) => doc({ events: [{ op: 'guest.alloc', vm: 'vm1', process: 'p', expect }] });
    expect(parseScenario(ev({ code: 'EFAULT', fault: 'breach' })).ok).toBe(true);
    expect(problems(ev({ fault: 'oops' }))[0]).toMatch(/^events\[0\]\.expect\.fault: must be one of "vmexit", "unmapped", "breach"/);
    expect(problems(ev({}))).toEqual(['events[0].expect: an empty pattern checks nothing: give at least one of ok, code, pasid, hpasid, wire, fault']);
    expect(problems(ev({ split: {} }))).toEqual([
      'events[0].expect.split: an empty pattern checks nothing: give at least one of ok, code, pasid, hpasid, wire, fault',
    ]);
    expect(problems(ev({ ok: true, split: { ok: false } }))[0]).toMatch(/^events\[0\]\.expect: mixes pattern fields and policy kinds/);
  });

  it('refuses host-op RIDs the host lacks and map values the destination lacks', () => {
    const B = { id: 'B', policy: { kind: 'split' }, functions: [{ rid: 'b0', kind: 'pf' }] };
    const p = problems(
      doc({
        hosts: [host(), B],
        events: [
          { op: 'host.unbind', host: 'A', process: 'p', function: 'b0' },
          { op: 'migrate', vm: 'vm1', to: 'B', map: { nic: 'pf0' } },
        ],
      }),
    );
    expect(p).toEqual(['events[0].function: unknown function "b0" on host "A"', 'events[1].map.nic: unknown function "pf0" on host "B"']);
  });

  it('accepts a UTF-8 byte-order mark, as editors write it', () => {
    expect(parseScenarioText('\uFEFF' + JSON.stringify(doc())).ok).toBe(true);
  });

  it('reports only the real problem of a PF with a bad field, not a false "unknown PF" on its VF', () => {
    const p = problems(doc({ hosts: [host({ functions: [{ rid: 'pf0', kind: 'pf', pasidBits: 99 }, { rid: 'vf0', kind: 'vf', pf: 'pf0' }] })] }));
    expect(p).toEqual(['hosts[0].functions[0].pasidBits: Too big: expected number to be <=20']);
  });

  it('treats prototype names as names: ids, aliases, processes and map keys', () => {
    const names = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];
    for (const n of names) {
      const text = `{"format":"pasidscope/1","hosts":[{"id":"${n}","policy":{"kind":"split"},"functions":[{"rid":"${n}","kind":"pf"},{"rid":"vf","kind":"vf","pf":"${n}"}]},{"id":"B","policy":{"kind":"split"},"functions":[{"rid":"pf","kind":"pf"},{"rid":"vf","kind":"vf","pf":"pf"}]}],"vms":[{"id":"${n}","host":"${n}"}],"events":[{"op":"assign","vm":"${n}","function":"vf","as":"${n}"},{"op":"migrate","vm":"${n}","to":"B","map":{"${n}":"vf"}}]}`;
      const r = parseScenarioText(text);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const m = r.scenario.events[1];
      expect(m.op === 'migrate' && m.map).toEqual([[n, 'vf']]);
    }
    // A map key the record schema would have swallowed is kept, so its bad value is refused.
    const bad = problems(JSON.parse('{"format":"pasidscope/1","hosts":[{"id":"A","policy":{"kind":"split"},"functions":[]}],"vms":[{"id":"vm1","host":"A"}],"events":[{"op":"migrate","vm":"vm1","to":"A","map":{"__proto__":"NO_SUCH_RID"}}]}'));
    expect(bad).toEqual(['events[0].map.__proto__: unknown function "NO_SUCH_RID" on host "A"']);
  });

  it('describes a deeply nested value without recursing into it', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = [deep];
    const p = problems({ ...doc(), format: deep });
    expect(p).toEqual(['format: format must be "pasidscope/1", got an array']);
  });
});
