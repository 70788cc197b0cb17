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
