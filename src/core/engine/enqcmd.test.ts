/**
 * ENQCMD (DOMAIN.md §5 enqcmd): the wire PASID, and the three kinds of EFAULT — a VM exit
 * for a gPASID without a translation entry, an unmapped PASID, and a breach into another
 * process's address space (I10).
 */
import { describe, expect, it } from 'vitest';
import { DSA, NIC, SWQVF, codes, hostA, run, vm1 } from './engine.testkit.ts';

const DSA2 = { ...DSA, rid: 'dsa2' };
const group = { pasidGroups: [{ id: 'accel', functions: ['dsa', 'dsa2'] }] };

describe('enqcmd', () => {
  it('with translation on, a gPASID without an entry exits to the hypervisor (vmexit, no wire)', () => {
    const t = run({
      hosts: [hostA([DSA])],
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
        { op: 'guest.alloc', vm: 'vm1', process: 'p' },
        { op: 'enqcmd', vm: 'vm1', process: 'p', device: 'd' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'EFAULT vmexit']);
    expect(t.outcomes[2].wire).toBeUndefined();
    expect(t.outcomes[2].pasid).toBe(1);
  });
  it('a number with no entry on the target is unmapped, with the wire it carried', () => {
    const t = run(
      {
        hosts: [hostA([DSA, DSA2])],
        events: [
          { op: 'host.bind', host: 'A', process: 'a', function: 'dsa' },
          { op: 'enqcmd', host: 'A', process: 'a', function: 'dsa2' },
          { op: 'enqcmd', host: 'A', process: 'a', function: 'dsa' },
        ],
      },
      'global',
    );
    expect(codes(t)).toEqual(['ok', 'EFAULT unmapped', 'ok']);
    expect(t.outcomes[1].wire).toBe(1);
    expect(t.warnings).toEqual([]);
  });
  it('local without a group: a host process submitting where it never bound can reach another’s entry (breach, I10)', () => {
    const ev = [
      { op: 'host.bind', host: 'A', process: 'a', function: 'dsa' },
      { op: 'host.bind', host: 'A', process: 'b', function: 'dsa2' },
      { op: 'enqcmd', host: 'A', process: 'a', function: 'dsa2' },
    ];
    const plain = run({ hosts: [hostA([DSA, DSA2])], events: ev }, 'local');
    expect(codes(plain)).toEqual(['ok', 'ok', 'EFAULT breach']);
    expect(plain.warnings.map((w) => [w.invariant, w.index])).toEqual([['I10', 2]]);
    // Jason's allocation group: a's number is reserved on the whole group, so b gets another.
    const grouped = run({ hosts: [hostA([DSA, DSA2], group)], events: ev }, 'local');
    expect(codes(grouped)).toEqual(['ok', 'ok', 'EFAULT unmapped']);
    expect(grouped.outcomes.map((o) => o.pasid)).toEqual([1, 2, 1]);
    expect(grouped.warnings).toEqual([]);
    // One global space cannot give the same number twice.
    expect(codes(run({ hosts: [hostA([DSA, DSA2])], events: ev }, 'global'))).toEqual(['ok', 'ok', 'EFAULT unmapped']);
  });
  it('local without a group: a guest’s translated PASID can land in a host process on the VM’s other accelerator (breach)', () => {
    const ev = [
      { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd1' },
      { op: 'assign', vm: 'vm1', adiOf: 'dsa2', as: 'd2' },
      { op: 'host.bind', host: 'A', process: 'h', function: 'dsa2' },
      { op: 'guest.alloc', vm: 'vm1', process: 's' },
      { op: 'guest.bind', vm: 'vm1', process: 's', device: 'd1' },
      { op: 'enqcmd', vm: 'vm1', process: 's', device: 'd2' },
    ];
    const plain = run({ hosts: [hostA([DSA, DSA2])], vms: [vm1], events: ev }, 'local');
    expect(codes(plain).at(-1)).toBe('EFAULT breach');
    expect(plain.outcomes[5]).toMatchObject({ pasid: 1, wire: 1 });
    expect(plain.warnings.map((w) => w.invariant)).toEqual(['I10']);
    const grouped = run({ hosts: [hostA([DSA, DSA2], group)], vms: [vm1], events: ev }, 'local');
    expect(codes(grouped).at(-1)).toBe('EFAULT unmapped');
    expect(grouped.outcomes[4].hpasid).toBe(2);
  });
  it('split’s range split keeps the mix from breaching: translated numbers sit above every guest number', () => {
    const t = run({
      hosts: [hostA([DSA, NIC, SWQVF])],
      vms: [vm1],
      events: [
        { op: 'assign', vm: 'vm1', function: 'swqvf', as: 'pt' },
        { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'adi' },
        { op: 'guest.alloc', vm: 'vm1', process: 'x' },
        { op: 'guest.bind', vm: 'vm1', process: 'x', device: 'pt' },
        { op: 'guest.alloc', vm: 'vm1', process: 's', kind: 'shared' },
        { op: 'guest.bind', vm: 'vm1', process: 's', device: 'pt' },
        { op: 'enqcmd', vm: 'vm1', process: 's', device: 'pt' },
        { op: 'enqcmd', vm: 'vm1', process: 'x', device: 'pt' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'EFAULT unmapped', 'EFAULT vmexit']);
    expect(t.outcomes[6]).toMatchObject({ pasid: 2, wire: 0x1000 });
    expect(t.warnings.map((w) => w.invariant)).toEqual(['I8']);
  });
  it('a host ENQCMD to a passed-through function is EBUSY: the portal is the guest’s', () => {
    const t = run({
      hosts: [hostA([NIC, SWQVF])],
      vms: [vm1],
      events: [
        { op: 'host.bind', host: 'A', process: 'h', function: 'nic' },
        { op: 'assign', vm: 'vm1', function: 'swqvf' },
        { op: 'enqcmd', host: 'A', process: 'h', function: 'swqvf' },
        { op: 'enqcmd', host: 'A', process: 'h', function: 'nic' },
      ],
    });
    expect(codes(t)).toEqual(['ok', 'ok', 'EBUSY', 'EINVAL']);
  });
  it('linux: KVM exposes no ENQCMD to guests', () => {
    const t = run(
      {
        hosts: [hostA([NIC, SWQVF])],
        vms: [vm1],
        events: [
          { op: 'assign', vm: 'vm1', function: 'swqvf', as: 'pt' },
          { op: 'guest.alloc', vm: 'vm1', process: 'a' },
          { op: 'guest.bind', vm: 'vm1', process: 'a', device: 'pt' },
          { op: 'enqcmd', vm: 'vm1', process: 'a', device: 'pt' },
        ],
      },
      'linux',
    );
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'EOPNOTSUPP']);
  });
});
