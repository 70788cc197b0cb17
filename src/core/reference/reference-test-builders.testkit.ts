/**
 * Small builders for the reference model's targeted tests: functions, hosts and VMs,
 * events, and a run that first checks the document is valid. Test code.
 */
import { expect } from 'vitest';
import { runReference, type RefOutcome, type RefPolicy } from './reference-model.testkit.ts';
import { scenarioProblems } from './scenario-validity.testkit.ts';

export type Json = Record<string, unknown>;

export const pf = (rid: string, extra: Json = {}): Json => ({ rid, kind: 'pf', ...extra });
export const vf = (rid: string, parent: string, extra: Json = {}): Json => ({
  rid,
  kind: 'vf',
  pf: parent,
  ...extra,
});
export const host = (id: string, kind: RefPolicy, functions: Json[], extra: Json = {}): Json => ({
  id,
  policy: { kind },
  functions,
  ...extra,
});
export const vm = (id: string, on: string, pasidAlloc = true): Json => ({
  id,
  host: on,
  viommu: { pasidAlloc },
});

/** Runs events on hosts and VMs after checking the document is valid; returns the outcomes. */
export function run(hosts: Json[], vms: Json[], events: Json[], policy?: RefPolicy): RefOutcome[] {
  const doc = { format: 'pasidscope/1', hosts, vms, events };
  expect(scenarioProblems(doc)).toEqual([]);
  return runReference(doc, policy);
}

/** `ok 4096`, `EBUSY`, `EFAULT breach`: the outcome's code and its main number. */
export const brief = (o: RefOutcome): string =>
  o.ok
    ? `ok${(o.wire ?? o.hpasid ?? o.pasid) ? ` ${o.wire ?? o.hpasid ?? o.pasid}` : ''}`
    : `${o.code}${o.fault ? ` ${o.fault}` : ''}`;

export const hb = (process: string, fn: string, on = 'A'): Json => ({
  op: 'host.bind',
  host: on,
  process,
  function: fn,
});
export const hu = (process: string, fn: string, on = 'A'): Json => ({
  op: 'host.unbind',
  host: on,
  process,
  function: fn,
});
export const hq = (process: string, fn: string, on = 'A'): Json => ({
  op: 'enqcmd',
  host: on,
  process,
  function: fn,
});
export const adi = (v: string, parent: string, as: string): Json => ({
  op: 'assign',
  vm: v,
  adiOf: parent,
  as,
});
export const pass = (v: string, fn: string, as: string): Json => ({ op: 'assign', vm: v, function: fn, as });
export const alloc = (v: string, process: string, extra: Json = {}): Json => ({
  op: 'guest.alloc',
  vm: v,
  process,
  ...extra,
});
export const gb = (v: string, process: string, device: string): Json => ({
  op: 'guest.bind',
  vm: v,
  process,
  device,
});
export const gu = (v: string, process: string, device: string): Json => ({
  op: 'guest.unbind',
  vm: v,
  process,
  device,
});
export const gq = (v: string, process: string, device: string): Json => ({
  op: 'enqcmd',
  vm: v,
  process,
  device,
});
