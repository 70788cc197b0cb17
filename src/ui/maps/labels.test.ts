/**
 * No label on a map is drawn over another: every step of every bundled scenario, under
 * the declared policy and the four, as the screen shows it (all hosts; a migrate step as
 * source and destination, framed and whole; compare panels framed), at the widths of a
 * 1600 and a 1280 px window, normal and presenter, with nothing and with each owner selected.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zoomIdentity } from 'd3-zoom';
import { parseScenarioText, type Scenario } from '../../core/scenario/index.ts';
import { buildTimeline } from '../../core/timeline/timeline.ts';
import { POLICY_KINDS, type Holder, type Outcome, type Snapshot } from '../../core/model/types.ts';
import { ownerPalette } from '../palette.ts';
import { layoutPanel, makeMetrics, MONO_FONT, type Density } from './geometry.ts';
import { framePanel, type PanelModel } from './model.ts';
import type { Painter, TextStyle } from './painter.ts';
import { fontPx, textBox, type Box } from './labels.ts';
import { renderPanel } from './render.ts';
import { allHostsPanel, fromScenario, migrationHosts, migrationSide } from './views.ts';

/** Draws nothing, keeps every text with its box; widths from a rough per-character advance. */
class RecordingPainter implements Painter {
  texts: { s: string; box: Box }[] = [];
  fillRect() {}
  strokeRect() {}
  line() {}
  curve() {}
  marker() {}
  hatch() {}
  clip() {}
  unclip() {}
  setAlpha() {}
  measure(s: string, font: string) {
    const px = fontPx(font);
    const bold = /^(6|7|8|9)00 /.test(font) ? 0.04 : 0;
    return [...s].length * px * ((font.includes(MONO_FONT) ? 0.6 : 0.56) + bold);
  }
  text(s: string, x: number, y: number, style: TextStyle) {
    this.texts.push({ s, box: textBox(this, s, x, y, style) });
  }
}

function overlaps(texts: RecordingPainter['texts']): string[] {
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++)
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i].box;
      const b = texts[j].box;
      const dx = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const dy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (dx > 0.5 && dy > 0.5) out.push(`"${texts[i].s}" × "${texts[j].s}"`);
    }
  return out;
}

function check(model: PanelModel, density: Density, width: number, presenter: boolean): string[] {
  const m = makeMetrics(presenter, density);
  const geom = layoutPanel(model, width, m);
  const p = new RecordingPainter();
  renderPanel(p, model, geom, zoomIdentity, m);
  return overlaps(p.texts);
}

const dir = join(import.meta.dirname, '../../../public/scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json');

// Track widths of the panels on the screen: all hosts, one side of a migration, one compare panel.
const WIDTHS: Record<Density, number[]> = { normal: [1230, 880], side: [590, 420], dense: [600, 440] };

function panelsOf(scenario: Scenario, snap: Snapshot, prev: Snapshot | null, o: Outcome | undefined, sel: Holder | null) {
  const out: { what: string; model: PanelModel; density: Density }[] = [];
  if (o?.op === 'migrate' && prev) {
    const { from, to } = migrationHosts(o, fromScenario(scenario), prev);
    const left = migrationSide('source', fromScenario(scenario), prev, o, from, sel);
    const right = migrationSide('destination', fromScenario(scenario), snap, o, to, sel);
    out.push({ what: 'source', model: left, density: 'side' }, { what: 'destination', model: right, density: 'side' });
    out.push({ what: 'source framed', model: framePanel(left, right), density: 'side' });
    out.push({ what: 'destination framed', model: framePanel(right, left), density: 'side' });
  } else {
    out.push({ what: 'all hosts', model: allHostsPanel(fromScenario(scenario), snap, o, sel), density: 'normal' });
  }
  return out;
}

describe('map labels never overlap', () => {
  for (const file of files) {
    it(file, () => {
      const parsed = parseScenarioText(readFileSync(join(dir, file), 'utf8'));
      if (!parsed.ok) throw new Error('bad scenario');
      const scenario = parsed.scenario;
      const holders: (Holder | null)[] = [null, ...ownerPalette(fromScenario(scenario)).holders];
      const problems: string[] = [];
      for (const policy of ['declared', ...POLICY_KINDS] as const) {
        const t = buildTimeline(scenario, policy === 'declared' ? undefined : policy);
        for (let cursor = 0; cursor <= t.length; cursor++) {
          const snap = t.snapshot(cursor);
          const prev = cursor > 0 ? t.snapshot(cursor - 1) : null;
          const o = cursor > 0 ? t.outcome(cursor - 1) : undefined;
          for (const sel of holders) {
            const panels = panelsOf(scenario, snap, prev, o, sel);
            // Compare mode: each policy's panel, framed, under the same step.
            if (policy !== 'declared') panels.push({ what: 'compare', model: framePanel(allHostsPanel(fromScenario(scenario), snap, o, sel)), density: 'dense' });
            for (const { what, model, density } of panels)
              for (const width of WIDTHS[density])
                for (const presenter of [false, true]) {
                  const found = check(model, density, width, presenter);
                  const who = sel ? `${sel.process}` : 'none';
                  for (const f of found) problems.push(`${policy} step ${cursor} ${what} ${width}px${presenter ? ' presenter' : ''} sel ${who}: ${f}`);
                }
          }
        }
      }
      expect(problems.slice(0, 20)).toEqual([]);
    });
  }
});
