/**
 * The reference model's outcome type and the two ways of making one. Test code.
 */

/** Every field the engine's outcome is compared on (DOMAIN.md §6), plus a short message. */
export interface RefOutcome {
  ok: boolean;
  /** the §6 code of a failure */
  code?: string;
  pasid?: number;
  hpasid?: number;
  wire?: number;
  fault?: 'vmexit' | 'unmapped' | 'breach';
  /** a migrate outcome's conflict count (0 otherwise) */
  conflicts: number;
  /** short, for diagnosing disagreements */
  message: string;
}

type Numbers = Pick<RefOutcome, 'pasid' | 'hpasid' | 'wire' | 'fault'>;

export function success(message: string, numbers: Numbers = {}): RefOutcome {
  return { ok: true, ...numbers, conflicts: 0, message };
}

export function failure(code: string, message: string, numbers: Numbers = {}, conflicts = 0): RefOutcome {
  return { ok: false, code, ...numbers, conflicts, message };
}
