// Targeted cases for the rules of DOMAIN.md that are most easily got wrong, run through
// the reference model: allocation groups and reservations, the type-7/8 mix and
// translation, shared bonds, ENQCMD, atomic failure, --policy. Migration has its own file.
import { describe, expect, it } from 'vitest';
import type { RefPolicy } from './reference-model.testkit.ts';
import {
  pf,
  vf,
  host,
  vm,
  run,
  brief,
  hb,
  hu,
  hq,
  adi,
  pass,
  alloc,
  gb,
  gu,
  gq,
  type Json,
} from './reference-test-builders.testkit.ts';

describe('allocation groups and reservations under local (§3)', () => {
  const dsa = pf('dsa', { swq: true, siov: true });
  const iax = pf('iax', { swq: true });
  const grouped = [
    host('A', 'local', [dsa, iax], { pasidGroups: [{ id: 'accel', functions: ['dsa', 'iax'] }] }),
  ];

  it('a group gives one number free on all its RIDs, and ENQCMD across the group misses instead of breaching', () => {
    const events = [hb('other', 'iax'), hb('app', 'dsa'), hb('app', 'iax'), hq('app', 'iax')];
    expect(run(grouped, [], events).map(brief)).toEqual(['ok 1', 'ok 2', 'ok 2', 'ok 2']);
    // Without the group, per-RID allocation hands out 1 twice: the second bind is refused, the submission breaches.
    expect(run([host('A', 'local', [dsa, iax])], [], events).map(brief)).toEqual([
      'ok 1',
      'ok 1',
      'EBUSY',
      'EFAULT breach',
    ]);
  });

  it("a group member's PASID is reserved on the whole group while the process holds it", () => {
    const out = run(
      grouped,
      [],
      [
        hb('a', 'dsa'),
        hq('a', 'iax'),
        hb('b', 'iax'),
        { op: 'host.exit', host: 'A', process: 'a' },
        hb('c', 'iax'),
      ],
    );
    expect(out.map(brief)).toEqual(['ok 1', 'EFAULT unmapped', 'ok 2', 'ok 1', 'ok 1']);
  });

  it('a host PASID stays reserved after unbind, until exit', () => {
    const out = run(
      [host('A', 'local', [dsa])],
      [],
      [
        hb('a', 'dsa'),
        hu('a', 'dsa'),
        hb('b', 'dsa'),
        { op: 'host.exit', host: 'A', process: 'a' },
        hb('c', 'dsa'),
      ],
    );
    expect(out.map(brief)).toEqual(['ok 1', 'ok 1', 'ok 2', 'ok 1', 'ok 1']);
  });

  it("a guest process's group reservations go with its last ADI attachment", () => {
    const out = run(
      grouped,
      [vm('vm1', 'A')],
      [
        adi('vm1', 'dsa', 'd'),
        alloc('vm1', 'p'),
        gb('vm1', 'p', 'd'),
        hb('h', 'iax'),
        gu('vm1', 'p', 'd'),
        hb('k', 'iax'),
      ],
    );
    expect(out.map(brief)).toEqual(['ok', 'ok 1', 'ok 1', 'ok 2', 'ok 1', 'ok 1']);
  });

  it('a passed-through member counts with its entries and takes the reservation, which never blocks a guest bind on it', () => {
    const fns = [pf('nic'), vf('nicvf', 'nic'), dsa];
    const groups = { pasidGroups: [{ id: 'g', functions: ['nicvf', 'dsa'] }] };
    const out = run(
      [host('A', 'local', fns, groups)],
      [vm('vm1', 'A')],
      [
        pass('vm1', 'nicvf', 'v'),
        alloc('vm1', 'p'),
        gb('vm1', 'p', 'v'),
        hb('h', 'dsa'),
        alloc('vm1', 'q'),
        hb('k', 'dsa'),
        gb('vm1', 'q', 'v'),
      ],
    );
    // h avoids the guest's 1 on the VF; k takes 3; the guest's q (gPASID 2) binds on the VF despite h's reservation of 2 there.
    expect(out.map(brief)).toEqual(['ok', 'ok 1', 'ok 1', 'ok 2', 'ok 2', 'ok 3', 'ok 2']);
  });

  it('an ADI hPASID skips the numbers the VM table already targets and must be free on the group later', () => {
    const fns = [dsa, pf('dsa2', { swq: true, siov: true }), iax];
    const groups = { pasidGroups: [{ id: 'g', functions: ['dsa2', 'iax'] }] };
    const out = run(
      [host('A', 'local', fns, groups)],
      [vm('vm1', 'A')],
      [
        hb('h', 'iax'),
        adi('vm1', 'dsa', 'a'),
        adi('vm1', 'dsa2', 'b'),
        alloc('vm1', 'p'),
        gb('vm1', 'p', 'a'),
        gb('vm1', 'p', 'b'),
        alloc('vm1', 'q'),
        gb('vm1', 'q', 'b'),
      ],
    );
    // p gets 1 on dsa, which h holds on dsa2's group: EBUSY; q's first bind on dsa2 skips 1 (h's) and takes 2.
    expect(out.map(brief)).toEqual(['ok 1', 'ok', 'ok', 'ok 1', 'ok 1', 'EBUSY', 'ok 2', 'ok 2']);
  });

  it('other policies ignore groups', () => {
    const events = [hb('other', 'iax'), hb('app', 'dsa')];
    const groups = { pasidGroups: [{ id: 'accel', functions: ['dsa', 'iax'] }] };
    expect(run([host('A', 'split', [dsa, iax], groups)], [], events).map(brief)).toEqual([
      'ok 4096',
      'ok 4097',
    ]);
    expect(run([host('A', 'global', [dsa, iax], groups)], [], events).map(brief)).toEqual(['ok 1', 'ok 2']);
  });
});

describe('the type-7/8 mix and translation as VM state (§3, §5 assign)', () => {
  const fns = [
    pf('dsa', { swq: true, siov: true }),
    pf('swqpf', { swq: true }),
    vf('swqvf', 'swqpf', { swq: true }),
    pf('nic', { siov: true }),
  ];
  const hosts = (kind: RefPolicy, extra: Json = {}) => [host('A', kind, fns, extra)];

  it('local and linux refuse a passthrough SWQ once translation is on, in either order; split and global accept', () => {
    const adiFirst = [adi('vm1', 'dsa', 'd'), pass('vm1', 'swqvf', 'v')];
    const ptFirst = [pass('vm1', 'swqvf', 'v'), adi('vm1', 'dsa', 'd')];
    expect(run(hosts('local'), [vm('vm1', 'A')], adiFirst).map(brief)).toEqual(['ok', 'EOPNOTSUPP']);
    expect(run(hosts('local'), [vm('vm1', 'A')], ptFirst).map(brief)).toEqual(['ok', 'EOPNOTSUPP']);
    expect(run(hosts('split'), [vm('vm1', 'A')], adiFirst).map(brief)).toEqual(['ok', 'ok']);
    expect(run(hosts('global'), [vm('vm1', 'A')], adiFirst).map(brief)).toEqual(['ok', 'ok']);
    expect(run(hosts('linux'), [vm('vm1', 'A')], adiFirst).map(brief)).toEqual(['EOPNOTSUPP', 'ok']);
  });

  it('translation stays on after the SWQ ADI is unplugged; a non-SWQ ADI never turns it on', () => {
    const unplugged = [
      adi('vm1', 'dsa', 'd'),
      { op: 'unassign', vm: 'vm1', device: 'd' },
      pass('vm1', 'swqvf', 'v'),
    ];
    expect(run(hosts('local'), [vm('vm1', 'A')], unplugged).map(brief)).toEqual(['ok', 'ok', 'EOPNOTSUPP']);
    expect(
      run(hosts('local'), [vm('vm1', 'A')], [adi('vm1', 'nic', 'n'), pass('vm1', 'swqvf', 'v')]).map(brief),
    ).toEqual(['ok', 'ok']);
  });

  it('an SWQ ADI needs CPU PASID translation under local and split, a non-SWQ one does not', () => {
    const noTranslation = { iommu: { cpuPasidTranslation: false } };
    for (const kind of ['local', 'split'] as const)
      expect(
        run(
          hosts(kind, noTranslation),
          [vm('vm1', 'A')],
          [adi('vm1', 'dsa', 'd'), adi('vm1', 'nic', 'n')],
        ).map(brief),
      ).toEqual(['EOPNOTSUPP', 'ok']);
    expect(
      run(hosts('global', noTranslation), [vm('vm1', 'A')], [adi('vm1', 'dsa', 'd')]).map(brief),
    ).toEqual(['ok']);
  });

  it('once on, every guest ENQCMD is translated: the passthrough VF misses, an unshared process exits, even after unplug', () => {
    const out = run(
      hosts('split'),
      [vm('vm1', 'A')],
      [
        pass('vm1', 'swqvf', 'v'),
        alloc('vm1', 'p', { kind: 'shared' }),
        alloc('vm1', 'q'),
        gb('vm1', 'p', 'v'),
        gq('vm1', 'p', 'v'),
        adi('vm1', 'dsa', 'd'),
        gq('vm1', 'p', 'v'),
        gq('vm1', 'q', 'v'),
        { op: 'unassign', vm: 'vm1', device: 'd' },
        gq('vm1', 'p', 'v'),
      ],
    );
    expect(out.map(brief)).toEqual([
      'ok',
      'ok 4096',
      'ok 2',
      'ok 1',
      'ok 1',
      'ok',
      'EFAULT unmapped',
      'EFAULT vmexit',
      'ok',
      'EFAULT unmapped',
    ]);
    expect(out[6].wire).toBe(4096);
    expect(out[7].wire).toBeUndefined();
  });
});

describe('shared SVA bonds (§2, §5)', () => {
  const fns = [pf('dsa', { swq: true, siov: true }), pf('nic'), vf('nicvf', 'nic', { swq: true })];

  it('a host rebind counts a reference; unbind drops one; the PASID outlives the last', () => {
    const out = run(
      [host('A', 'global', fns)],
      [],
      [
        hb('a', 'dsa'),
        hb('a', 'dsa'),
        hu('a', 'dsa'),
        hq('a', 'dsa'),
        hu('a', 'dsa'),
        hq('a', 'dsa'),
        hu('a', 'dsa'),
        hb('b', 'dsa'),
      ],
    );
    expect(out.map(brief)).toEqual([
      'ok 1',
      'ok 1',
      'ok 1',
      'ok 1',
      'ok 1',
      'EFAULT unmapped',
      'EINVAL',
      'ok 2',
    ]);
  });

  it('a guest rebind counts a reference, on a passthrough function and on an ADI', () => {
    for (const device of ['v', 'd']) {
      const out = run(
        [host('A', 'split', fns)],
        [vm('vm1', 'A')],
        [
          pass('vm1', 'nicvf', 'v'),
          adi('vm1', 'dsa', 'd'),
          alloc('vm1', 'p', { kind: 'shared' }),
          gb('vm1', 'p', device),
          gb('vm1', 'p', device),
          gu('vm1', 'p', device),
          gq('vm1', 'p', device),
          gu('vm1', 'p', device),
          gu('vm1', 'p', device),
        ],
      );
      const n = device === 'v' ? 1 : 4096;
      expect(out.slice(3).map(brief)).toEqual([
        `ok ${n}`,
        `ok ${n}`,
        `ok ${n}`,
        device === 'v' ? 'EFAULT unmapped' : 'ok 4096',
        `ok ${n}`,
        'EINVAL',
      ]);
    }
  });
});

describe('ENQCMD outcomes and fault kinds (§5 enqcmd)', () => {
  const fns = [
    pf('dsa', { swq: true, siov: true }),
    pf('dsa2', { swq: true, siov: true }),
    pf('nic', { siov: true }),
  ];

  it('checks the process before the policy, the queue before the portal', () => {
    const out = run(
      [host('A', 'linux', fns)],
      [vm('vm1', 'A')],
      [
        pass('vm1', 'dsa', 'd'),
        gq('vm1', 'p', 'd'),
        alloc('vm1', 'p'),
        gq('vm1', 'p', 'd'),
        hb('h', 'nic'),
        hq('h', 'nic'),
        hq('h', 'dsa'),
        hq('x', 'dsa'),
      ],
    );
    expect(out.map(brief)).toEqual([
      'ok',
      'ENOENT',
      'ok 1',
      'EOPNOTSUPP',
      'ok 1',
      'EINVAL',
      'EBUSY',
      'ENOENT',
    ]);
  });

  it('a guest breach under local: the translated hPASID names a host process on another PF', () => {
    const out = run(
      [host('A', 'local', fns)],
      [vm('vm1', 'A')],
      [
        adi('vm1', 'dsa', 'a'),
        adi('vm1', 'dsa2', 'b'),
        hb('h', 'dsa2'),
        alloc('vm1', 'p'),
        gb('vm1', 'p', 'a'),
        gq('vm1', 'p', 'b'),
        gq('vm1', 'p', 'a'),
      ],
    );
    expect(out.map(brief)).toEqual(['ok', 'ok', 'ok 1', 'ok 1', 'ok 1', 'EFAULT breach', 'ok 1']);
    expect(out[5]).toMatchObject({ pasid: 1, wire: 1, fault: 'breach' });
  });

  it('host ops carry hpasid == pasid', () => {
    const out = run(
      [host('A', 'split', fns)],
      [],
      [
        hb('h', 'dsa'),
        hq('h', 'dsa'),
        hu('h', 'dsa'),
        hq('h', 'dsa'),
        { op: 'host.exit', host: 'A', process: 'h' },
      ],
    );
    for (const o of out) expect(o).toMatchObject({ pasid: 4096, hpasid: 4096 });
    expect(out[3]).toMatchObject({ ok: false, code: 'EFAULT', fault: 'unmapped', wire: 4096 });
  });
});

describe('a failed event changes nothing (§6)', () => {
  it('a refused bind allocates no PASID', () => {
    const fns = [pf('nic'), vf('nicvf', 'nic'), pf('dsa', { swq: true })];
    const out = run(
      [host('A', 'global', fns)],
      [vm('vm1', 'A')],
      [pass('vm1', 'nicvf', 'v'), hb('a', 'nicvf'), hb('b', 'dsa'), hb('a', 'dsa')],
    );
    expect(out.map(brief)).toEqual(['ok', 'EBUSY', 'ok 1', 'ok 2']);
  });
});

describe('§8 --policy and §3 clamping', () => {
  it('a host declaring the kind keeps its bounds, the others get clamped defaults', () => {
    const hosts = [
      host('A', 'split', [pf('dsa', { swq: true })], {
        policy: { kind: 'split', localEnd: 4, sharedEnd: 6 },
      }),
      host('B', 'local', [pf('dsa', { swq: true })], { iommu: { pasidBits: 3 } }),
      host('C', 'local', [pf('dsa', { swq: true })], { iommu: { pasidBits: 13 } }),
    ];
    const events = [
      hb('a', 'dsa'),
      hb('b', 'dsa'),
      hb('c', 'dsa'),
      hb('a2', 'dsa', 'B'),
      hb('a3', 'dsa', 'C'),
    ];
    expect(run(hosts, [], events, 'split').map(brief)).toEqual([
      'ok 4',
      'ok 5',
      'ENOSPC',
      'EOVERFLOW',
      'ok 4096',
    ]);
    expect(run(hosts, [], events).map(brief)).toEqual(['ok 4', 'ok 5', 'ENOSPC', 'ok 1', 'ok 1']);
  });
  it('clamping bounds the shared range that guest hPASIDs come from, not only function widths', () => {
    const a = host('A', 'split', [pf('dsa', { swq: true, siov: true })], {
      policy: { kind: 'split', localEnd: 5, sharedEnd: 64 },
      iommu: { pasidBits: 3 },
    });
    // Four gPASIDs fit in [1, 5), but G is [5, 8) once sharedEnd is clamped to 2^3.
    const events = [1, 2, 3, 4].map((i) => alloc('vm1', `p${i}`, { kind: 'shared' }));
    expect(run([a], [vm('vm1', 'A')], events).map((o) => o.hpasid ?? o.code)).toEqual([5, 6, 7, 'ENOSPC']);
    // Under --policy split a local host gets the defaults, clamped to [8, 8): no shared range at all.
    const b = host('A', 'local', [pf('dsa', { swq: true, siov: true })], { iommu: { pasidBits: 3 } });
    expect(run([b], [vm('vm1', 'A')], events.slice(0, 1), 'split').map(brief)).toEqual(['ENOSPC']);
  });
});
