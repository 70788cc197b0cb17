/**
 * The hover tooltip over the maps: it renders when the words change, and follows the
 * pointer through a store subscription that moves it without a render.
 */
import { useLayoutEffect, useRef } from 'react';
import { useHover } from './hover-store.ts';

const W = 380;
const H = 160;

function place(el: HTMLElement, x: number, y: number) {
  el.style.left = `${Math.max(0, Math.min(x + 16, window.innerWidth - W))}px`;
  el.style.top = `${y + 18 + H > window.innerHeight ? y - 150 : y + 18}px`;
}

export function Tooltip() {
  const info = useHover((s) => s.info);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { pos } = useHover.getState();
    place(el, pos.x, pos.y);
    return useHover.subscribe((s, prev) => {
      if (s.pos !== prev.pos && ref.current) place(ref.current, s.pos.x, s.pos.y);
    });
  }, [info]);
  if (!info) return null;
  return (
    <div ref={ref} className={`tooltip ${info.tone === 'conflict' ? 'conflict' : ''}`} role="tooltip">
      <div className="tooltip-title">{info.title}</div>
      {info.lines.map((l, i) => (
        <div key={i} className="tooltip-line">
          {l}
        </div>
      ))}
    </div>
  );
}
