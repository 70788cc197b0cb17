/**
 * The legend: the owners with their colours and PASIDs at this step, the marks and the
 * bands. A workload can name tens of thousands of processes: the list shows the first
 * OWNERS_SHOWN that match its filter (in the order the scenario first names them) and
 * says how many more there are, so a step costs the same whatever the scenario's size.
 */
import { useMemo, useState } from 'react';
import { holderKey, type Holder, type Snapshot } from '../core/model/types.ts';
import { useAppStore } from '../store/store.ts';
import { hex, holderLabel, sameHolder } from './format.ts';
import { ownerColour, ownerPalette, THEME } from './palette.ts';
import { useTheme } from './theme.ts';

export const OWNERS_SHOWN = 40;
/** The filter is user text: bounded like a name. */
const FILTER_MAX = 256;

/** A process's PASIDs at this step: the guest one and the host one it is translated to. */
function pasidText(snap: Snapshot | undefined, h: Holder): string {
  if (!snap) return 'no PASID';
  if (h.type === 'guest') {
    const p = snap.vms.find((v) => v.id === h.vm)?.processes.find((x) => x.name === h.process);
    if (p?.pasid == null) return 'no PASID';
    return `guest PASID ${hex(p.pasid)}${p.hpasid != null && p.hpasid !== p.pasid ? ` → ${hex(p.hpasid)}` : ''}`;
  }
  const p = snap.hosts.find((x) => x.id === h.host)?.processes.find((x) => x.name === h.process);
  return p?.pasid == null ? 'no PASID' : `PASID ${hex(p.pasid)}`;
}

export function Legend() {
  // The band swatches read the palette's THEME: a new theme is a new render.
  useTheme();
  const scenario = useAppStore((s) => s.scenario);
  const frame = useAppStore((s) => (s.compare ? s.frames.split : s.frames[s.policy]));
  const selection = useAppStore((s) => s.selection);
  const select = useAppStore((s) => s.select);
  const [filter, setFilter] = useState('');
  const palette = useMemo(() => (scenario ? ownerPalette(scenario) : null), [scenario]);
  const shown = useMemo(() => {
    if (!palette) return { holders: [] as Holder[], matched: 0 };
    const q = filter.trim().toLowerCase();
    if (!q && palette.holders.length <= OWNERS_SHOWN) return { holders: palette.holders, matched: palette.holders.length };
    const holders: Holder[] = [];
    let matched = 0;
    for (const h of palette.holders)
      if (!q || holderLabel(h).toLowerCase().includes(q)) {
        if (holders.length < OWNERS_SHOWN) holders.push(h);
        matched++;
      }
    return { holders, matched };
  }, [palette, filter]);
  if (!scenario || !palette) return null;
  const many = palette.holders.length > OWNERS_SHOWN;
  return (
    <section className="side-section legend" aria-label="Legend">
      <h2>Owners</h2>
      {many && (
        <label className="owner-filter">
          <span className="sr-only">Filter owners</span>
          <input
            type="search"
            value={filter}
            maxLength={FILTER_MAX}
            placeholder={`Filter ${palette.holders.length.toLocaleString('en')} owners`}
            onChange={(e) => setFilter(e.target.value.slice(0, FILTER_MAX))}
          />
        </label>
      )}
      <ul className="owners">
        {shown.holders.map((h) => {
          const pasid = pasidText(frame?.snap, h);
          const on = !!selection && sameHolder(selection.holder, h);
          return (
            <li key={holderKey(h)}>
              <button
                type="button"
                className={`owner ${on ? 'on' : ''}`}
                aria-pressed={on}
                aria-label={`${holderLabel(h)}: ${pasid}`}
                onClick={() => select(on ? null : { holder: h })}
              >
                <span className="swatch" style={{ background: ownerColour(palette, h) }} aria-hidden="true" />
                {/* Spaces between the parts: the words a speech user reads off the button are its name's. */}
                <span className="owner-name">{holderLabel(h)}</span>{' '}
                <span className="owner-pasid">{pasid}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {shown.matched > shown.holders.length && (
        <p className="muted small">
          {(shown.matched - shown.holders.length).toLocaleString('en')} more {filter.trim() ? 'match' : 'owners'}: type part of a name to find one.
        </p>
      )}
      {shown.matched === 0 && <p className="muted small">No owner matches.</p>}
      <h2>Marks</h2>
      <ul className="marks">
        <li>
          <span className="mark-sample changed" aria-hidden="true" /> changed by this step
        </li>
        <li>
          <span className="mark-sample removed" aria-hidden="true" /> released by this step
        </li>
        <li>
          <span className="mark-sample conflict" aria-hidden="true" /> conflict: why it fails
        </li>
        <li>
          <span className="mark-sample kept" aria-hidden="true" /> kept by a migration: the same number on the destination
        </li>
        <li>
          <span className="mark-sample remapped" aria-hidden="true" /> remapped by a migration: labelled with the other side’s number
        </li>
        <li>
          <span className="mark-sample outside" aria-hidden="true" /> outside what the row can hold
        </li>
        <li>
          <span className="mark-sample link" aria-hidden="true" /> guest PASID → where the host holds it
        </li>
        <li>
          <span className="mark-sample reserved" aria-hidden="true" /> reserved, no entry: kept for a process
          after an unbind (per-RID)
        </li>
        <li>
          <span className="mark-sample reserved group" aria-hidden="true" /> reserved by an allocation group
        </li>
        <li>
          <span className="mark-sample breach" aria-hidden="true" /> ENQCMD breach: the work ran in another
          address space (I10)
        </li>
      </ul>
      <h2>Bands</h2>
      <ul className="marks">
        <li>
          <span className="mark-sample" style={{ background: THEME.bandText.guest }} aria-hidden="true" />{' '}
          guest / RID-local range
        </li>
        <li>
          <span className="mark-sample" style={{ background: THEME.bandText.shared }} aria-hidden="true" />{' '}
          shared: the host-wide allocator G
        </li>
        <li>
          <span className="mark-sample" style={{ background: THEME.bandText.global }} aria-hidden="true" />{' '}
          global: one space for all
        </li>
        <li>
          <span className="mark-sample" style={{ background: THEME.bandText.local }} aria-hidden="true" />{' '}
          per-RID: no G
        </li>
      </ul>
      <p className="muted small">
        The axis is piecewise: every hex digit of a band (0x1–0xf, 0x10–0xff, …) gets the same width. Wheel to
        zoom into single PASIDs, drag to pan, Shift+wheel to scroll sideways. Side-by-side and compare panels
        open framed on the used PASIDs (◎; a break sign marks a squeezed part of a band); ⤢ shows the whole
        range. Without a mouse: Tab to a map, arrows move between used PASIDs, Enter selects. Every key:
        press <kbd>?</kbd>.
      </p>
    </section>
  );
}
