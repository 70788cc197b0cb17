/**
 * Allocation groups under `local` (DOMAIN.md §3): Jason Gunthorpe's opt-in "global
 * allocation group". A host-allocated PASID attaching on a group member is free on, and
 * reserved on, every member; other policies ignore groups.
 */
import { describe, expect, it } from 'vitest';
import { DSA, IAX, NIC, codes, hostA, run, vm1 } from './engine.testkit.ts';

const grouped = (fns: object[], rids: string[]) => hostA(fns, { pasidGroups: [{ id: 'accel', functions: rids }] });
const host = (p: string) => ({ type: 'host', host: 'A', process: p });

describe('allocation groups', () => {
  it('a host process gets the lowest number free on every member, reserved on all of them', () => {
    const t = run(
      {
        hosts: [grouped([DSA, IAX], ['dsa', 'iax'])],
        events: [
          { op: 'host.bind', host: 'A', process: 'solo', function: 'iax' },
          { op: 'host.exit', host: 'A', process: 'solo' },
          { op: 'host.bind', host: 'A', process: 'a', function: 'dsa' },
          { op: 'host.bind', host: 'A', process: 'b', function: 'iax' },
          { op: 'host.bind', host: 'A', process: 'a', function: 'iax' },
          { op: 'enqcmd', host: 'A', process: 'a', function: 'iax' },
        ],
      },
      'local',
    );
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(t.outcomes.map((o) => o.pasid)).toEqual([1, 1, 1, 2, 1, 1]);
    const [dsa, iax] = t.snapshot(4).hosts[0].functions;
    expect(dsa.reservations).toEqual([
      { pasid: 1, holder: host('a') },
      { pasid: 2, holder: host('b') },
    ]);
    expect(iax.reservations).toEqual(dsa.reservations);
    expect(dsa.group).toBe('accel');
  });
  it('a reused number must be free on the whole group: EBUSY naming who holds it on the other member', () => {
    const t = run(
      {
        hosts: [grouped([DSA, IAX, NIC], ['dsa', 'iax'])],
        events: [
          { op: 'host.bind', host: 'A', process: 'a', function: 'nic' },
          { op: 'host.bind', host: 'A', process: 'b', function: 'iax' },
          { op: 'host.bind', host: 'A', process: 'a', function: 'dsa' },
        ],
      },
      'local',
    );
    expect(codes(t)).toEqual(['ok', 'ok', 'EBUSY']);
    expect(t.outcomes[2].message).toContain('reserved for host A process b');
  });
  it('a guest’s first ADI bind takes a number free on the group; its reservations go with its last ADI', () => {
    const t = run(
      {
        hosts: [grouped([DSA, IAX], ['dsa', 'iax'])],
        vms: [vm1],
        events: [
          { op: 'host.bind', host: 'A', process: 'h', function: 'iax' },
          { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
          { op: 'assign', vm: 'vm1', adiOf: 'iax', as: 'i' },
          { op: 'guest.alloc', vm: 'vm1', process: 'p' },
          { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd' },
          { op: 'enqcmd', vm: 'vm1', process: 'p', device: 'i' },
          { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'i' },
          { op: 'enqcmd', vm: 'vm1', process: 'p', device: 'i' },
          { op: 'guest.unbind', vm: 'vm1', process: 'p', device: 'd' },
          { op: 'guest.unbind', vm: 'vm1', process: 'p', device: 'i' },
        ],
      },
      'local',
    );
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'EFAULT unmapped', 'ok', 'ok', 'ok', 'ok']);
    expect(t.outcomes[4].hpasid).toBe(2);
    const guest = { type: 'guest', vm: 'vm1', process: 'p' };
    expect(t.snapshot(5).hosts[0].functions[1].reservations).toEqual([
      { pasid: 1, holder: host('h') },
      { pasid: 2, holder: guest },
    ]);
    expect(t.snapshot(10).hosts[0].functions[1].reservations).toEqual([{ pasid: 1, holder: host('h') }]);
  });
  it('a passed-through member counts with its entries and takes the reservation, which never blocks its guest', () => {
    const PT = { rid: 'pt', kind: 'pf', swq: true };
    const t = run(
      {
        hosts: [grouped([DSA, PT], ['dsa', 'pt'])],
        vms: [vm1],
        events: [
          { op: 'assign', vm: 'vm1', function: 'pt' },
          { op: 'guest.alloc', vm: 'vm1', process: 'g' },
          { op: 'guest.bind', vm: 'vm1', process: 'g', device: 'pt' },
          { op: 'host.bind', host: 'A', process: 'h', function: 'dsa' },
          { op: 'guest.alloc', vm: 'vm1', process: 'g2', pasid: 2 },
          { op: 'guest.bind', vm: 'vm1', process: 'g2', device: 'pt' },
        ],
      },
      'local',
    );
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(t.outcomes[3].pasid).toBe(2);
    expect(t.snapshot(4).hosts[0].functions[1].reservations).toEqual([{ pasid: 2, holder: host('h') }]);
  });
  it('other policies ignore groups', () => {
    const t = run(
      {
        hosts: [grouped([DSA, IAX], ['dsa', 'iax'])],
        events: [
          { op: 'host.bind', host: 'A', process: 'a', function: 'dsa' },
          { op: 'host.unbind', host: 'A', process: 'a', function: 'dsa' },
        ],
      },
      'global',
    );
    expect(codes(t)).toEqual(['ok', 'ok']);
    expect(t.snapshot(2).hosts[0].functions.every((f) => f.reservations.length === 0)).toBe(true);
  });
  it('migration under local: the destination number is free on the destination group and reserved there', () => {
    const B = { id: 'B', policy: { kind: 'split' }, functions: [DSA, IAX], pasidGroups: [{ id: 'g', functions: ['dsa', 'iax'] }] };
    const t = run(
      {
        hosts: [grouped([DSA, IAX], ['dsa', 'iax']), B],
        vms: [vm1],
        events: [
          { op: 'host.bind', host: 'B', process: 'h', function: 'iax' },
          { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
          { op: 'guest.alloc', vm: 'vm1', process: 'p' },
          { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd' },
          { op: 'migrate', vm: 'vm1', to: 'B' },
        ],
      },
      'local',
    );
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(t.outcomes[4].migration!.remapped).toEqual([{ process: 'p', gpasid: 1, from: 1, to: 2 }]);
    const [dsa, iax] = t.snapshot(5).hosts[1].functions;
    expect(dsa.entries.map((e) => e.pasid)).toEqual([2]);
    expect(iax.reservations.map((r) => r.pasid)).toEqual([1, 2]);
    expect(t.snapshot(5).hosts[0].functions.every((f) => f.reservations.length === 0 && f.entries.length === 0)).toBe(true);
  });
  it('regression: a first ADI bind skips a number the process holds itself (v==p) on a passed-through member', () => {
    const PT = { rid: 'pt', kind: 'pf' };
    const t = run(
      {
        hosts: [grouped([DSA, PT], ['dsa', 'pt'])],
        vms: [vm1],
        events: [
          { op: 'assign', vm: 'vm1', function: 'pt' },
          { op: 'assign', vm: 'vm1', adiOf: 'dsa', as: 'd' },
          { op: 'guest.alloc', vm: 'vm1', process: 'p' },
          { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'pt' },
          { op: 'guest.bind', vm: 'vm1', process: 'p', device: 'd' },
        ],
      },
      'local',
    );
    // §3: "free" is no entry at all (and no other's reservation): the member's entry 1 is p's own, but it is an entry.
    expect(codes(t)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(t.outcomes[4].hpasid).toBe(2);
  });
});

