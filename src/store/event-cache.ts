/**
 * The open scenario's events on the page side, fetched from the engine in chunks as the
 * page shows them: a small scenario arrives whole with its open, a 200k-event one never
 * crosses in one piece (its objects would block the page for a structured clone).
 */
import type { ScenarioEvent } from '../core/scenario/index.ts';

const CHUNK = 512;

export class EventCache {
  private readonly chunks = new Map<number, ScenarioEvent[]>();
  private readonly pending = new Set<number>();

  constructor(
    readonly count: number,
    private readonly fetch: (from: number, to: number) => Promise<ScenarioEvent[]>,
    private readonly arrived: () => void,
    all: readonly ScenarioEvent[] | null,
  ) {
    if (all) for (let c = 0; c * CHUNK < all.length; c++) this.chunks.set(c, all.slice(c * CHUNK, (c + 1) * CHUNK));
  }

  /** Event `i` if it has arrived. */
  get(i: number): ScenarioEvent | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.chunks.get(Math.floor(i / CHUNK))?.[i % CHUNK];
  }

  /** Ask for events `[from, to)` that have not arrived; `arrived` is called as they do. */
  ensure(from: number, to: number): void {
    const a = Math.max(0, Math.floor(from / CHUNK));
    const b = Math.min(Math.ceil(this.count / CHUNK), Math.ceil(to / CHUNK));
    for (let c = a; c < b; c++) {
      if (this.chunks.has(c) || this.pending.has(c)) continue;
      this.pending.add(c);
      this.fetch(c * CHUNK, Math.min(this.count, (c + 1) * CHUNK)).then(
        (evs) => {
          this.pending.delete(c);
          this.chunks.set(c, evs);
          this.arrived();
        },
        () => this.pending.delete(c),
      );
    }
  }
}

let current: EventCache | null = null;

/** The open scenario's events (null before one is open). */
export function currentEvents(): EventCache | null {
  return current;
}

export function setCurrentEvents(c: EventCache | null): void {
  current = c;
}
