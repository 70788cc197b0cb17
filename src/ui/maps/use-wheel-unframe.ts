/**
 * Wheeling out of a panel's framed view at its widest shows the whole range, as the
 * zoom-out button does: d3-zoom stops at k = 1, so the wheel is watched beside it.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { ZoomController } from './zoom-controller.ts';

export function useWheelUnframe(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  framed: boolean,
  trackX0: number,
  zoomRef: RefObject<ZoomController | null>,
  frameUsed: (on: boolean) => void,
): void {
  // The listener lives as long as the canvas; what it decides on is read when it fires.
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
      if ((zoomRef.current?.transform().k ?? 1) <= 1.001) frameUsed(false);
    };
    canvas.addEventListener('wheel', onWheel);
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [frameUsed, canvasRef, zoomRef]);
}
