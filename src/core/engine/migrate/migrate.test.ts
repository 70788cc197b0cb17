/**
 * Migration (DOMAIN.md §5 migrate): the first-alone checks, the three passes in order,
 * each clash listed once, and what a successful migration keeps and remaps. The cases
 * marked "regression" were found by running random scenarios through the engine and an
 * independent model of the contract.
 */
import { describe, expect, it } from 'vitest';
import { DSA, IAX, NIC, VF, codes, hostA, hostB, run, vm1 } from '../engine.testkit.ts';

const two = (policy: object, a: object[], b: object[], extraA: object = {}, extraB: object = {}) => [
  { id: 'A', policy, functions: a, ...extraA },
  { id: 'B', policy, functions: b, ...extraB },
];
const SIOV = { rid: 'siov', kind: 'pf', siov: true };
const PLAIN = { rid: 'plain', kind: 'pf' };

describe('first, alone', () => {
  it('an unknown map alias is ENODEV before anything else, with one conflict', () => {
    const t = run({
      hosts: [hostA([NIC, VF]), { id: 'B', policy: { kind: 'global' }, functions: [NIC, VF] }],
      vms: [vm1],
      events: [{ op: 'migrate', vm: 'vm1', to: 'A', map: { zz: 'vf' } }],
    });
    expect(codes(t)).toEqual(['ENODEV']);
    expect(t.outcomes[0].conflicts).toHaveLength(1);
  });
  it('the same host is EINVAL; another policy kind is EOPNOTSUPP', () => {
    const t = run({
      hosts: [hostA([NIC, VF]), { id: 'B', policy: { kind: 'global' }, functions: [NIC, VF] }],
      vms: [vm1],
      events: [
        { op: 'migrate', vm: 'vm1', to: 'A' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
      ],
    });
    expect(codes(t)).toEqual(['EINVAL', 'EOPNOTSUPP']);
  });
});

describe('pass 1: the guest ABI', () => {
  it('split: a different localEnd is ERANGE even with no PASID in use; sharedEnd may differ', () => {
    const hosts = two({ kind: 'split' }, [NIC, VF], [NIC, VF], {}, { policy: { kind: 'split', localEnd: 2048, sharedEnd: 8192 } });
    expect(codes(run({ hosts, vms: [vm1], events: [{ op: 'migrate', vm: 'vm1', to: 'B' }] }))).toEqual(['ERANGE']);
    const same = two({ kind: 'split' }, [NIC, VF], [NIC, VF], {}, { policy: { kind: 'split', sharedEnd: 8192 } });
    expect(codes(run({ hosts: same, vms: [vm1], events: [{ op: 'migrate', vm: 'vm1', to: 'B' }] }))).toEqual(['ok']);
  });
  it('a narrower destination IOMMU is EOVERFLOW; translation needs CPU translation there (EOPNOTSUPP)', () => {
    const t = run(
      {
        hosts: two({ kind: 'local' }, [DSA], [DSA], {}, { iommu: { pasidBits: 16, cpuPasidTranslation: false } }),
        vms: [vm1],
        events: [
          { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
          { op: 'migrate', vm: 'vm1', to: 'B' },
        ],
      },
    );
    expect(codes(t)).toEqual(['ok', 'EOPNOTSUPP']);
    expect(t.outcomes[1].conflicts!.map((c) => [c.code, c.reason])).toEqual([
      ['EOPNOTSUPP', 'abi-translation'],
      ['EOVERFLOW', 'abi-width'],
    ]);
  });
  it('split: a shared process needs CPU translation on the destination even without an SWQ ADI', () => {
    const t = run({
      hosts: [hostA([NIC, VF]), hostB([NIC, VF], { iommu: { cpuPasidTranslation: false } })],
      vms: [vm1],
      events: [
        { op: 'guest.alloc', vm: 'vm1', process: 'p', kind: 'shared' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'EOPNOTSUPP']);
  });
});

describe('pass 2: placement', () => {
  it('regression: a passthrough device never takes the PF planned as the parent of the VM’s ADI (I9)', () => {
    const events = (map?: object) => [
      { op: 'assign', vm: 'vm1', function: 'plain', as: 'pt' },
      { op: 'assign', vm: 'vm1', adiOf: 'siov', as: 'adi' },
      { op: 'migrate', vm: 'vm1', to: 'B', ...(map ? { map } : {}) },
    ];
    const hosts = two({ kind: 'global' }, [SIOV, PLAIN], [{ rid: 'x', kind: 'pf', siov: true }]);
    const t = run({ hosts, vms: [vm1], events: events() });
    expect(codes(t)).toEqual(['ok', 'ok', 'ENODEV']);
    expect(t.outcomes[2].conflicts!.map((c) => [c.code, c.device])).toEqual([['ENODEV', 'pt']]);
    expect(t.outcomes[2].migration!.devices.map((d) => [d.alias, d.toRid])).toEqual([
      ['pt', null],
      ['adi', 'x'],
    ]);
    // Mapped devices go first: the passthrough takes it, and the ADI finds no PF.
    const m = run({ hosts, vms: [vm1], events: events({ pt: 'x' }) });
    expect(m.outcomes[2].conflicts!.map((c) => [c.code, c.device])).toEqual([['ENODEV', 'adi']]);
  });
  it('regression: a map target passed through to another VM is EBUSY naming that VM, not ENODEV', () => {
    const t = run({
      hosts: two({ kind: 'global' }, [SIOV], [{ rid: 'x', kind: 'pf', siov: true }]),
      vms: [vm1, { id: 'vm2', host: 'B' }],
      events: [
        { op: 'assign', vm: 'vm2', function: 'x', as: 'mine' },
        { op: 'assign', vm: 'vm1', adiOf: 'siov', as: 'adi' },
        { op: 'migrate', vm: 'vm1', to: 'B', map: { adi: 'x' } },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'EBUSY']);
    expect(t.outcomes[2].conflicts).toHaveLength(1);
    expect(t.outcomes[2].conflicts![0]).toMatchObject({ code: 'EBUSY', reason: 'placement-taken', device: 'adi', rid: 'x' });
    expect(t.outcomes[2].conflicts![0].message).toContain('vm2');
  });
  it('models must be compatible: a DSA ADI does not land on an IAX', () => {
    const t = run({
      hosts: two({ kind: 'split' }, [DSA], [{ ...IAX, rid: 'iax' }, { ...DSA, rid: 'dsa-b' }]),
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
        { op: 'migrate', vm: 'vm1', to: 'A', map: { d: 'dsa' } },
        { op: 'migrate', vm: 'vm1', to: 'B', map: { d: 'iax' } },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ENODEV']);
    expect(t.outcomes[1].migration!.devices[0].toRid).toBe('dsa-b');
  });
  it('a narrower passthrough destination is EOVERFLOW; every pass still runs for what was placed', () => {
    const t = run({
      hosts: two({ kind: 'global' }, [NIC, VF, DSA], [{ rid: 'nic', kind: 'pf', pasidBits: 4 }, VF, { rid: 'x', kind: 'pf', swq: true }]),
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
    expect(m.code).toBe('ENODEV');
    expect(m.conflicts!.map((c) => [c.code, c.reason])).toEqual([
      ['ENODEV', 'placement'],
      ['EOVERFLOW', 'placement-width'],
      ['EBUSY', 'pasid-busy'],
    ]);
    expect(m.conflicts![2].holder).toEqual({ type: 'host', host: 'B', process: 'h' });
    expect(t.snapshot(6)).toEqual({ ...t.snapshot(5), cursor: 6 });
  });
});

describe('pass 3: PASIDs', () => {
  it('regression: global lists a PASID busy in G once, not again for the PF table that holds it', () => {
    const t = run({
      hosts: two({ kind: 'global' }, [DSA], [DSA]),
      vms: [vm1],
      events: [
        { op: 'host.bind', host: 'B', process: 'h', function: 'dsa' },
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'EBUSY']);
    expect(t.outcomes[4].conflicts).toHaveLength(1);
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
    expect(t.snapshot(8).vms[0].translation).toEqual({ on: true, since: 0 });
  });
  it('regression: a translated process also bound on a passthrough device is kept there (v==p) and remapped on its ADI', () => {
    const t = run({
      hosts: two({ kind: 'split' }, [NIC, VF, DSA], [NIC, VF, DSA]),
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', function: 'vf', as: 'nic0' },
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p', kind: 'shared' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'nic0' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
      ],
    });
    const m = t.outcomes[5];
    expect(m.ok).toBe(true);
    expect(m.migration!.kept).toEqual([{ device: 'nic0', process: 'p', pasid: 1 }]);
    expect(m.migration!.remapped).toEqual([{ process: 'p', gpasid: 1, from: 0x1000, to: 0x1000 }]);
    expect(m.message).toContain('1 PASID kept');
  });
  it('references survive the move: a shared bond of two binds is two references on the destination', () => {
    const t = run({
      hosts: two({ kind: 'local' }, [NIC, VF], [NIC, VF]),
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', function: 'vf' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'vf' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'vf' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    const b = t.snapshot(5).hosts[1].functions[1];
    expect(b.entries).toEqual([{ pasid: 1, holder: { type: 'guest', vm: 'vm1', process: 'p' }, refs: 2, devices: ['vf'] }]);
    expect(t.snapshot(5).hosts[0].functions[1].entries).toEqual([]);
  });
});

describe('decided against the reference model', () => {
  it('regression: global lists a gPASID busy in G and too wide for the destination PF as two clashes', () => {
    const t = run({
      hosts: two({ kind: 'global' }, [DSA], [{ ...DSA, pasidBits: 1 }, PLAIN]),
      vms: [vm1],
      events: [
        { op: 'host.bind', host: 'B', process: 'h0', function: 'plain' },
        { op: 'host.bind', host: 'B', process: 'h1', function: 'plain' },
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p', pasid: 2 },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'EOVERFLOW']);
    expect(t.outcomes[5].conflicts!.map((c) => [c.code, c.reason])).toEqual([
      ['EOVERFLOW', 'pasid-width'],
      ['EBUSY', 'pasid-busy'],
    ]);
  });
  it('regression: split — a PF that cannot reach the shared range is EOVERFLOW; an empty shared range is ENOSPC', () => {
    const ev = [
      { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
      { op: 'guest.alloc', vm: 'vm1', process: 'p', kind: 'shared' },
      { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd' },
      { op: 'migrate', vm: 'vm1', to: 'B' },
    ];
    const narrow = run({ hosts: [hostA([DSA]), hostB([{ ...DSA, pasidBits: 8 }])], vms: [vm1], events: ev });
    expect(codes(narrow).at(-1)).toBe('EOVERFLOW');
    const empty = run({ hosts: [hostA([DSA]), hostB([DSA], { policy: { kind: 'split', sharedEnd: 4096 } })], vms: [vm1], events: ev });
    expect(codes(empty).at(-1)).toBe('ENOSPC');
  });
  it('regression: local — a process none of whose ADIs was placed takes no number (pass 3 runs for what was placed)', () => {
    const t = run(
      {
        hosts: two({ kind: 'local' }, [DSA, NIC, VF], [{ ...DSA, pasidBits: 1 }, NIC, VF]),
        vms: [vm1],
        events: [
          { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
          { op: 'assign', vm: 'vm1', function: 'vf', as: 'n' },
          { op: 'guest.alloc', vm: 'vm1', process: 'p' },
          { op: 'guest.alloc', vm: 'vm1', process: 'q' },
          { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd' },
          { op: 'guest.bind', vm: 'vm1', process: 'q', device: 'd' },
          { op: 'migrate', vm: 'vm1', to: 'B', map: { d: 'nic' } },
        ],
      },
    );
    expect(codes(t).at(-1)).toBe('ENODEV');
    expect(t.outcomes.at(-1)!.conflicts!.map((c) => c.code)).toEqual(['ENODEV']);
  });
  it('regression: a passthrough destination is judged by its PASID capability, not what a narrow IOMMU leaves of it', () => {
    const t = run({
      hosts: two({ kind: 'linux' }, [NIC, VF], [{ rid: 'nic', kind: 'pf', pasidBits: 10 }, VF], { iommu: { pasidBits: 8 } }),
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', function: 'vf' },
        { op: 'migrate', vm: 'vm1', to: 'B' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'EOVERFLOW']);
    expect(t.outcomes[1].conflicts![0]).toMatchObject({ reason: 'placement-width', source: 20, destination: 10 });
  });
});

