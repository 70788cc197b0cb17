import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenarioText } from '../../core/scenario/index.ts';
import { buildTimeline } from '../../core/timeline/timeline.ts';
import { keepCell, moveCell, startCell, type Cell } from './cursor.ts';
import { gRowKey, guestRowKey, ridRowKey } from './model.ts';
import { allHostsPanel, fromScenario } from './views.ts';

const parsed = parseScenarioText(readFileSync(join(import.meta.dirname, '../../../public/scenarios/s1-vf-migration-busy-destination.json'), 'utf8'));
if (!parsed.ok) throw new Error('fixture');
const scenario = parsed.scenario;
const timeline = buildTimeline(scenario);
const at = (cursor: number) => allHostsPanel(fromScenario(scenario), timeline.snapshot(cursor), (cursor > 0 ? timeline.outcome(cursor - 1) : undefined), null);
// x as on a split axis: the guest band on the left, the shared band from 200 px.
const xOf = (_row: string, pasid: number) => (pasid < 0x1000 ? pasid * 10 : 200 + (pasid - 0x1000) * 10);

const VF_A = ridRowKey('A', '0000:3b:00.1');
const p3 = { type: 'guest', vm: 'vm1', process: 'p3' } as const;

describe('map keyboard cursor (S1, step 9, split)', () => {
  const model = at(9);

  it('starts on the first used cell, or on the selection', () => {
    expect(startCell(model, null)).toEqual({ row: VF_A, pasid: 1 });
    expect(startCell(model, { holder: p3 })).toEqual({ row: VF_A, pasid: 3 });
    expect(startCell(model, { holder: p3, at: { pasid: 3 } })).toEqual({ row: VF_A, pasid: 3 });
    expect(startCell(at(0), null)).toBeNull();
  });

  it('moves along a row, stopping at its ends, and to its ends with Home / End', () => {
    let c: Cell = { row: VF_A, pasid: 1 };
    c = moveCell(model, c, 'ArrowLeft', xOf);
    expect(c.pasid).toBe(1);
    c = moveCell(model, c, 'ArrowRight', xOf);
    c = moveCell(model, c, 'ArrowRight', xOf);
    c = moveCell(model, c, 'ArrowRight', xOf);
    expect(c).toEqual({ row: VF_A, pasid: 3 });
    expect(moveCell(model, c, 'Home', xOf).pasid).toBe(1);
    expect(moveCell(model, { row: VF_A, pasid: 1 }, 'End', xOf).pasid).toBe(3);
  });

  it('moves up and down through the rows that hold PASIDs, to the nearest cell', () => {
    let c: Cell = { row: VF_A, pasid: 2 };
    c = moveCell(model, c, 'ArrowDown', xOf);
    expect(c).toEqual({ row: guestRowKey('vm1'), pasid: 2 });
    // Host A's G and NIC PF are empty under split: skipped; host B's G is next.
    c = moveCell(model, c, 'ArrowDown', xOf);
    expect(c).toEqual({ row: gRowKey('B'), pasid: 0x1000 });
    c = moveCell(model, c, 'ArrowDown', xOf);
    expect(c).toEqual({ row: ridRowKey('B', '0000:5e:00.0'), pasid: 0x1000 });
    expect(moveCell(model, c, 'ArrowDown', xOf)).toBe(c);
    expect(moveCell(model, { row: VF_A, pasid: 3 }, 'ArrowUp', xOf)).toEqual({ row: VF_A, pasid: 3 });
  });

  it('stays on a used cell when the step changes under it', () => {
    // Step 8: p3 does not hold 0x3 on the VF yet; the nearest is 0x2.
    expect(keepCell(at(8), { row: VF_A, pasid: 3 }, xOf)).toEqual({ row: VF_A, pasid: 2 });
    expect(keepCell(model, { row: VF_A, pasid: 3 }, xOf)).toEqual({ row: VF_A, pasid: 3 });
    // A row that emptied: back to the start.
    expect(keepCell(at(4), { row: VF_A, pasid: 3 }, xOf)).toEqual(startCell(at(4), null));
    expect(keepCell(model, null, xOf)).toBeNull();
  });
});
