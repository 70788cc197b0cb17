/**
 * Targeted tests of op semantics (DOMAIN.md §5) and of the readings docs/domain-notes.md
 * takes where the contract is silent.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/index.ts';
import { buildTimeline } from '../timeline/timeline.ts';
import type { PolicyKind } from '../model/types.ts';

const DSA = { rid: 'dsa', kind: 'pf', swq: true, siov: true, label: 'DSA' };
const NIC = { rid: 'nic', kind: 'pf' };
const VF = { rid: 'vf', kind: 'vf', pf: 'nic' };
const SWQVF = { rid: 'swqvf', kind: 'vf', pf: 'nic', swq: true };

function run(raw: { hosts: object[]; vms?: object[]; events: object[] }, policy?: PolicyKind) {
  const r = parseScenario({ format: 'pasidscope/1', vms: [], ...raw });
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const t = buildTimeline(r.scenario, policy);
  expect(t.violations).toEqual([]);
  return t;
}
const codes = (t: ReturnType<typeof run>) => t.outcomes.map((o) => (o.ok ? 'ok' : o.code));
const hostA = (functions: object[], extra: object = {}) => ({ id: 'A', policy: { kind: 'split' }, functions, ...extra });
const hostB = (functions: object[], extra: object = {}) => ({ id: 'B', policy: { kind: 'split' }, functions, ...extra });
const vm1 = { id: 'vm1', host: 'A', viommu: { pasidAlloc: true } };

describe('check order: references, then the PASID, then the op', () => {
  it('an unknown alias is ENODEV even when the process has no PASID', () => {
    const t = run({ hosts: [hostA([DSA])], vms: [vm1], events: [{ op: 'guest.bind', vm: 'vm1', process: 'p', device: 'x' }] });
    expect(codes(t)).toEqual(['ENODEV']);
  });
  it('enqcmd without a PASID is ENOENT before the SWQ check', () => {
    const t = run({
      hosts: [hostA([NIC])],
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', function: 'nic' },
        { op: 'enqcmd', vm: 'vm1', process: 'p', device: 'nic' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'nic' },
        { op: 'enqcmd', vm: 'vm1', process: 'p', device: 'nic' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ENOENT', 'ok', 'ok', 'EINVAL']);
  });
});

describe('guest.alloc', () => {
  it('one PASID per process (EEXIST); a requested number is honoured, EBUSY when taken, ERANGE outside the range', () => {
    const t = run({
      hosts: [hostA([NIC])],
      vms: [vm1],
      events: [
        { op: 'guest.alloc', vm: 'vm1', process: 'a', pasid: 7 },
        { op: 'guest.alloc', vm: 'vm1', process: 'a' },
        { op: 'guest.alloc', vm: 'vm1', process: 'b', pasid: 7 },
        { op: 'guest.alloc', vm: 'vm1', process: 'b', pasid: 4096 },
        { op: 'guest.alloc', vm: 'vm1', process: 'b' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'EEXIST', 'EBUSY', 'ERANGE', 'ok']);
    expect(t.outcomes[4].pasid).toBe(1);
    expect(t.outcomes[2].message).toContain('vm1 process a');
  });
  it('global needs the vIOMMU allocation interface; split needs it for shared only; linux refuses shared', () => {
    const ev = [
      { op: 'guest.alloc', vm: 'vm1', process: 'l' },
      { op: 'guest.alloc', vm: 'vm1', process: 's', kind: 'shared' },
    ];
    const vm = { id: 'vm1', host: 'A' };
    expect(codes(run({ hosts: [hostA([NIC])], vms: [vm], events: ev }, 'global'))).toEqual(['EOPNOTSUPP', 'EOPNOTSUPP']);
    expect(codes(run({ hosts: [hostA([NIC])], vms: [vm], events: ev }, 'split'))).toEqual(['ok', 'EOPNOTSUPP']);
    expect(codes(run({ hosts: [hostA([NIC])], vms: [vm], events: ev }, 'local'))).toEqual(['ok', 'ok']);
    expect(codes(run({ hosts: [hostA([NIC])], vms: [vm1], events: ev }, 'linux'))).toEqual(['ok', 'EOPNOTSUPP']);
  });
  it('split shared needs CPU PASID translation', () => {
    const t = run({
      hosts: [hostA([NIC], { iommu: { cpuPasidTranslation: false } })],
      vms: [vm1],
      events: [{ op: 'guest.alloc', vm: 'vm1', process: 's', kind: 'shared' }],
    });
    expect(codes(t)).toEqual(['EOPNOTSUPP']);
  });
  it('ENOSPC when the shared range is full', () => {
    const t = run({
      hosts: [hostA([NIC], { policy: { kind: 'split', localEnd: 4, sharedEnd: 6 } })],
      vms: [vm1],
      events: ['a', 'b', 'c'].map((p) => ({ op: 'guest.alloc', vm: 'vm1', process: p, kind: 'shared' })),
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'ENOSPC']);
    expect(t.outcomes.map((o) => o.hpasid)).toEqual([4, 5, undefined]);
  });
});

describe('guest.bind', () => {
  it('passthrough: EOVERFLOW when the gPASID is too wide for the function', () => {
    const t = run({
      hosts: [hostA([{ rid: 'nic', kind: 'pf', pasidBits: 4 }, { rid: 'vf', kind: 'vf', pf: 'nic' }])],
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', function: 'vf' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p', pasid: 16 },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'vf' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'EOVERFLOW']);
  });
  it('split: an ADI needs a shared process (EINVAL)', () => {
    const t = run({
      hosts: [hostA([DSA])],
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'EINVAL']);
  });
  it('local: the first ADI bind takes the lowest free PASID of the PF and later binds reuse it', () => {
    const t = run(
      {
        hosts: [hostA([DSA, { ...DSA, rid: 'dsa2' }])],
        vms: [vm1],
        events: [
          { op: 'host.bind', host: 'A', process: 'h', function: 'dsa' },
          { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd1' },
          { op: 'assign', vm: 'vm1', adiOf: 'dsa2', as: 'd2' },
          { op: 'guest.alloc', vm: 'vm1', process: 'p' },
          { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd1' },
          { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd2' },
          { op: 'enqcmd', vm: 'vm1', process: 'p', device: 'd2' },
        ],
      },
      'local',
    );
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(t.outcomes[4].hpasid).toBe(2);
    expect(t.outcomes[5].hpasid).toBe(2);
    expect(t.outcomes[6].wire).toBe(2);
  });
  it('local: two processes of one VM on two PFs never share an hPASID (translation stays injective, I5)', () => {
    const t = run(
      {
        hosts: [hostA([DSA, { ...DSA, rid: 'dsa2' }])],
        vms: [vm1],
        events: [
          { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd1' },
          { op: 'assign', vm: 'vm1', adiOf: 'dsa2', as: 'd2' },
          { op: 'guest.alloc', vm: 'vm1', process: 'p' },
          { op: 'guest.alloc', vm: 'vm1', process: 'q' },
          { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd1' },
          { op: 'guest.bind', vm: 'vm1', process: 'q', device: 'd2' },
        ],
      },
      'local',
    );
    expect(t.outcomes.slice(4).map((o) => o.hpasid)).toEqual([1, 2]);
  });
  it('local: the hPASID and its translation go with the last ADI attachment', () => {
    const t = run(
      {
        hosts: [hostA([DSA])],
        vms: [vm1],
        events: [
          { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
          { op: 'guest.alloc', vm: 'vm1', process: 'p' },
          { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd' },
          { op: 'guest.unbind', vm: 'vm1', process: 'p', device: 'd' },
        ],
      },
      'local',
    );
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(t.snapshot(3).vms[0].xlate).toEqual([{ gpasid: 1, hpasid: 1 }]);
    expect(t.snapshot(4).vms[0].xlate).toEqual([]);
    expect(t.snapshot(4).vms[0].processes[0]).toMatchObject({ pasid: 1, hpasid: null });
  });
});

describe('host.bind', () => {
  it('EBUSY on a function passed through to a VM; a process reuses its one PASID', () => {
    const t = run(
      {
        hosts: [hostA([NIC, VF, DSA])],
        vms: [vm1],
        events: [
          { op: 'assign', vm: 'vm1', function: 'vf' },
          { op: 'host.bind', host: 'A', process: 'h', function: 'vf' },
          { op: 'host.bind', host: 'A', process: 'h', function: 'nic' },
          { op: 'host.bind', host: 'A', process: 'h', function: 'dsa' },
          { op: 'host.bind', host: 'A', process: 'h', function: 'dsa' },
          { op: 'host.unbind', host: 'A', process: 'h', function: 'dsa' },
          { op: 'host.unbind', host: 'A', process: 'h', function: 'dsa' },
          { op: 'host.exit', host: 'A', process: 'h' },
          { op: 'host.exit', host: 'A', process: 'h' },
        ],
      },
      'global',
    );
    expect(codes(t)).toEqual(['ok', 'EBUSY', 'ok', 'ok', 'EBUSY', 'ok', 'EINVAL', 'ok', 'ENOENT']);
    expect(t.outcomes[3].pasid).toBe(1);
    expect(t.snapshot(9).hosts[0].g!.used).toEqual([]);
  });
});

describe('assign and unassign', () => {
  it('a function with host attachments or ADIs cannot be passed through; aliases are unique per VM', () => {
    const t = run(
      {
        hosts: [hostA([DSA, NIC])],
        vms: [vm1, { id: 'vm2', host: 'A' }],
        events: [
          { op: 'host.bind', host: 'A', process: 'h', function: 'nic' },
          { op: 'assign', vm: 'vm1', function: 'nic' },
          { op: 'assign', vm: 'vm2', adiOf: 'dsa', as: 'x' },
          { op: 'assign', vm: 'vm1', function: 'dsa' },
          { op: 'assign', vm: 'vm2', adiOf: 'dsa', as: 'x' },
          { op: 'assign', vm: 'vm1', adiOf: 'nic' },
        ],
      },
      'local',
    );
    expect(codes(t)).toEqual(['ok', 'EBUSY', 'ok', 'EBUSY', 'EEXIST', 'EINVAL']);
  });
});

describe('migrate', () => {
  const two = (policy: object, a: object[], b: object[]) => [
    { id: 'A', policy, functions: a },
    { id: 'B', policy, functions: b },
  ];
  it('lists every conflict in code order and changes nothing', () => {
    const t = run({
      hosts: two({ kind: 'global' }, [NIC, VF, DSA], [NIC, { rid: 'dsa', kind: 'pf', siov: true }, { rid: 'x', kind: 'pf', swq: true }]),
      vms: [vm1],
      events: [
        { op: 'host.bind', host: 'B', process: 'h', function: 'x' },
        { op: 'assign', vm: 'vm1', function: 'vf', as: 'nic0' },
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'dsa0' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'nic0' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
      ],
    });
    const m = t.outcomes[5];
    expect(m.ok).toBe(false);
    expect(m.conflicts!.map((c) => c.code)).toEqual(['ENODEV', 'ENODEV', 'EBUSY']);
    expect(m.code).toBe('ENODEV');
    expect(m.conflicts![2].holder).toEqual({ type: 'host', host: 'B', process: 'h' });
    expect(t.snapshot(6)).toEqual({ ...t.snapshot(5), cursor: 6 });
  });
  it('different policies on the two hosts: EOPNOTSUPP', () => {
    const t = run({
      hosts: [hostA([NIC, VF]), { id: 'B', policy: { kind: 'global' }, functions: [NIC, VF] }],
      vms: [vm1],
      events: [{ op: 'migrate', vm: 'vm1', to: 'B' }],
    });
    expect(codes(t)).toEqual(['EOPNOTSUPP']);
  });
  it('migrating to the host it runs on is EINVAL; map picks the destination function', () => {
    const t = run({
      hosts: two({ kind: 'split' }, [NIC, VF], [NIC, VF, { rid: 'vf2', kind: 'vf', pf: 'nic' }]),
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', function: 'vf', as: 'n' },
        { op: 'migrate', vm: 'vm1', to: 'A' },
        { op: 'migrate', vm: 'vm1', to: 'B', map: { n: 'vf2' } },
        { op: 'migrate', vm: 'vm1', to: 'A', map: { zz: 'vf' } },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'EINVAL', 'ok', 'ENODEV']);
    expect(t.outcomes[2].migration!.devices).toEqual([{ alias: 'n', type: 'passthrough', fromRid: 'vf', toRid: 'vf2' }]);
  });
  it('there and back again: split remaps the hPASID each way, the gPASID never changes', () => {
    const t = run({
      hosts: two({ kind: 'split' }, [DSA], [DSA]),
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
        { op: 'host.bind', host: 'B', process: 'h', function: 'dsa' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p', kind: 'shared' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
        { op: 'host.bind', host: 'A', process: 'h', function: 'dsa' },
        { op: 'migrate', vm: 'vm1', to: 'A' },
        { op: 'enqcmd', vm: 'vm1', process: 'p', device: 'd' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(t.outcomes[4].migration!.remapped).toEqual([{ process: 'p', gpasid: 1, from: 4096, to: 4097 }]);
    expect(t.outcomes[6].migration!.remapped).toEqual([{ process: 'p', gpasid: 1, from: 4097, to: 4097 }]);
    expect(t.outcomes[7].wire).toBe(4097);
  });
  it('a destination without CPU PASID translation refuses a translating VM', () => {
    const t = run({
      hosts: [hostA([DSA]), hostB([DSA], { iommu: { cpuPasidTranslation: false } })],
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p', kind: 'shared' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'EOPNOTSUPP']);
  });
  it('EOVERFLOW when a kept PASID does not fit the destination function', () => {
    const t = run({
      hosts: two({ kind: 'local' }, [NIC, VF], [{ rid: 'nic', kind: 'pf', pasidBits: 4 }, VF]),
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', function: 'vf' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p', pasid: 100 },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'vf' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'EOVERFLOW']);
  });
});

describe('I8', () => {
  it('warns once when a translating VM also has a passthrough SWQ device', () => {
    const t = run({
      hosts: [hostA([DSA, NIC, SWQVF])],
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', function: 'swqvf' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p', kind: 'shared' },
        { op: 'guest.alloc', vm: 'vm1', process: 'q', kind: 'shared' },
      ],
    });
    expect(t.warnings.map((w) => [w.index, w.vm])).toEqual([[1, 'vm1']]);
  });
});
