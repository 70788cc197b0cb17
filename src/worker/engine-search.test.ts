/**
 * The search query through both transports: the engine in a worker (a MessagePort pair
 * here, the same Comlink traffic) and the engine in the page answer alike, capped and
 * counted, and take any text as plain data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MATCHES_MAX } from '../core/view/search-query.ts';
import { createWorkerApi } from './worker-api.ts';
import { createPageEngine, createWorkerEngine, type Engine } from './worker-engine.ts';
import { churnScenario } from '../core/scenario/churn.testkit.ts';
import { portWorker } from './port-worker.testkit.ts';

const S1 = readFileSync(
  join(import.meta.dirname, '../../public/scenarios/s1-vf-migration-busy-destination.json'),
  'utf8',
);

const worker = () => portWorker(createWorkerApi({ sliceMs: 2, yieldNow: () => new Promise((r) => setTimeout(r, 0)) }));

const engines: Engine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});
const transports: [string, () => Engine][] = [
  ['worker', () => createWorkerEngine(worker)],
  ['page', () => createPageEngine()],
];

describe.each(transports)('search in the %s engine', (_, make) => {
  const open = async (text: string, keys: ('split' | 'global')[]) => {
    const e = make();
    engines.push(e);
    const r = await e.open(text, keys);
    expect(r.ok).toBe(true);
    return e;
  };

  it('finds a PASID, an owner and a code in S1 under the runs asked for', async () => {
    const e = await open(S1, ['split', 'global']);
    const pasid = await e.search(['split'], '0x1001');
    expect(Array.from(pasid.matches)).toEqual([2]);
    expect(pasid.matches).toBeInstanceOf(Int32Array);
    expect(pasid.query).toMatchObject({ kind: 'pasid', pasid: 0x1001 });
    expect(Array.from((await e.search(['split'], 'sva2')).matches)).toEqual([2]);
    expect((await e.search(['split'], 'EBUSY')).total).toBe(0);
    expect(Array.from((await e.search(['split', 'global'], 'EBUSY')).matches)).toEqual([9]);
  });

  it('takes hostile text as plain data and answers nothing for an empty box', async () => {
    const e = await open(S1, ['split']);
    for (const t of ['.*', '(a+)+$', 'vm1|sva1', '\u0000', 'x'.repeat(1_000_000)])
      expect((await e.search(['split'], t)).total).toBe(0);
    expect(await e.search(['split'], '   ')).toMatchObject({ total: 0, query: null });
  });

  it('caps the matches it sends and counts them all', async () => {
    const e = await open(churnScenario(2 * MATCHES_MAX + 10), ['split']);
    const r = await e.search(['split'], 'guest.alloc');
    expect(r.total).toBe(MATCHES_MAX + 5);
    expect(r.matches.length).toBe(MATCHES_MAX);
    expect(r.matches[1]).toBe(2);
    const few = await e.search(['split'], 'p', 7);
    expect(few.matches.length).toBe(7);
    expect(few.total).toBe(2 * MATCHES_MAX + 10);
  });

  it('refuses a run that is not open', async () => {
    const e = await open(S1, ['split']);
    await expect(e.search(['local'], 'vm1')).rejects.toThrow(/no local run/);
  });
});
