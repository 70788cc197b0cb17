import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateWorkload, scenarioFile, workloadParamsSchema, MAX_EVENTS } from './workload.ts';
import { parseScenario } from '../scenario/index.ts';
import { Rng } from './rng.ts';

const knobs = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  events: fc.integer({ min: 1, max: 400 }),
  hosts: fc.integer({ min: 1, max: 5 }),
  pfs: fc.integer({ min: 1, max: 5 }),
  siov: fc.double({ min: 0, max: 1, noNaN: true }),
  swq: fc.double({ min: 0, max: 1, noNaN: true }),
  vfsPerPf: fc.integer({ min: 0, max: 4 }),
  widths: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 3 }),
  vmsPerHost: fc.integer({ min: 0, max: 4 }),
  vfsPerVm: fc.integer({ min: 0, max: 2 }),
  adisPerVm: fc.integer({ min: 0, max: 2 }),
  migrate: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('Rng', () => {
  it('is mulberry32: the same sequence as the benchmarks\' generator for the same seed', () => {
    const r = new Rng(20210510);
    // The first outputs of mulberry32(20210510), as bench/prng.ts gives them.
    expect([r.u32(), r.u32(), r.u32()]).toEqual([3102154774, 1363066457, 2069328164]);
    for (let i = 0; i < 1000; i++) {
      const b = r.below(7);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(7);
    }
  });

  it('derives unrelated streams from one seed and different labels', () => {
    expect(Rng.derive(1, 'a').u32()).not.toBe(Rng.derive(1, 'b').u32());
    expect(Rng.derive(1, 'a').u32()).toBe(Rng.derive(1, 'a').u32());
  });
});

describe('generateWorkload', () => {
  it('is deterministic: same seed and knobs, same scenario; another seed, other events', () => {
    fc.assert(
      fc.property(knobs, (k) => {
        const a = generateWorkload(k);
        const b = generateWorkload(structuredClone(k));
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }),
      { numRuns: 60 },
    );
    const a = generateWorkload({ seed: 1, events: 2000 });
    const b = generateWorkload({ seed: 2, events: 2000 });
    expect(JSON.stringify(a.scenario.events)).not.toBe(JSON.stringify(b.scenario.events));
  });

  it('produces a valid pasidscope/1 scenario with exactly the events asked for (when the fleet allows events)', () => {
    fc.assert(
      fc.property(knobs, (k) => {
        const w = generateWorkload(k);
        // Round-trip through JSON and the parser: what is exported loads back.
        const parsed = parseScenario(JSON.parse(JSON.stringify(scenarioFile(w.scenario))));
        if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
        expect(parsed.scenario).toEqual(w.scenario);
        expect(w.scenario.hosts).toHaveLength(k.hosts);
        expect(w.scenario.vms).toHaveLength(k.hosts * k.vmsPerHost);
        // Host churn always has a PF to bind, so the budget is always spent.
        expect(w.scenario.events.length).toBe(k.events);
      }),
      { numRuns: 60 },
    );
  });

  it('mixes functions as asked: SIOV and SWQ shares, VFs on the other PFs, widths from the list', () => {
    const w = generateWorkload({ seed: 3, events: 10, hosts: 2, pfs: 4, siov: 0.25, swq: 0.5, vfsPerPf: 3, widths: [16] });
    const fns = w.scenario.hosts[0].functions;
    const pfs = fns.filter((f) => f.kind === 'pf');
    expect(pfs).toHaveLength(4);
    expect(pfs.filter((f) => f.siov)).toHaveLength(1);
    expect(pfs.filter((f) => f.swq)).toHaveLength(2);
    expect(fns.filter((f) => f.kind === 'vf')).toHaveLength(3 * 3);
    expect(new Set(fns.map((f) => f.pasidBits))).toEqual(new Set([16]));
    for (const vf of fns.filter((f) => f.kind === 'vf')) expect(vf.swq).toBe(pfs.find((p) => p.rid === vf.pf)!.swq);
  });

  it('assigns VFs and ADIs first, then churns host and guest processes and migrates at the asked rate', () => {
    const w = generateWorkload({ seed: 9, events: 20_000, hosts: 4, migrate: 0.1, hostChurn: 0.45, guestChurn: 0.45 });
    const ev = w.scenario.events;
    const vms = w.scenario.vms.length;
    expect(ev.slice(0, vms * 2).every((e) => e.op === 'assign')).toBe(true);
    const count = (op: string) => ev.filter((e) => e.op === op).length;
    // migrate steps are 10% of steps; a step is one to a few events.
    expect(count('migrate') / ev.length).toBeGreaterThan(0.03);
    expect(count('migrate') / ev.length).toBeLessThan(0.1);
    for (const op of ['host.bind', 'host.exit', 'guest.alloc', 'guest.bind', 'guest.free', 'enqcmd']) expect(count(op)).toBeGreaterThan(0);
    // Every migration goes to another host than the one the generator believes the VM is on.
    const where = new Map(w.scenario.vms.map((v) => [v.id, v.host]));
    for (const e of ev) if (e.op === 'migrate') {
      expect(e.to).not.toBe(where.get(e.vm));
      where.set(e.vm, e.to);
    }
  });

  it('a process that binds an ADI asks for a shared PASID; others stay local', () => {
    const w = generateWorkload({ seed: 4, events: 3000 });
    const adi = new Set<string>();
    for (const e of w.scenario.events) if (e.op === 'guest.bind' && e.device.startsWith('adi')) adi.add(`${e.vm}/${e.process}`);
    for (const e of w.scenario.events) if (e.op === 'guest.alloc') expect(e.kind === 'shared').toBe(adi.has(`${e.vm}/${e.process}`));
  });

  it('generates 1M events in one go', () => {
    const w = generateWorkload({ seed: 1, events: MAX_EVENTS, hosts: 64 });
    expect(w.scenario.events).toHaveLength(MAX_EVENTS);
  });

  it('plans the fill of the first fillHosts hosts', () => {
    const w = generateWorkload({ seed: 1, events: 10, hosts: 4, fill: 0.3, fillHosts: 2, fillPattern: 'fragmented' });
    expect(w.fills).toEqual([
      { host: 'h0', level: 0.3, pattern: 'fragmented', seed: 1 },
      { host: 'h1', level: 0.3, pattern: 'fragmented', seed: 2 },
    ]);
    expect(generateWorkload({ seed: 1, events: 10 }).fills).toEqual([]);
  });

  it('rejects bad knobs by name', () => {
    const r = workloadParamsSchema.safeParse({ seed: -1, events: MAX_EVENTS + 1, hosts: 2, fillHosts: 3, fill: 0.5, hostChurn: 0, guestChurn: 0, migrate: 0, extra: 1 });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.') || i.code);
    expect(paths).toEqual(expect.arrayContaining(['seed', 'events']));
    expect(r.error!.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
    const r2 = workloadParamsSchema.safeParse({ seed: 1, hosts: 2, fillHosts: 3, fill: 0.5, hostChurn: 0, guestChurn: 0, migrate: 0 });
    expect(r2.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['fillHosts', 'migrate']));
    const r3 = workloadParamsSchema.safeParse({ seed: 1, hosts: 64, fill: 1 });
    expect(r3.error!.issues[0].message).toMatch(/at most 4194304/);
  });
});
