/**
 * A select or radio changed with the mouse gives the focus back to the page, so the
 * presenter's arrow keys step the timeline again instead of changing the control.
 * Changed from the keyboard, the control keeps the focus as usual.
 */
import type { PointerEvent as ReactPointerEvent } from 'react';

const byPointer = new WeakSet<Element>();

export const pointerFocus = {
  onPointerDown(e: ReactPointerEvent<HTMLElement>) {
    byPointer.add(e.currentTarget);
  },
  onKeyDown(e: { currentTarget: Element }) {
    byPointer.delete(e.currentTarget);
  },
};

/** Call from onChange. */
export function releaseIfPointer(el: HTMLElement | null) {
  if (el && byPointer.has(el)) {
    byPointer.delete(el);
    // After the change is handled (a select's popup closes first).
    window.setTimeout(() => el.blur(), 0);
  }
}
