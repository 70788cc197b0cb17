/**
 * Fit the embed's content to its frame. The app's views scroll; a slide cannot. Content
 * taller than the frame is laid out wider, in proportion, and scaled down to fit it (as
 * reveal.js scales its slides). Scaled content is for looking at: the pointer is off
 * there, since the maps place it by unscaled pixels (the keyboard still works).
 */
import { useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';

/** The scale that fits content of natural height `natural` into `box` (never above 1). */
export function fitScale(box: { width: number; height: number }, natural: number): number {
  if (box.width <= 0 || box.height <= 0 || natural <= 0) return 1;
  return Math.min(1, box.height / natural);
}

export function EmbedFit({ children }: { children: ReactNode }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const innerRef = useRef<HTMLDivElement>(null);
  const scaleRef = useRef(1);
  const [scale, setScale] = useState(1);
  const [boxWidth, setBoxWidth] = useState(0);

  useLayoutEffect(() => {
    const box = boxRef.current;
    const inner = innerRef.current;
    if (!box || !inner) return;
    const measure = () => {
      const b = { width: box.clientWidth, height: box.clientHeight };
      setBoxWidth(b.width);
      // The content's height barely depends on its width (map rows have fixed heights),
      // so one pass lands on the fitting scale; a change under 1% is ignored so that the
      // two observers cannot chase each other.
      const next = fitScale(b, inner.scrollHeight);
      if (Math.abs(next - scaleRef.current) > 0.01) {
        scaleRef.current = next;
        setScale(next);
      }
    };
    const ro = new ResizeObserver(measure);
    ro.observe(box);
    ro.observe(inner);
    measure();
    return () => ro.disconnect();
  }, []);

  const scaled = scale < 0.999 && boxWidth > 0;
  const style = scaled ? ({ width: `${Math.floor(boxWidth / scale)}px`, transform: `scale(${scale})`, '--k': String(scale) } as CSSProperties) : undefined;
  return (
    <div className="embed-fit-box" ref={boxRef}>
      <div ref={innerRef} className={`embed-fit ${scaled ? 'scaled' : ''}`} style={style}>
        {children}
      </div>
    </div>
  );
}
