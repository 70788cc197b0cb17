/**
 * A clicker's black screen (`.` or B; key-map.ts): over everything, the pointer hidden;
 * the same keys bring the maps back. Presenter mode's, and the embed view's in a slide.
 */
import { useAppStore } from '../store/store.ts';

export function BlankScreen() {
  const blank = useAppStore((s) => s.blank);
  if (!blank) return null;
  return (
    <div className="blank-screen" role="img" aria-label="Screen blanked: press . or B to show it again">
      <span className="sr-only">Screen blanked: press . or B to show it again</span>
    </div>
  );
}
