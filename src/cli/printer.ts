/**
 * Where the command's output goes, one line or one piece at a time, so memory stays flat
 * however many events a run has. Every line is made terminal-safe here (escapeText);
 * JSON and XML pieces arrive already safe and are written as they are.
 */
import { escapeText } from './terminal-text.ts';

/** The command's two streams. `drain` (when given) resolves once the output has room again. */
export interface CliIo {
  /** write a piece of stdout (newlines included by the caller) */
  out: (chunk: string) => void;
  /** write a piece of stderr */
  err: (chunk: string) => void;
  /** wait until stdout can take more (a slow pipe); absent for in-memory output */
  drain?: () => Promise<void> | undefined;
}

/** Lines between two chances for the output to drain (and for a closed pipe to be noticed). */
const PACE_EVERY = 512;

export class Printer {
  private sincePace = 0;
  constructor(readonly io: CliIo) {}

  /** One line of stdout; control characters in it are escaped. */
  line(s = ''): void {
    this.io.out(escapeText(s) + '\n');
    this.sincePace++;
  }

  /** A piece of stdout that is already safe (JSON from escapeJson, XML from the JUnit writer). */
  raw(s: string): void {
    this.io.out(s);
    this.sincePace++;
  }

  /** One line of stderr; control characters in it are escaped. */
  err(s: string): void {
    this.io.err(escapeText(s) + '\n');
  }

  /**
   * Every few hundred lines, a promise to await before writing more (null otherwise):
   * lets a slow reader catch up and a closed pipe end the command.
   */
  pace(): Promise<void> | null {
    if (this.sincePace < PACE_EVERY) return null;
    this.sincePace = 0;
    return this.io.drain?.() ?? null;
  }
}
