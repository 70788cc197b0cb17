/**
 * A transaction of effects: each is applied at once, so later decisions of the same op
 * see it, and a failed op rolls all of them back (DOMAIN.md §6: a failed event changes
 * nothing).
 */
import type { Effect } from '../model/effect.ts';
import type { ErrorCode } from '../model/error-code.ts';
import type { OpResult } from '../model/outcome.ts';
import { applyEffect, revertEffects } from './effects.ts';
import type { EngineState } from './state.ts';

export class Tx {
  readonly effects: Effect[] = [];
  /**
   * The index of the event being applied (translation records when it turned on; devices
   * and processes record their assign and alloc order).
   */
  constructor(
    readonly st: EngineState,
    readonly index: number,
    /** record mode: build no messages (a timeline rebuilds them when an outcome is asked for) */
    readonly quiet = false,
  ) {}
  do(e: Effect): void {
    applyEffect(this.st, e);
    this.effects.push(e);
  }
  rollback(): void {
    revertEffects(this.st, this.effects);
    this.effects.length = 0;
  }
}

export const fail = (code: ErrorCode, message: string, extra: Partial<OpResult> = {}): OpResult => ({
  ok: false,
  code,
  message,
  ...extra,
});
