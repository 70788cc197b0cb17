/**
 * An exported migrate step carries its remap lines: S2 under split moves `app` from
 * hPASID 0x1000 on A to 0x1001 on B; the SVG holds the curve from the source panel's cell
 * to the destination panel's, placed where the frame puts the panels, and its label.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zoomIdentity } from 'd3-zoom';
import { parseScenarioText } from '../core/scenario/index.ts';
import { buildTimeline } from '../core/timeline/timeline.ts';
import { composeSvg, frameTexts, placePanels } from './export.ts';
import { layoutPanel, makeMetrics, rowAt, zoomedScale } from './maps/geometry.ts';
import type { PanelModel } from './maps/model.ts';
import { SvgPainter } from './maps/painter.ts';
import { THEME } from './palette.ts';
import { fromScenario, migrationHosts, migrationSide } from './maps/views.ts';

class NodeSvgPainter extends SvgPainter {
  override measure(s: string) {
    return [...s].length * 7;
  }
}

const parsed = parseScenarioText(readFileSync(join(import.meta.dirname, '../../public/scenarios/s2-siov-swq-translation-migration.json'), 'utf8'));
if (!parsed.ok) throw new Error('bad scenario');
const scenario = parsed.scenario;
const t = buildTimeline(scenario, 'split');
const STEP = 6;
const o = t.outcome(STEP - 1)!;
const prev = t.snapshot(STEP - 1);
const { from, to } = migrationHosts(o, fromScenario(scenario), prev);
const m = makeMetrics(false, 'side');
const frame = (model: PanelModel, side?: 'source' | 'destination') => ({ model, geom: layoutPanel(model, 590, m), transform: zoomIdentity, metrics: m, side });
const source = frame(migrationSide('source', fromScenario(scenario), prev, o, from, null), 'source');
const destination = frame(migrationSide('destination', fromScenario(scenario), t.snapshot(STEP), o, to, null), 'destination');

function svgOf(panels: { left: number; top: number; frame: ReturnType<typeof frame> }[]) {
  const l = placePanels(panels, frameTexts(scenario.title, scenario.events[STEP - 1], STEP, o, false));
  return { l, svg: composeSvg(l, (w, h) => new NodeSvgPainter(w, h)) };
}

describe('an exported migrate step', () => {
  it('is the step that remaps app', () => {
    expect(o.op).toBe('migrate');
    expect(o.migration?.remapped.map((r) => [r.process, r.from, r.to])).toEqual([['app', 0x1000, 0x1001]]);
  });

  it('draws the remap curve from 0x1000 on the source panel to 0x1001 on the destination, labelled', () => {
    const { l, svg } = svgOf([
      { left: 0, top: 0, frame: source },
      { left: 660, top: 0, frame: destination },
    ]);
    expect(svg).toContain('>0x1000<');
    expect(svg).toContain('>→ 0x1001<');
    const curve = new RegExp(`<path d="M([\\d.]+),([\\d.]+) C[^"]+ ([\\d.]+),([\\d.]+)" fill="none" stroke="${THEME.remapped}"`).exec(svg);
    expect(curve).not.toBeNull();
    const [ax, ay, bx, by] = curve!.slice(1).map(Number);
    // The frame puts each panel at (x, y): the ends, back in panel coordinates, are on their cells.
    const [ps, pd] = l.panels;
    const under = (f: typeof source, x: number, y: number) => {
      const at = rowAt(f.geom, y)!;
      return Math.floor(zoomedScale(at.block, zoomIdentity).invert(x));
    };
    expect(under(source, ax - ps.x - 3, ay - ps.y)).toBe(0x1000);
    expect(under(destination, bx - pd.x + 3, by - pd.y)).toBe(0x1001);
  });

  it('draws no line without both sides of the migration', () => {
    const { svg } = svgOf([{ left: 0, top: 0, frame: { ...source, side: undefined } }]);
    expect(svg).not.toContain('>→ 0x1001<');
    expect(svg).not.toMatch(new RegExp(`<path d="M[^"]+ C[^"]+" fill="none" stroke="${THEME.remapped}"`));
  });
});
