/**
 * The canvas of a range map, virtualised (viewport.ts): a wrapper as tall as the panel
 * keeps the scroller's height honest, and inside it a sticky canvas as tall as the part
 * in view shows that part, redrawn as the scroller scrolls (through a frame request, not
 * a React render). Each map keeps its rows' pixels here between frames (row-cache.ts).
 */
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { FrameBuffer } from './frame-buffer.ts';
import type { RasterTarget } from './frame.ts';
import { RowCache } from './row-cache.ts';
import { canvasView } from './viewport.ts';

export interface CanvasFrame {
  ctx: CanvasRenderingContext2D;
  dpr: number;
  /** the part of the panel on the canvas; the context's transform maps panel coordinates onto it */
  view: { top: number; bottom: number };
  raster: RasterTarget;
}

/** The nearest ancestor that scrolls vertically (the page's main column, or a map's own box). */
export function scrollerOf(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowY;
    if (o === 'auto' || o === 'scroll') return p;
  }
  return null;
}

/** `wrap`: the panel's box, when the caller needs it before the canvas (to measure it); else one of its own. */
export function useMapCanvas(panelHeight: number, schedule: () => void, wrap?: RefObject<HTMLDivElement | null>) {
  const ownWrap = useRef<HTMLDivElement>(null);
  const wrapRef = wrap ?? ownWrap;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const scrollerRef = useRef<HTMLElement | null>(null);
  const [visible, setVisible] = useState(0);
  const cacheRef = useRef<RowCache | null>(null);
  const bufferRef = useRef<FrameBuffer | null>(null);

  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const scroller = scrollerOf(el);
    scrollerRef.current = scroller;
    const measure = () => setVisible(Math.floor(scroller ? scroller.clientHeight : window.innerHeight));
    measure();
    const ro = new ResizeObserver(measure);
    if (scroller) ro.observe(scroller);
    const target: HTMLElement | Window = scroller ?? window;
    target.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', measure);
    return () => {
      ro.disconnect();
      target.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', measure);
    };
  }, [schedule, wrapRef]);

  const canvasHeight = Math.min(panelHeight, visible > 0 ? visible : typeof window === 'undefined' ? panelHeight : window.innerHeight);

  /** Size the canvas for this frame and say which part of the panel it shows; null before layout. */
  const begin = useCallback(
    (width: number): CanvasFrame | null => {
      const canvas = canvasRef.current;
      const wrap = wrapRef.current;
      if (!canvas || !wrap || width <= 0) return null;
      const dpr = window.devicePixelRatio || 1;
      const offset = canvas.getBoundingClientRect().top - wrap.getBoundingClientRect().top;
      const v = canvasView(panelHeight, canvasHeight, offset, dpr);
      const w = Math.round(width * dpr);
      if (canvas.width !== w || canvas.height !== v.deviceHeight) {
        canvas.width = w;
        canvas.height = Math.max(1, v.deviceHeight);
      }
      const ctx = canvas.getContext('2d');
      if (!ctx) return null;
      ctx.setTransform(dpr, 0, 0, dpr, 0, -v.top * dpr);
      cacheRef.current ??= new RowCache();
      bufferRef.current ??= new FrameBuffer();
      return { ctx, dpr, view: { top: v.top, bottom: v.top + v.height }, raster: { ctx, dpr, cache: cacheRef.current, frame: bufferRef.current } };
    },
    [panelHeight, canvasHeight, wrapRef],
  );

  /** The part of the panel the canvas shows now (to fetch what a frame will need). */
  const view = useCallback((): { top: number; bottom: number } => {
    const canvas = canvasRef.current;
    const wrap = wrapRef.current;
    const offset = canvas && wrap ? canvas.getBoundingClientRect().top - wrap.getBoundingClientRect().top : 0;
    const v = canvasView(panelHeight, canvasHeight, offset, 1);
    return { top: v.top, bottom: v.top + v.height };
  }, [panelHeight, canvasHeight, wrapRef]);

  /** Scroll so that [y0, y1) of the panel is in view (the keyboard cursor moved off screen). */
  const reveal = useCallback((y0: number, y1: number) => {
    const wrap = wrapRef.current;
    const scroller = scrollerRef.current;
    if (!wrap || !scroller) return;
    const top = wrap.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    const a = top + y0;
    const b = top + y1;
    if (a < 0) scroller.scrollTop += a - 8;
    else if (b > scroller.clientHeight) scroller.scrollTop += b - scroller.clientHeight + 8;
  }, [wrapRef]);

  /**
   * The rows a reader sees now, in panel coordinates: the canvas's part, less the axis
   * pinned over its top while scrolled, within the scroller's box (a stacked panel may be
   * partly scrolled away while its canvas still paints it).
   */
  const onScreen = useCallback(
    (geom: { blocks: readonly { axisY: number; bottom: number }[] }, axisH: number): { top: number; bottom: number } => {
      const v = view();
      const pinned = geom.blocks.some((b) => b.axisY < v.top && b.bottom > v.top + axisH) ? axisH : 0;
      const wrap = wrapRef.current;
      const box = wrap?.getBoundingClientRect();
      const sc = scrollerRef.current?.getBoundingClientRect();
      // Screen px to panel px: an embed may scale the whole view down to fit its frame.
      const k = wrap && box && wrap.offsetHeight > 0 ? box.height / wrap.offsetHeight : 1;
      const top = Math.max(v.top + pinned, box && sc ? (sc.top - box.top) / k : -Infinity);
      const bottom = Math.min(v.bottom, box && sc ? (sc.bottom - box.top) / k : Infinity);
      return { top, bottom: Math.max(top, bottom) };
    },
    [view, wrapRef],
  );

  /** Panel coordinates of a pointer. */
  const at = useCallback((clientX: number, clientY: number) => {
    const r = wrapRef.current?.getBoundingClientRect();
    return r ? { x: clientX - r.left, y: clientY - r.top, left: r.left, top: r.top } : null;
  }, [wrapRef]);

  return { wrapRef, canvasRef, canvasHeight, begin, view, onScreen, reveal, at };
}
