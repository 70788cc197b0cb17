/**
 * Shared helpers of the engine's targeted tests: run a small scenario written inline, with
 * the invariants checked over the whole state after every event.
 */
import { expect } from 'vitest';
import { parseScenario } from '../scenario/index.ts';
import { buildTimeline, type Timeline } from '../timeline/timeline.ts';
import type { Outcome, PolicyKind } from '../model/types.ts';

export const DSA = { rid: 'dsa', kind: 'pf', swq: true, siov: true, model: 'dsa', label: 'DSA' };
export const IAX = { rid: 'iax', kind: 'pf', swq: true, siov: true, model: 'iax', label: 'IAX' };
export const NIC = { rid: 'nic', kind: 'pf' };
export const VF = { rid: 'vf', kind: 'vf', pf: 'nic' };
export const SWQVF = { rid: 'swqvf', kind: 'vf', pf: 'nic', swq: true };
export const vm1 = { id: 'vm1', host: 'A', viommu: { pasidAlloc: true } };

export const hostA = (functions: object[], extra: object = {}) => ({ id: 'A', policy: { kind: 'split' }, functions, ...extra });
export const hostB = (functions: object[], extra: object = {}) => ({ id: 'B', policy: { kind: 'split' }, functions, ...extra });

export interface Run extends Timeline {
  outcomes: Outcome[];
}

/** Parse and run; every invariant must hold over the whole state after every event. */
export function run(raw: { hosts: object[]; vms?: object[]; events: object[] }, policy?: PolicyKind): Run {
  const r = parseScenario({ format: 'pasidscope/1', vms: [], ...raw });
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const t = buildTimeline(r.scenario, policy, { invariants: 'full' });
  expect(t.violations).toEqual([]);
  const outcomes = Array.from({ length: t.length }, (_, i) => t.outcome(i));
  return Object.assign(t, { outcomes });
}

/** `ok` or the code of each outcome (`EFAULT breach` with its fault). */
export const codes = (t: Run) => t.outcomes.map((o) => (o.ok ? 'ok' : o.fault ? `${o.code} ${o.fault}` : o.code));
