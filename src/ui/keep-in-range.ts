/**
 * Which items a virtualised list renders: the ones in view with their overscan
 * (@tanstack/react-virtual's default), and always a few more that must stay in the page
 * wherever the list is scrolled (the current event, the focused item).
 */
import { defaultRangeExtractor, type Range } from '@tanstack/react-virtual';

export function keepInRange(range: Range, keep: readonly number[]): number[] {
  const out = defaultRangeExtractor(range);
  for (const k of keep) if (k >= 0 && k < range.count && !out.includes(k)) out.push(k);
  return out.sort((a, b) => a - b);
}
