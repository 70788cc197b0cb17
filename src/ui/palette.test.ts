/**
 * The palette read from the back of the room and by a colour-blind reviewer: text and tick
 * contrast (WCAG 2 ratio ≥ 4.5:1 against what it is drawn on, in both themes), and the
 * colours that must be told apart, checked as seen and under simulated deuteranopia
 * (culori's filterDeficiencyDeuter: the Machado, Oliveira and Fernandes 2009 model at
 * full severity), by CIEDE2000 distance.
 */
import { describe, expect, it } from 'vitest';
import { blend, differenceCiede2000, filterDeficiencyDeuter, formatHex, parse, wcagContrast } from 'culori';
import { CODE_COLOUR, POLICY_COLOUR } from './workload/colours.ts';
import { DARK, LIGHT, OWNER_COLOURS, type Theme } from './palette.ts';

const de = differenceCiede2000();
const deuteranopia = filterDeficiencyDeuter(1);
/** How a deuteranope sees a colour. */
const deut = (c: string) => deuteranopia(parse(c)!);

/** A translucent colour over an opaque one, as the canvas composes it. */
const over = (bg: string, fg: string) => formatHex(blend([bg, fg], 'normal'))!;

function pairs<T>(xs: T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) out.push([xs[i], xs[j]]);
  return out;
}

/** The smallest distance among `colours`, as seen and under deuteranopia, and the closest pair. */
function closest(colours: Record<string, string>) {
  let seen = { d: Infinity, pair: '' };
  let deutan = { d: Infinity, pair: '' };
  for (const [a, b] of pairs(Object.keys(colours))) {
    const d1 = de(colours[a], colours[b]);
    const d2 = de(deut(colours[a]), deut(colours[b]));
    if (d1 < seen.d) seen = { d: d1, pair: `${a}/${b}` };
    if (d2 < deutan.d) deutan = { d: d2, pair: `${a}/${b}` };
  }
  return { seen, deutan };
}

describe('the simulation itself', () => {
  it('merges what deuteranopes confuse and keeps what they do not', () => {
    // Red and green collapse towards one another; blue and yellow stay apart.
    expect(de(deut('#d62728'), deut('#2ca02c'))).toBeLessThan(de('#d62728', '#2ca02c') / 2);
    expect(de(deut('#1f77b4'), deut('#f0e442'))).toBeGreaterThan(40);
  });
});

for (const t of [DARK, LIGHT] as Theme[])
  describe(`${t.name} theme contrast (≥ 4.5:1)`, () => {
    const grounds = { panel: t.panel, bg: t.bg, track: t.track, trackAlt: t.trackAlt };
    it('ticks, row labels, headers and notes on every background they sit on', () => {
      for (const [name, ground] of Object.entries(grounds))
        for (const ink of ['text', 'muted', 'faint'] as const) expect({ ink, name, ratio: wcagContrast(t[ink], ground) >= 4.5 }).toEqual({ ink, name, ratio: true });
    });
    it('band labels on their band', () => {
      for (const k of Object.keys(t.bands) as (keyof Theme['bands'])[]) {
        const ground = over(t.panel, t.bands[k]);
        expect({ band: k, ok: wcagContrast(t.bandText[k], ground) >= 4.5 }).toEqual({ band: k, ok: true });
      }
    });
    it('labels over their halo, mark labels, tags', () => {
      const halo = over(t.track, t.halo);
      for (const ink of ['labelInk', 'kept', 'remapped', 'conflict', 'breach', 'ok'] as const)
        expect({ ink, ok: wcagContrast(t[ink], halo) >= 4.5 }).toEqual({ ink, ok: true });
      expect(wcagContrast(t.tagGood.text, t.tagGood.bg)).toBeGreaterThanOrEqual(4.5);
      expect(wcagContrast(t.tagWarn.text, t.tagWarn.bg)).toBeGreaterThanOrEqual(4.5);
    });
  });

describe('a migration’s remap lines and its KEPT / REMAPPED chips', () => {
  for (const t of [DARK, LIGHT] as Theme[]) {
    it(`the ${t.name} theme: the line stands out from the track and the panel (≥ 3:1, a graphic), also under deuteranopia`, () => {
      for (const ground of [t.track, t.trackAlt, t.panel, t.bg]) {
        expect(wcagContrast(t.remapped, ground)).toBeGreaterThanOrEqual(3);
        expect(wcagContrast(formatHex(deut(t.remapped))!, formatHex(deut(ground))!)).toBeGreaterThanOrEqual(3);
      }
    });
    it(`the ${t.name} theme: the line's label and the chips' text on the panel (≥ 4.5:1)`, () => {
      for (const ink of ['text', 'kept', 'remapped'] as const) expect({ ink, ok: wcagContrast(t[ink], t.panel) >= 4.5 }).toEqual({ ink, ok: true });
    });
  }
});

describe('colours that must be told apart', () => {
  it('the four policies, also under deuteranopia', () => {
    const c = closest(POLICY_COLOUR);
    expect(c.seen.d, c.seen.pair).toBeGreaterThan(20);
    expect(c.deutan.d, c.deutan.pair).toBeGreaterThan(10);
  });

  it('an error code is never a policy’s colour', () => {
    for (const [code, cc] of Object.entries(CODE_COLOUR))
      for (const [policy, pc] of Object.entries(POLICY_COLOUR)) expect({ code, policy, far: de(cc, pc) > 10 }).toEqual({ code, policy, far: true });
  });

  it('the error codes among themselves', () => {
    const c = closest(CODE_COLOUR);
    expect(c.seen.d, c.seen.pair).toBeGreaterThan(10);
  });

  it('the first six owners, also under deuteranopia', () => {
    const six = Object.fromEntries(OWNER_COLOURS.slice(0, 6).map((c, i) => [`owner${i}`, c]));
    const c = closest(six);
    expect(c.seen.d, c.seen.pair).toBeGreaterThan(10);
    expect(c.deutan.d, c.deutan.pair).toBeGreaterThan(10);
  });

  for (const t of [DARK, LIGHT] as Theme[])
    it(`the ${t.name} theme's marks: kept, remapped, conflict, breach, changed; also under deuteranopia`, () => {
      const c = closest({ kept: t.kept, remapped: t.remapped, conflict: t.conflict, breach: t.breach, changed: t.changed, found: t.found });
      expect(c.seen.d, c.seen.pair).toBeGreaterThan(15);
      expect(c.deutan.d, c.deutan.pair).toBeGreaterThan(12);
    });

  for (const t of [DARK, LIGHT] as Theme[])
    it(`the ${t.name} theme's search rings stand out from the panel and the track (≥ 3:1, a graphic)`, () => {
      expect(wcagContrast(t.found, t.panel)).toBeGreaterThanOrEqual(3);
      expect(wcagContrast(t.found, t.track)).toBeGreaterThanOrEqual(3);
    });
});
