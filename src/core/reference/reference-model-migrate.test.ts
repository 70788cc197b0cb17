// Targeted cases for live migration (DOMAIN.md §5 migrate) through the reference model:
// the checks that stop it alone, the three passes and their order, each clash once.
import { describe, expect, it } from 'vitest';
import type { RefOutcome } from './reference-model.testkit.ts';
import {
  pf,
  vf,
  host,
  vm,
  run,
  brief,
  hb,
  adi,
  pass,
  alloc,
  gb,
  gu,
  gq,
  type Json,
} from './reference-test-builders.testkit.ts';

describe('migration (§5 migrate)', () => {
  const dsa = pf('dsa', { swq: true, siov: true, model: 'dsa' });
  const nic = pf('nic');
  const fns = [dsa, nic, vf('nicvf', 'nic'), vf('nicvf2', 'nic')];
  const mig = (to = 'B', map?: Json): Json => ({ op: 'migrate', vm: 'vm1', to, ...(map ? { map } : {}) });
  const lastOf = (out: RefOutcome[]) => out[out.length - 1];

  it('the checks that come first stop it alone with one conflict, in order', () => {
    const hosts = [host('A', 'split', fns), host('B', 'global', fns)];
    expect(
      lastOf(run(hosts, [vm('vm1', 'A')], [pass('vm1', 'nicvf', 'v'), mig('A', { ghost: 'nic' })])),
    ).toMatchObject({ code: 'ENODEV', conflicts: 1 });
    expect(lastOf(run(hosts, [vm('vm1', 'A')], [mig('A')]))).toMatchObject({ code: 'EINVAL', conflicts: 1 });
    expect(lastOf(run(hosts, [vm('vm1', 'A')], [mig('B')]))).toMatchObject({
      code: 'EOPNOTSUPP',
      conflicts: 1,
    });
    expect(lastOf(run(hosts, [vm('vm1', 'A')], [mig('B')], 'split'))).toMatchObject({
      ok: true,
      conflicts: 0,
    });
  });

  it('pass 1 lists every guest-ABI difference, the first code by the order given', () => {
    const b = host('B', 'split', fns, {
      policy: { kind: 'split', localEnd: 8 },
      iommu: { pasidBits: 12, cpuPasidTranslation: false },
    });
    const out = run([host('A', 'split', fns), b], [vm('vm1', 'A')], [adi('vm1', 'dsa', 'd'), mig()]);
    expect(lastOf(out)).toMatchObject({ ok: false, code: 'EOPNOTSUPP', conflicts: 3 });
    // Without translation and shared processes, only the split and the width remain.
    expect(
      lastOf(run([host('A', 'split', fns), b], [vm('vm1', 'A')], [pass('vm1', 'nicvf', 'v'), mig()])),
    ).toMatchObject({ code: 'ERANGE', conflicts: 2 });
  });

  it('pass 2 places ADIs before passthrough devices, so a PF planned for an ADI is not passed through', () => {
    // On B the SIOV PF comes first: placed in assign order, the passthrough PF would take it and leave the ADI nowhere.
    const a = host('A', 'global', [pf('sio', { siov: true }), pf('plain')]);
    const b = host('B', 'global', [pf('sio2', { siov: true }), pf('plain2')]);
    const out = run(
      [a, b],
      [vm('vm1', 'A')],
      [
        pass('vm1', 'plain', 'p'),
        adi('vm1', 'sio', 'd'),
        mig(),
        hb('h', 'plain2', 'B'),
        hb('h', 'sio2', 'B'),
      ],
    );
    expect(out.map(brief)).toEqual(['ok', 'ok', 'ok', 'EBUSY', 'ok 1']);
  });

  it('pass 2: a map target that does not fit is ENODEV, one that fits but is taken EBUSY; a narrower one EOVERFLOW', () => {
    const b = host('B', 'global', [dsa, nic, vf('nicvf', 'nic'), vf('nicvf2', 'nic')]);
    const vms = [vm('vm1', 'A'), vm('vm2', 'B')];
    const base = [pass('vm1', 'nicvf', 'v'), adi('vm1', 'dsa', 'd'), pass('vm2', 'dsa', 'x')];
    const hosts = [host('A', 'global', fns), b];
    expect(lastOf(run(hosts, vms, [...base, mig('B', { d: 'nic' })]))).toMatchObject({
      code: 'ENODEV',
      conflicts: 1,
    });
    expect(lastOf(run(hosts, vms, [...base, mig('B', { d: 'dsa' })]))).toMatchObject({
      code: 'EBUSY',
      conflicts: 1,
    });
    expect(lastOf(run(hosts, vms, [...base, mig('B', { v: 'nicvf2' })]))).toMatchObject({
      code: 'ENODEV',
      conflicts: 1,
    });
    const narrow = host('B', 'global', [pf('nic', { pasidBits: 8 }), vf('nicvf', 'nic')]);
    expect(
      lastOf(run([host('A', 'global', fns), narrow], [vm('vm1', 'A')], [pass('vm1', 'nicvf', 'v'), mig()])),
    ).toMatchObject({ code: 'EOVERFLOW', conflicts: 1 });
  });

  it('every pass runs whatever the others found, and each clash is listed once', () => {
    // B: one VF fewer (ENODEV), a narrower IOMMU (EOVERFLOW), and G holds the gPASID (EBUSY, not again for the PF table).
    const b = host('B', 'global', [dsa, nic, vf('nicvf', 'nic')], { iommu: { pasidBits: 16 } });
    const out = run(
      [host('A', 'global', fns), b],
      [vm('vm1', 'A')],
      [
        pass('vm1', 'nicvf', 'v'),
        pass('vm1', 'nicvf2', 'w'),
        adi('vm1', 'dsa', 'd'),
        alloc('vm1', 'p'),
        gb('vm1', 'p', 'd'),
        hb('h', 'dsa', 'B'),
        mig(),
      ],
    );
    expect(lastOf(out)).toMatchObject({ ok: false, code: 'ENODEV', conflicts: 3 });
  });

  it('pass 3 under split: ADI-bound processes first, each a new hPASID below its PFs; the gPASID is kept', () => {
    const hosts = [host('A', 'split', fns), host('B', 'split', fns)];
    const out = run(
      hosts,
      [vm('vm1', 'A')],
      [
        adi('vm1', 'dsa', 'd'),
        alloc('vm1', 'unbound', { kind: 'shared' }),
        alloc('vm1', 'bound', { kind: 'shared' }),
        gb('vm1', 'bound', 'd'),
        gb('vm1', 'unbound', 'd'),
        gu('vm1', 'unbound', 'd'),
        mig(),
        gq('vm1', 'bound', 'd'),
        gb('vm1', 'unbound', 'd'),
      ],
    );
    expect(out.map(brief)).toEqual([
      'ok',
      'ok 4096',
      'ok 4097',
      'ok 4097',
      'ok 4096',
      'ok 4096',
      'ok',
      'ok 4096',
      'ok 4097',
    ]);
    expect(out[7].pasid).toBe(2);
  });

  it('pass 3 runs out: split G on the destination, a narrow PF under local', () => {
    const tight = host('B', 'split', fns, { policy: { kind: 'split', localEnd: 4096, sharedEnd: 4097 } });
    const events = [
      adi('vm1', 'dsa', 'd'),
      alloc('vm1', 'p', { kind: 'shared' }),
      gb('vm1', 'p', 'd'),
      hb('h', 'nic', 'B'),
      mig(),
    ];
    expect(lastOf(run([host('A', 'split', fns), tight], [vm('vm1', 'A')], events))).toMatchObject({
      code: 'ENOSPC',
      conflicts: 1,
    });
    const narrow = host('B', 'local', [pf('dsa', { swq: true, siov: true, pasidBits: 1 })]);
    const local = [
      adi('vm1', 'dsa', 'd'),
      alloc('vm1', 'p'),
      gb('vm1', 'p', 'd'),
      hb('h', 'dsa', 'B'),
      mig(),
    ];
    expect(lastOf(run([host('A', 'local', fns), narrow], [vm('vm1', 'A')], local))).toMatchObject({
      code: 'ENOSPC',
      conflicts: 1,
    });
  });

  it('pass 3 under local: new hPASIDs distinct within the VM and free on the destination groups', () => {
    const b = host('B', 'local', [dsa, pf('iax', { swq: true })], {
      pasidGroups: [{ id: 'g', functions: ['dsa', 'iax'] }],
    });
    const out = run(
      [host('A', 'local', fns), b],
      [vm('vm1', 'A')],
      [
        hb('h', 'iax', 'B'),
        adi('vm1', 'dsa', 'd'),
        alloc('vm1', 'p'),
        alloc('vm1', 'q'),
        gb('vm1', 'p', 'd'),
        gb('vm1', 'q', 'd'),
        mig(),
        gq('vm1', 'p', 'd'),
        gq('vm1', 'q', 'd'),
      ],
    );
    expect(out.map(brief)).toEqual(['ok 1', 'ok', 'ok 1', 'ok 2', 'ok 1', 'ok 2', 'ok', 'ok 2', 'ok 3']);
  });

  it('a success releases everything on the source; a failure leaves the VM where it was', () => {
    const hosts = [host('A', 'global', fns), host('B', 'global', fns)];
    const out = run(
      hosts,
      [vm('vm1', 'A')],
      [
        pass('vm1', 'nicvf', 'v'),
        alloc('vm1', 'p'),
        gb('vm1', 'p', 'v'),
        mig(),
        hb('h', 'nicvf', 'A'),
        hb('k', 'nicvf', 'B'),
        mig('A'),
        gq('vm1', 'p', 'v'),
        { op: 'host.exit', host: 'A', process: 'h' },
        mig('A'),
      ],
    );
    // A's G, VF and VF table are free again (h takes 1 on the VF); B's VF is the guest's (EBUSY).
    // Back to A: the other VF is free, but gPASID 1 is h's in A's G; once h exits, the VM goes home.
    expect(out.map(brief)).toEqual([
      'ok',
      'ok 1',
      'ok 1',
      'ok',
      'ok 1',
      'EBUSY',
      'EBUSY',
      'EINVAL',
      'ok 1',
      'ok',
    ]);
    expect(out[6].conflicts).toBe(1);
  });
});
