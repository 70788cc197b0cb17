/**
 * Targeted tests of op semantics (DOMAIN.md §5) and of the readings docs/domain-notes.md
 * takes where the contract is silent. Migration, groups and ENQCMD have files of their own.
 */
import { describe, expect, it } from 'vitest';
import { DSA, NIC, SWQVF, VF, codes, hostA, run, vm1 } from './engine.testkit.ts';

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
  it('split reads its ranges clamped to the IOMMU: a 3-bit IOMMU gives the guest [1, 8) and G nothing', () => {
    const t = run({
      hosts: [hostA([NIC], { iommu: { pasidBits: 3 } })],
      vms: [vm1],
      events: [
        { op: 'guest.alloc', vm: 'vm1', process: 'a', pasid: 7 },
        { op: 'guest.alloc', vm: 'vm1', process: 'b', pasid: 8 },
        { op: 'guest.alloc', vm: 'vm1', process: 'c', kind: 'shared' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ERANGE', 'ENOSPC']);
    expect(t.snapshot(0).hosts[0].policy).toEqual({ kind: 'split', localEnd: 8, sharedEnd: 8 });
  });
});

describe('guest.bind and guest.unbind: shared bonds', () => {
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
  it('binding what is bound counts a reference; unbind drops one and detaches at zero', () => {
    const t = run({
      hosts: [hostA([NIC, VF])],
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', function: 'vf' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'vf' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'vf' },
        { op: 'guest.unbind', vm: 'vm1', process: 'p', device: 'vf' },
        { op: 'guest.unbind', vm: 'vm1', process: 'p', device: 'vf' },
        { op: 'guest.unbind', vm: 'vm1', process: 'p', device: 'vf' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'EINVAL']);
    const vf = (c: number) => t.snapshot(c).hosts[0].functions[1];
    expect(vf(4).entries).toEqual([{ pasid: 1, holder: { type: 'guest', vm: 'vm1', process: 'p' }, refs: 2, devices: ['vf'] }]);
    expect(vf(5).entries[0].refs).toBe(1);
    expect(vf(6).entries).toEqual([]);
    expect(t.outcomes.slice(2, 6).map((o) => o.hpasid)).toEqual([1, 1, 1, 1]);
  });
  it('two sibling ADIs on one PF share the entry: two references, one number', () => {
    const t = run({
      hosts: [hostA([DSA])],
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'a' },
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'b' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p', kind: 'shared' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'a' },
        { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'b' },
        { op: 'unassign', vm: 'vm1', device: 'a' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(t.snapshot(5).hosts[0].functions[0].entries[0]).toMatchObject({ pasid: 0x1000, refs: 2, devices: ['a', 'b'] });
    expect(t.snapshot(6).hosts[0].functions[0].entries[0]).toMatchObject({ pasid: 0x1000, refs: 1, devices: ['b'] });
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
  it('local: the first ADI bind takes the lowest number free on the PF; later binds reuse it', () => {
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
    expect(t.outcomes.slice(4).map((o) => o.hpasid ?? o.wire)).toEqual([2, 2, 2]);
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
  it('local: a non-SWQ ADI (type 6) needs no CPU translation; the VM table still maps it, translation stays off', () => {
    const adi = { rid: 'gpu', kind: 'pf', siov: true };
    const t = run(
      {
        hosts: [hostA([adi], { iommu: { cpuPasidTranslation: false } })],
        vms: [vm1],
        events: [
          { op: 'assign', vm: 'vm1', adiOf: 'gpu', as: 'g' },
          { op: 'guest.alloc', vm: 'vm1', process: 'p' },
          { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'g' },
        ],
      },
      'local',
    );
    expect(codes(t)).toEqual(['ok', 'ok', 'ok']);
    expect(t.snapshot(3).vms[0].xlate).toEqual([{ gpasid: 1, hpasid: 1 }]);
    expect(t.snapshot(3).vms[0].translation).toEqual({ on: false, since: null });
  });
});

describe('host.bind, host.unbind, host.exit', () => {
  it('EBUSY on a function passed through; one PASID per process, rebinding counts a reference; host ops carry hpasid', () => {
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
          { op: 'host.unbind', host: 'A', process: 'h', function: 'dsa' },
          { op: 'host.exit', host: 'A', process: 'h' },
          { op: 'host.exit', host: 'A', process: 'h' },
        ],
      },
      'global',
    );
    expect(codes(t)).toEqual(['ok', 'EBUSY', 'ok', 'ok', 'ok', 'ok', 'ok', 'EINVAL', 'ok', 'ENOENT']);
    expect(t.outcomes.slice(2, 9).map((o) => [o.pasid, o.hpasid])).toEqual(Array(7).fill([1, 1]));
    expect(t.snapshot(5).hosts[0].functions[2].entries[0].refs).toBe(2);
    expect(t.snapshot(10).hosts[0].g!.used).toEqual([]);
  });
  it('local: unbind keeps the number reserved where it was attached until exit', () => {
    const t = run(
      {
        hosts: [hostA([DSA])],
        events: [
          { op: 'host.bind', host: 'A', process: 'a', function: 'dsa' },
          { op: 'host.unbind', host: 'A', process: 'a', function: 'dsa' },
          { op: 'host.bind', host: 'A', process: 'b', function: 'dsa' },
          { op: 'host.exit', host: 'A', process: 'a' },
          { op: 'host.bind', host: 'A', process: 'c', function: 'dsa' },
        ],
      },
      'local',
    );
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(t.outcomes.map((o) => o.pasid)).toEqual([1, 1, 2, 1, 1]);
    expect(t.snapshot(2).hosts[0].functions[0].reservations).toEqual([{ pasid: 1, holder: { type: 'host', host: 'A', process: 'a' } }]);
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
  it('linux has no ADIs: EOPNOTSUPP', () => {
    const t = run({ hosts: [hostA([DSA])], vms: [vm1], events: [{ op: 'assign', vm: 'vm1', adiOf: 'dsa' }] }, 'linux');
    expect(codes(t)).toEqual(['EOPNOTSUPP']);
  });
  it('translation turns on at the first SWQ ADI under local and split, never under global, and stays after the unplug', () => {
    const ev = [
      { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
      { op: 'unassign', vm: 'vm1', device: 'd' },
    ];
    for (const [policy, on] of [['local', true], ['split', true], ['global', false]] as const) {
      const t = run({ hosts: [hostA([DSA])], vms: [vm1], events: ev }, policy);
      expect(t.snapshot(1).vms[0].translation).toEqual(on ? { on: true, since: 0 } : { on: false, since: null });
      expect(t.snapshot(2).vms[0].translation.on).toBe(on);
    }
  });
  it('an SWQ ADI needs CPU PASID translation under local and split', () => {
    const hosts = [hostA([DSA], { iommu: { cpuPasidTranslation: false } })];
    const ev = [{ op: 'assign', vm: 'vm1', adiOf: 'dsa' }];
    expect(codes(run({ hosts, vms: [vm1], events: ev }, 'local'))).toEqual(['EOPNOTSUPP']);
    expect(codes(run({ hosts, vms: [vm1], events: ev }, 'split'))).toEqual(['EOPNOTSUPP']);
    expect(codes(run({ hosts, vms: [vm1], events: ev }, 'global'))).toEqual(['ok']);
  });
  it('the type-7/8 mix: local and linux refuse it at assign, split accepts it with the I8 warning, global does not translate', () => {
    const both = (first: 'pt' | 'adi') => {
      const pt = { op: 'assign', vm: 'vm1', function: 'swqvf' };
      const adi = { op: 'assign', vm: 'vm1', adiOf: 'dsa' };
      return first === 'pt' ? [pt, adi] : [adi, pt];
    };
    const hosts = [hostA([DSA, NIC, SWQVF])];
    for (const order of ['pt', 'adi'] as const) {
      expect(codes(run({ hosts, vms: [vm1], events: both(order) }, 'local'))).toEqual(['ok', 'EOPNOTSUPP']);
      const split = run({ hosts, vms: [vm1], events: both(order) }, 'split');
      expect(codes(split)).toEqual(['ok', 'ok']);
      expect(split.warnings.map((w) => [w.invariant, w.index])).toEqual([['I8', 1]]);
      expect(codes(run({ hosts, vms: [vm1], events: both(order) }, 'global'))).toEqual(['ok', 'ok']);
    }
    // linux refuses the ADI on its own account.
    expect(codes(run({ hosts, vms: [vm1], events: both('pt') }, 'linux'))).toEqual(['ok', 'EOPNOTSUPP']);
  });
  it('local: once translation is on, even an unplugged SWQ ADI keeps the VM from a passthrough SWQ', () => {
    const t = run(
      {
        hosts: [hostA([DSA, NIC, SWQVF])],
        vms: [vm1],
        events: [
          { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
          { op: 'unassign', vm: 'vm1', device: 'd' },
          { op: 'assign', vm: 'vm1', function: 'swqvf' },
        ],
      },
      'local',
    );
    expect(codes(t)).toEqual(['ok', 'ok', 'EOPNOTSUPP']);
  });
});

describe('outcome numbers (docs/domain-notes.md), decided against the reference model', () => {
  it('a failure carries what the op had in hand: the actor’s PASID, a host actor’s hpasid, a refused bind’s target', () => {
    const t = run({
      hosts: [hostA([{ rid: 'nic', kind: 'pf', pasidBits: 1 }, DSA])],
      vms: [vm1],
      events: [
        { op: 'guest.alloc', vm: 'vm1', process: 'a' },
        { op: 'guest.alloc', vm: 'vm1', process: 'a' },
        { op: 'guest.alloc', vm: 'vm1', process: 'b', pasid: 1 },
        { op: 'guest.alloc', vm: 'vm1', process: 'b', pasid: 5000 },
        { op: 'assign', vm: 'vm1', function: 'nic' },
        { op: 'guest.alloc', vm: 'vm1', process: 'c', pasid: 3 },
        { op: 'guest.bind', vm: 'vm1', process: 'c', device: 'nic' },
        { op: 'host.bind', host: 'A', process: 'h', function: 'dsa' },
        { op: 'host.bind', host: 'A', process: 'h', function: 'nic' },
        { op: 'host.unbind', host: 'A', process: 'h', function: 'nic' },
        { op: 'enqcmd', host: 'A', process: 'h', function: 'dsa' },
        { op: 'guest.bind', vm: 'vm1', process: 'nobody', device: 'nic' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'EEXIST', 'EBUSY', 'ERANGE', 'ok', 'ok', 'EOVERFLOW', 'ok', 'EBUSY', 'EINVAL', 'ok', 'ENOENT']);
    const nums = t.outcomes.map((o) => [o.pasid, o.hpasid]);
    expect(nums[1]).toEqual([1, undefined]); // EEXIST: the one it has
    expect(nums[2]).toEqual([1, undefined]); // the requested number that is taken
    expect(nums[3]).toEqual([undefined, undefined]); // out of range: no cell of the guest's row to point at
    expect(nums[6]).toEqual([3, 3]); // the gPASID it would program, too wide for the 1-bit NIC
    expect(nums[8]).toEqual([0x1000, 0x1000]); // host actors: hpasid == pasid (the NIC is passed through)
    expect(nums[9]).toEqual([0x1000, 0x1000]);
    expect(nums[10]).toEqual([0x1000, 0x1000]); // a host ENQCMD carries its hpasid too
    expect(nums[11]).toEqual([undefined, undefined]); // no PASID, nothing to carry
  });
});
