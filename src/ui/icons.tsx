/** Small inline icons (system fonts lack the media-control glyphs). */
const P = { width: 16, height: 16, viewBox: '0 0 16 16', fill: 'currentColor', 'aria-hidden': true } as const;

export const IconFirst = () => (
  <svg {...P}>
    <rect x="2" y="3" width="2" height="10" />
    <path d="M14 3v10L5 8z" />
  </svg>
);
export const IconLast = () => (
  <svg {...P}>
    <rect x="12" y="3" width="2" height="10" />
    <path d="M2 3v10l9-5z" />
  </svg>
);
export const IconBack = () => (
  <svg {...P}>
    <path d="M12 3v10L4 8z" />
  </svg>
);
export const IconForward = () => (
  <svg {...P}>
    <path d="M4 3v10l8-5z" />
  </svg>
);
export const IconPlay = () => (
  <svg {...P}>
    <path d="M4 2v12l10-6z" />
  </svg>
);
export const IconPause = () => (
  <svg {...P}>
    <rect x="3" y="2" width="3.5" height="12" />
    <rect x="9.5" y="2" width="3.5" height="12" />
  </svg>
);
/** Zoom to selection: a magnifier over a framed cell. */
export const IconZoomSelection = () => (
  <svg {...P} fill="none" stroke="currentColor" strokeWidth="1.6">
    <circle cx="6.5" cy="6.5" r="4.5" />
    <path d="M10 10l4.5 4.5" />
    <rect x="4.5" y="4.5" width="4" height="4" fill="currentColor" stroke="none" />
  </svg>
);
/** The theme: a sun (light), a moon (dark), half of each (the system's). */
export const IconTheme = ({ mode }: { mode: 'system' | 'light' | 'dark' }) => (
  <svg {...P}>
    {mode === 'light' && (
      <g>
        <circle cx="8" cy="8" r="3.2" />
        <path d="M8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6L13 13M3 13l1.4-1.4M11.6 4.4L13 3" stroke="currentColor" strokeWidth="1.4" />
      </g>
    )}
    {mode === 'dark' && <path d="M10.5 1.8A6.3 6.3 0 1 0 14.2 10 5.2 5.2 0 0 1 10.5 1.8z" />}
    {mode === 'system' && (
      <g>
        <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.4" />
        <path d="M8 2a6 6 0 0 1 0 12z" />
      </g>
    )}
  </svg>
);
