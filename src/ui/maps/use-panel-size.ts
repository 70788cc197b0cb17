/**
 * A map panel's width, and the height left below its top in the box that scrolls it (the
 * page's main column, or a compare panel's own box): what `fit` rows grow or shrink into.
 * The scroller's bottom padding is not room for rows (presenter mode keeps the caption
 * overlay there).
 */
import { useLayoutEffect, useState, type RefObject } from 'react';
import { scrollerOf } from './use-map-canvas.ts';

export function usePanelSize(wrapRef: RefObject<HTMLDivElement | null>): { width: number; avail: number } {
  const [width, setWidth] = useState(0);
  const [avail, setAvail] = useState(0);
  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const scroller = scrollerOf(el);
    const measure = () => {
      setWidth(Math.floor(el.clientWidth));
      if (scroller) {
        const top = el.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
        const padBottom = parseFloat(getComputedStyle(scroller).paddingBottom) || 0;
        setAvail(Math.floor(scroller.clientHeight - padBottom - top - 4));
      }
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    if (scroller) ro.observe(scroller);
    measure();
    return () => ro.disconnect();
  }, [wrapRef]);
  return { width, avail };
}
