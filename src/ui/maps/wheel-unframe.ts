/**
 * The wheel out of a framed view: wheeling out over the track of a panel framed on its
 * used PASIDs, already at its widest, shows the whole range (`unframe`), as the − button
 * does. A listener of its own on the canvas, beside d3-zoom's, reading refs so it is
 * added once.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { ZoomController } from './zoom-controller.ts';

export function useWheelUnframe(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  zoomRef: RefObject<ZoomController | null>,
  framed: boolean,
  trackX0: number,
  unframe: (on: boolean) => void,
): void {
  const framedRef = useRef({ framed, trackX0 });
  useEffect(() => {
    framedRef.current = { framed, trackX0 };
  }, [framed, trackX0]);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      const f = framedRef.current;
      if (!f.framed || e.shiftKey || e.deltaY <= 0 || Math.abs(e.deltaX) > Math.abs(e.deltaY) || e.offsetX < f.trackX0) return;
      if ((zoomRef.current?.transform().k ?? 1) <= 1.001) unframe(false);
    };
    canvas.addEventListener('wheel', onWheel);
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [unframe, canvasRef, zoomRef]);
}
