/**
 * The timeline's event strip: a chip per event with its outcome, rendered only where the
 * strip is scrolled to (chips of one width, so where each sits is arithmetic: strip-window.ts),
 * so a scenario of any length costs the chips in view, and a step re-renders those. The current event's chip is always in the
 * page (it is focusable and announced as the current step), and so is a focused chip
 * while the strip scrolls away from it; the list says how long it is (aria-setsize).
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { comparedKinds, isMatch, useAppStore } from '../store/store.ts';
import type { RunInfo } from '../worker/engine.ts';
import { chipTone, eventLabel } from './format.ts';
import { chipAt, differingEvents, fieldsAt, useEvents } from './selectors.ts';
import { branchDiffer } from './branches/branch-differ.ts';
import { scrollToShow, stripWindow } from './strip-window.ts';

const SHORT: Record<string, string> = { global: 'gl', local: 'lo', split: 'sp', linux: 'lx' };
/** every chip is this wide (the current chip's outline included), and this far from the next */
const CHIP_W = { normal: 138, compare: 142, presenter: 176 } as const;
const GAP = 6;

/** Per run, the events with a failed expectation and those with a warning: looked up per chip, built once. */
const marksCache = new WeakMap<RunInfo, { failed: Set<number>; warned: Set<number> }>();
function runMarks(run: RunInfo) {
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
  const presenter = useAppStore((s) => s.presenter);
  const pair = useAppStore((s) => s.pair);
  const branchRun = useAppStore((s) => s.branchCompare?.run);
  const matches = useAppStore((s) => s.search?.matches);
  const hoverEvent = useAppStore((s) => s.hoverEvent);
  const listRef = useRef<HTMLOListElement>(null);
  const focusedRef = useRef(-1);
  const [scroll, setScroll] = useState({ left: 0, width: 1600 });
  const count = scenario?.events ?? 0;
  const chipW = presenter ? CHIP_W.presenter : compare ? CHIP_W.compare : CHIP_W.normal;
  const pitch = chipW + GAP;

  // The strip's scroll and width, read after layout and on every scroll (a render of the chips in view).
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      setScroll((s) => (s.left === el.scrollLeft && s.width === el.clientWidth ? s : { left: el.scrollLeft, width: el.clientWidth }));
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(read);
    };
    read();
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      if (frame) cancelAnimationFrame(frame);
      ro.disconnect();
      el.removeEventListener('scroll', onScroll);
    };
  }, [scenario]);

  // The current chip comes into view as the cursor moves: first the window moves there (the
  // chips render in this commit), then the strip scrolls to it once they are in the page —
  // scrolled before, the browser would clamp to the chips the old window had.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el || cursor === 0) return;
    const left = scrollToShow(cursor - 1, pitch, chipW, el.scrollLeft, el.clientWidth);
    if (left === el.scrollLeft) return;
    setScroll({ left, width: el.clientWidth });
  }, [cursor, pitch, chipW]);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && Math.abs(el.scrollLeft - scroll.left) > 1) el.scrollLeft = scroll.left;
  }, [scroll.left]);

  const win = stripWindow(count, pitch, scroll.left, scroll.width, 6, [cursor - 1, focusedRef.current]);
  const first = win.items[0]?.index ?? 0;
  const last = win.items[win.items.length - 1]?.index ?? 0;
  // The events in view (and the kept ones) from the cache; the engine sends what is missing.
  const eventAt = useEvents(Math.min(first, Math.max(0, cursor - 1)), Math.max(last, cursor) + 1);
  if (!scenario) return null;
  // The ≠ marks: where the policies on screen (the four, or the A/B pair) disagree.
  const shown = comparedKinds(pair);
  const differ = compare ? differingEvents(runs, shown) : null;
  // Two branches compared: where their outcomes differ.
  const branchDiff = !compare && branchRun ? branchDiffer(runs[policy], branchRun) : null;
  const run = runs[policy];
  const marks = run && !compare ? runMarks(run) : null;
  return (
    <ol
      className="event-strip"
      ref={listRef}
      aria-label="Events"
      style={{ overflowAnchor: 'none' }}
    >
      {/* Spacers for the chips out of view: as children, not padding, which would widen the strip itself. */}
      {win.before > 0 && <li aria-hidden="true" role="presentation" className="strip-spacer" style={{ width: win.before - GAP, flex: 'none' }} />}
      {win.items.map(({ index: i, gap }) => {
        const e = eventAt(i);
        const o = fieldsAt(run, i);
        const current = cursor === i + 1;
        const done = cursor > i;
        const diff = !!differ?.[i] || !!branchDiff?.[i];
        const failedExpect = marks?.failed.has(i) ?? false;
        const warn = marks?.warned.has(i) ?? false;
        const found = !!matches && isMatch(matches, i);
        const chips = compare ? shown.map((kind) => ({ k: kind, o: fieldsAt(runs[kind], i), text: chipAt(runs[kind], i) })) : [];
        const op = e?.op ?? o?.op ?? '';
        const actor = e ? eventLabel(e) : '…';
        // The name says in full what the marks show (a title only reaches a mouse).
        const notes = `${warn ? ' (I8 warning)' : ''}${failedExpect ? ' (an expectation failed)' : ''}`;
        const name = `Event ${i + 1}: ${op} ${actor} — ${compare ? chips.map((c) => `${c.k} ${c.text}`).join(', ') : chipAt(run, i)}${notes}${diff ? (branchDiff ? ' (the branches differ)' : ' (policies differ)') : ''}${found ? ' (matches the search)' : ''}`;
        return (
          <li
            key={i}
            data-current={current}
            data-found={found || undefined}
            className={`event ${current ? 'current' : ''} ${done ? 'done' : ''} ${found ? 'found' : ''}`}
            aria-posinset={i + 1}
            aria-setsize={count}
            // A chip kept out of the window (the current or focused one) sits where it belongs, after a gap.
            style={{ width: chipW, flex: 'none', marginInlineStart: gap || undefined }}
          >
            <button
              type="button"
              aria-label={name}
              aria-current={current ? 'step' : undefined}
              style={{ width: '100%', maxWidth: 'none', minWidth: 0 }}
              onClick={() => seek(i + 1)}
              // Pointer or keyboard on a chip marks the cells its event touched; the cursor stays.
              onPointerEnter={() => void hoverEvent(i)}
              onPointerLeave={() => void hoverEvent(null)}
              onFocus={() => {
                focusedRef.current = i;
                void hoverEvent(i);
              }}
              onBlur={() => {
                if (focusedRef.current === i) focusedRef.current = -1;
                void hoverEvent(null);
              }}
            >
              <span className="event-top">
                {/* Spaces between the parts: what the chip shows reads as words of its name. */}
                <span className="event-index">{i + 1}</span>{' '}
                <span className="event-op">{op}</span>
                {diff && (
                  <span className="differ" title={branchDiff ? "the branches' outcomes differ here" : "the policies' outcomes differ here"}>
                    ≠
                  </span>
                )}
                {warn && (
                  <span className="warn-dot" title="I8 warning raised here">
                    !
                  </span>
                )}
                {found && (
                  <span className="found-dot" title="matches the search">
                    ⌕
                  </span>
                )}
                {failedExpect && (
                  <span className="warn-dot bad" title="an expectation failed here">
                    ✗
                  </span>
                )}
              </span>{' '}
              <span className="event-actor">{actor}</span>{' '}
              {compare ? (
                <span className="event-chips">
                  {chips.map((c) => (
                    <span key={c.k} className={`chip tiny ${chipTone(c.o)}`} title={`${c.k}: ${c.text}`}>
                      <span className="chip-key">{SHORT[c.k]}</span>
                      {c.text}
                    </span>
                  )).flatMap((chip, k) => (k ? [' ', chip] : [chip]))}
                </span>
              ) : (
                o && <span className={`chip ${chipTone(o)}`}>{chipAt(run, i)}</span>
              )}
            </button>
          </li>
        );
      })}
      {win.after > 0 && <li aria-hidden="true" role="presentation" className="strip-spacer" style={{ width: win.after - GAP, flex: 'none' }} />}
    </ol>
  );
}
