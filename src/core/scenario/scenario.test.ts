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
        'hosts[0].iommu.pasidBits: Invalid input: expected number, received string',
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

  it('rejects split ranges that do not make sense', () => {
    const p = problems(doc({ hosts: [host({ policy: { kind: 'split', localEnd: 9000, sharedEnd: 4096 } })] }));
    expect(p).toEqual(['hosts[0].policy: localEnd (9000) must be below sharedEnd (4096)']);
    const q = problems(doc({ hosts: [host({ policy: { kind: 'global', localEnd: 10 } })] }));
    expect(q).toEqual(['hosts[0].policy.localEnd: localEnd applies to the split policy only']);
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
});
