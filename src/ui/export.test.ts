/**
 * The SVG export is well-formed XML whatever the scenario's texts hold: S1 with every
 * text field (title, description, host, VM, RID, label, alias, process, note) carrying
 * characters XML forbids or a reader cannot see, composed as the page composes a frame
 * and read back with a strict XML parser (saxes).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { zoomIdentity } from 'd3-zoom';
import { parseScenarioText } from '../core/scenario/index.ts';
import { buildTimeline } from '../core/timeline/timeline.ts';
import { composeSvg, frameTexts, placePanels, xmlSafe, xmlText } from './export.ts';
import { withTexts } from './hostile-texts.testkit.ts';
import { layoutPanel, makeMetrics } from './maps/geometry.ts';
import { SvgPainter } from './maps/painter.ts';
import { allHostsPanel, fromScenario, migrationHosts, migrationSide } from './maps/views.ts';

/** Measures by character count: no canvas in Node. */
class NodeSvgPainter extends SvgPainter {
  override measure(s: string) {
    return [...s].length * 7;
  }
}

/** Characters XML 1.0 forbids (NUL, U+0001, ESC, U+FFFE, U+FFFF, a lone surrogate), and some it allows that nobody sees. */
const HOSTILE =
  '\u0000\u0001\u001b[2J\u0007\u0008\u000b\u000c\ufffe\uffff\ud800\udfff\u007f\u0085<&"\'>]]>\u202e';

function wellFormed(xml: string): string[] {
  const errors: string[] = [];
  const p = new SaxesParser({ xmlns: true });
  p.on('error', (e) => errors.push(e.message));
  p.write(xml).close();
  // saxes reads UTF-16 code units: a lone surrogate is for us to look for.
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(xml))
    errors.push('lone surrogate');
  return errors;
}

const S1 = readFileSync(
  join(import.meta.dirname, '../../public/scenarios/s1-vf-migration-busy-destination.json'),
  'utf8',
);

describe('SVG export', () => {
  const parsed = parseScenarioText(
    JSON.stringify(withTexts(JSON.parse(S1), (v) => `${HOSTILE}${v}${HOSTILE}`)),
  );
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  const scenario = parsed.scenario;

  it('the hostile scenario is hostile: its texts would break a naive SVG', () => {
    expect(scenario.title.startsWith(HOSTILE)).toBe(true);
    expect(
      wellFormed(
        `<svg xmlns="http://www.w3.org/2000/svg"><text>${scenario.title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text></svg>`,
      ),
    ).not.toEqual([]);
  });

  it('is well-formed XML at every step, under every policy, all hosts and migration sides, and keeps the texts visible', () => {
    for (const policy of [undefined, 'global', 'split'] as const) {
      const t = buildTimeline(scenario, policy);
      for (let cursor = 0; cursor <= t.length; cursor++) {
        const snap = t.snapshot(cursor);
        const prev = cursor > 0 ? t.snapshot(cursor - 1) : null;
        const o = cursor > 0 ? t.outcome(cursor - 1) : undefined;
        const m = makeMetrics(false, 'normal');
        const frame = (model: ReturnType<typeof allHostsPanel>, width: number) => ({
          model,
          geom: layoutPanel(model, width, m),
          transform: zoomIdentity,
          metrics: m,
        });
        const panels =
          o?.op === 'migrate' && prev
            ? (() => {
                const { from, to } = migrationHosts(o, fromScenario(scenario), prev);
                return [
                  {
                    left: 0,
                    top: 0,
                    frame: frame(migrationSide('source', fromScenario(scenario), prev, o, from, null), 590),
                  },
                  {
                    left: 600,
                    top: 0,
                    frame: frame(migrationSide('destination', fromScenario(scenario), snap, o, to, null), 590),
                  },
                ];
              })()
            : [{ left: 0, top: 0, frame: frame(allHostsPanel(fromScenario(scenario), snap, o, null), 1230) }];
        const svg = composeSvg(
          placePanels(panels, frameTexts(scenario.title, cursor > 0 ? scenario.events[cursor - 1] : undefined, cursor, o, false)),
          (w, h) => new NodeSvgPainter(w, h),
        );
        expect(wellFormed(svg), `step ${cursor} under ${policy ?? 'declared'}`).toEqual([]);
        // The names are still there, their controls drawn as control pictures, markup escaped.
        expect(svg).toContain('\u2400\u2401\u241b[2J');
        expect(svg).toContain('&lt;&amp;&quot;');
      }
    }
  });

  it('xmlText keeps what XML allows and shows the rest; xmlSafe leaves nothing XML forbids', () => {
    expect(xmlText('a\u0001b\tc\nd\u007fe\u0085f\ud800g😀h')).toBe('a\u2401b c d\u2421e\ufffdf\ufffdg😀h');
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      expect(
        wellFormed(`<t>${xmlSafe(xmlText(ch)).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t>`),
        `U+${c.toString(16)}`,
      ).toEqual([]);
    }
  });
});
