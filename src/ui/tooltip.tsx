/** The hover tooltip over the maps; only this component re-renders while the pointer moves. */
import { useHover } from './hover-store.ts';

export function Tooltip() {
  const info = useHover((s) => s.info);
  if (!info) return null;
  const left = Math.min(info.x + 16, window.innerWidth - 380);
  const top = info.y + 18 + 160 > window.innerHeight ? info.y - 150 : info.y + 18;
  return (
    <div className={`tooltip ${info.tone === 'conflict' ? 'conflict' : ''}`} role="tooltip" style={{ left, top }}>
      <div className="tooltip-title">{info.title}</div>
      {info.lines.map((l, i) => (
        <div key={i} className="tooltip-line">
          {l}
        </div>
      ))}
    </div>
  );
}
