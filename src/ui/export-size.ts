/**
 * The size of an exported frame: as on screen, or a slide's fixed size (the frame scaled
 * to fit, centred on the background). A local choice of this page, not in the link.
 */
export type ExportSize = 'screen' | '1920x1080' | '1280x720';

export const EXPORT_SIZES: readonly { value: ExportSize; label: string }[] = [
  { value: 'screen', label: 'As on screen' },
  { value: '1920x1080', label: '1080p' },
  { value: '1280x720', label: '720p' },
];

let current: ExportSize = 'screen';

export function exportSize(): ExportSize {
  return current;
}

/** Only the sizes above are taken; anything else leaves the choice as it was. */
export function setExportSize(v: string): ExportSize {
  const hit = EXPORT_SIZES.find((s) => s.value === v);
  if (hit) current = hit.value;
  return current;
}

/** The pixel size of a fixed export, or null for "as on screen". */
export function fixedSize(s: ExportSize): { width: number; height: number } | null {
  return s === '1920x1080' ? { width: 1920, height: 1080 } : s === '1280x720' ? { width: 1280, height: 720 } : null;
}

/**
 * Fit a `w`×`h` frame into a fixed `W`×`H` one: the scale and the offset that centre it.
 * Never scales up by more than 2, so a small frame is not blown up past readability.
 */
export function fitInto(w: number, h: number, W: number, H: number): { scale: number; dx: number; dy: number } {
  const scale = Math.min(2, W / Math.max(1, w), H / Math.max(1, h));
  return { scale, dx: (W - w * scale) / 2, dy: (H - h * scale) / 2 };
}
