/**
 * The timeline's event strip: a chip per event with its outcome, rendered only where the
 * strip is scrolled to (@tanstack/react-virtual), so a scenario of any length costs the
 * chips in view, and a step re-renders those. The current event's chip is always in the
 * page (it is focusable and announced as the current step), and so is a focused chip
 * while the strip scrolls away from it; the list says how long it is (aria-setsize).
 */
import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { POLICY_KINDS } from '../core/model/types.ts';
import { useAppStore } from '../store/store.ts';
import type { RunSummary } from '../worker/engine.ts';
import { chipText, eventLabel } from './format.ts';
import { differingEvents } from './selectors.ts';
import { keepInRange } from './keep-in-range.ts';

const SHORT: Record<string, string> = { global: 'gl', local: 'lo', split: 'sp', linux: 'lx' };
/** chips are at least this wide (styles.css `.event button`), so this is the first guess */
const CHIP_W = 138;
const GAP = 6;

/** Per run, the events with a failed expectation and those with a warning: looked up per chip, built once. */
const marksCache = new WeakMap<RunSummary, { failed: Set<number>; warned: Set<number> }>();
function runMarks(run: RunSummary) {
  let m = marksCache.get(run);
  if (!m) {
    m = { failed: new Set(run.expectations.failed.map((f) => f.index)), warned: new Set(run.warnings.map((w) => w.index)) };
    marksCache.set(run, m);
  }
  return m;
}

export function EventStrip() {
  const scenario = useAppStore((s) => s.scenario);
  const runs = useAppStore((s) => s.runs);
  const compare = useAppStore((s) => s.compare);
  const policy = useAppStore((s) => s.policy);
  const cursor = useAppStore((s) => s.cursor);
  const seek = useAppStore((s) => s.seek);
  const listRef = useRef<HTMLOListElement>(null);
  const focusedRef = useRef(-1);
  const keepRef = useRef<number[]>([]);
  keepRef.current = [cursor - 1, focusedRef.current];
  const count = scenario?.events.length ?? 0;
  const virtual = useVirtualizer({
    count,
    horizontal: true,
    getScrollElement: () => listRef.current,
    estimateSize: () => CHIP_W,
    gap: GAP,
    overscan: 6,
    rangeExtractor: (r) => keepInRange(r, keepRef.current),
  });

  useEffect(() => {
    if (cursor > 0) virtual.scrollToIndex(cursor - 1, { align: 'auto' });
  }, [cursor, virtual]);

  if (!scenario) return null;
  const differ = compare ? differingEvents(runs) : null;
  const run = runs[policy];
  const marks = run && !compare ? runMarks(run) : null;
  const items = virtual.getVirtualItems();
  const first = items[0]?.start ?? 0;
  const end = items.length ? items[items.length - 1].end : 0;
  return (
    <ol
      className="event-strip"
      ref={listRef}
      aria-label="Events"
      style={{ paddingInlineStart: first, paddingInlineEnd: Math.max(0, virtual.getTotalSize() - end) }}
    >
      {items.map((item, k) => {
        const i = item.index;
        const e = scenario.events[i];
        const o = run?.outcomes[i];
        const current = cursor === i + 1;
        const done = cursor > i;
        const diff = !!differ?.[i];
        const failedExpect = marks?.failed.has(i) ?? false;
        const warn = marks?.warned.has(i) ?? false;
        const chips = compare ? POLICY_KINDS.map((kind) => ({ k: kind, o: runs[kind]?.outcomes[i] })) : [];
        const name = `Event ${i + 1}: ${e.op} ${eventLabel(e)} — ${compare ? chips.map((c) => `${c.k} ${chipText(c.o)}`).join(', ') : chipText(o)}${diff ? ' (policies differ)' : ''}`;
        // A chip kept out of order (the current or focused one, far from the rest) sits after a gap.
        const prev = items[k - 1];
        const jump = prev && item.start - prev.end > GAP + 0.5 ? item.start - prev.end - GAP : 0;
        return (
          <li
            key={i}
            data-index={i}
            ref={virtual.measureElement}
            data-current={current}
            className={`event ${current ? 'current' : ''} ${done ? 'done' : ''}`}
            aria-posinset={i + 1}
            aria-setsize={count}
            style={jump ? { marginInlineStart: jump } : undefined}
          >
            <button
              type="button"
              aria-label={name}
              aria-current={current ? 'step' : undefined}
              onClick={() => seek(i + 1)}
              onFocus={() => (focusedRef.current = i)}
              onBlur={() => focusedRef.current === i && (focusedRef.current = -1)}
            >
              <span className="event-top">
                <span className="event-index">{i + 1}</span>
                <span className="event-op">{e.op}</span>
                {diff && (
                  <span className="differ" title="the policies' outcomes differ here">
                    ≠
                  </span>
                )}
                {warn && (
                  <span className="warn-dot" title="I8 warning raised here">
                    !
                  </span>
                )}
                {failedExpect && (
                  <span className="warn-dot bad" title="an expectation failed here">
                    ✗
                  </span>
                )}
              </span>
              <span className="event-actor">{eventLabel(e)}</span>
              {compare ? (
                <span className="event-chips">
                  {chips.map((c) => (
                    <span key={c.k} className={`chip tiny ${c.o?.ok ? 'ok' : 'fail'}`} title={`${c.k}: ${chipText(c.o)}`}>
                      <span className="chip-key">{SHORT[c.k]}</span>
                      {chipText(c.o)}
                    </span>
                  ))}
                </span>
              ) : (
                o && <span className={`chip ${o.ok ? 'ok' : 'fail'}`}>{chipText(o)}</span>
              )}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
