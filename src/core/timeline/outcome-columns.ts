/**
 * Every event's outcome fields as typed columns: what the timeline strip, compare marks,
 * statistics and the CLI read without building an object per event, and what crosses
 * from the worker to the page as transferred buffers (DESIGN.md convention 8).
 */
import { ERROR_CODES, FAULT_KINDS, type ErrorCode, type FaultKind } from '../model/error-code.ts';
import { OPS, type Op } from '../scenario/index.ts';
import type { Outcome } from '../model/outcome.ts';

/** `code` column: 0 ok, 1 + index in ERROR_CODES, 255 an engine error. */
export const CODE_OK = 0;
export const CODE_ENGINE = 255;
/** Absent PASID fields are -1. */
export const NONE = -1;

export interface OutcomeColumns {
  /** index into OPS */
  op: Uint8Array;
  code: Uint8Array;
  pasid: Int32Array;
  hpasid: Int32Array;
  wire: Int32Array;
  /** 0 none, 1 + index in FAULT_KINDS */
  fault: Uint8Array;
  /** a migration's conflict count */
  conflicts: Uint16Array;
}

export function emptyColumns(n: number): OutcomeColumns {
  return {
    op: new Uint8Array(n),
    code: new Uint8Array(n),
    pasid: new Int32Array(n).fill(NONE),
    hpasid: new Int32Array(n).fill(NONE),
    wire: new Int32Array(n).fill(NONE),
    fault: new Uint8Array(n),
    conflicts: new Uint16Array(n),
  };
}

export const codeIndex = (o: Pick<Outcome, 'ok' | 'code'>): number => (o.ok ? CODE_OK : 1 + ERROR_CODES.indexOf(o.code!));
export const opIndex = (op: Op): number => OPS.indexOf(op);

/** Write event `i`'s outcome into the columns. */
export function record(c: OutcomeColumns, i: number, o: Outcome, engineError: boolean): void {
  c.op[i] = opIndex(o.op as Op);
  c.code[i] = engineError ? CODE_ENGINE : codeIndex(o);
  if (o.pasid !== undefined) c.pasid[i] = o.pasid;
  if (o.hpasid !== undefined) c.hpasid[i] = o.hpasid;
  if (o.wire !== undefined) c.wire[i] = o.wire;
  if (o.fault !== undefined) c.fault[i] = 1 + FAULT_KINDS.indexOf(o.fault);
  if (o.conflicts) c.conflicts[i] = Math.min(0xffff, o.conflicts.length);
}

/** The name of a `code` column value. */
export function codeName(c: number): ErrorCode | 'ok' | 'engine error' {
  return c === CODE_OK ? 'ok' : c === CODE_ENGINE ? 'engine error' : ERROR_CODES[c - 1];
}

/** The fault of a `fault` column value. */
export function faultName(c: number): FaultKind | undefined {
  return c === 0 ? undefined : FAULT_KINDS[c - 1];
}

/** The short outcome fields of event `i`, as an Outcome would carry them (no message, effects or conflicts). */
export function columnFields(c: OutcomeColumns, i: number): Pick<Outcome, 'op' | 'ok' | 'code' | 'pasid' | 'hpasid' | 'wire' | 'fault'> {
  const code = c.code[i];
  const out: Pick<Outcome, 'op' | 'ok' | 'code' | 'pasid' | 'hpasid' | 'wire' | 'fault'> = { op: OPS[c.op[i]], ok: code === CODE_OK };
  if (code !== CODE_OK && code !== CODE_ENGINE) out.code = ERROR_CODES[code - 1];
  if (code === CODE_ENGINE) out.code = 'EINVAL';
  if (c.pasid[i] !== NONE) out.pasid = c.pasid[i];
  if (c.hpasid[i] !== NONE) out.hpasid = c.hpasid[i];
  if (c.wire[i] !== NONE) out.wire = c.wire[i];
  const f = faultName(c.fault[i]);
  if (f) out.fault = f;
  return out;
}
