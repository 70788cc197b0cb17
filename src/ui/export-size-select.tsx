/** The top bar's export size: as on screen, 1920×1080 or 1280×720, for the SVG and PNG buttons beside it. */
import { useState } from 'react';
import { EXPORT_SIZES, exportSize, setExportSize } from './export-size.ts';

export function ExportSizeSelect() {
  const [size, setSize] = useState(exportSize);
  return (
    <select
      className="export-size"
      aria-label="Export size"
      title="Size of the exported SVG or PNG: as on screen, or a slide's 1080p (1920×1080) or 720p (1280×720)"
      value={size}
      onChange={(e) => setSize(setExportSize(e.target.value))}
    >
      {EXPORT_SIZES.map((s) => (
        <option key={s.value} value={s.value}>
          {s.value === 'screen' ? 'Screen' : s.label}
        </option>
      ))}
    </select>
  );
}
