import { describe, expect, it } from 'vitest';
import { INITIAL_FORM, type WorkloadForm } from '../../store/jobs-slice.ts';
import { checkSweepForm } from './sweep-check.ts';

const form = (fields: Record<string, string> = {}, more: Partial<WorkloadForm> = {}): WorkloadForm => ({
  ...INITIAL_FORM,
  ...more,
  fields: { ...INITIAL_FORM.fields, ...fields },
});
const none = { chosen: false, fillHosts: 0 };

describe('checkSweepForm', () => {
  it('lets the defaults run, at their levels in order', () => {
    const r = checkSweepForm(form(), none);
    expect(r).toEqual({ ok: true, levels: [0, 0.25, 0.5, 0.75, 0.9, 1] });
  });

  it('names the first level whose fill is over the limit, before anything runs', () => {
    const r = checkSweepForm(form({ iommuBits: '20', widths: '20', fillHosts: '' }, { sweepLevels: '0, 20%, 40%, 60%' }), none);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatch(/^at fill 40%: Fill level: filling 8 hosts to 40% places up to \d+ PASIDs; at most 4194304/);
    expect(r.inLevels).toBe(true);
  });

  it('says which field is wrong, and which levels cannot be read', () => {
    const events = checkSweepForm(form({ events: '' }), none);
    expect(events).toEqual({ ok: false, reason: 'Events: required', inLevels: false });
    const levels = checkSweepForm(form({}, { sweepLevels: '0, half' }), none);
    expect(levels.ok).toBe(false);
    if (!levels.ok) expect(levels.inLevels).toBe(true);
    const one = checkSweepForm(form({}, { sweepLevels: '0.5' }), none);
    expect(one).toEqual({ ok: false, reason: 'Fill levels: a sweep needs at least 2 levels', inLevels: true });
  });

  it('ignores the form’s own fill level, which the sweep sets', () => {
    expect(checkSweepForm(form({ fill: 'lots' }), none).ok).toBe(true);
  });

  it('for a scenario, asks for one and for the hosts to fill', () => {
    const scenario = form({}, { source: 'scenario' });
    expect(checkSweepForm(scenario, none)).toEqual({ ok: false, reason: 'choose a scenario', inLevels: false });
    expect(checkSweepForm(scenario, { chosen: true, fillHosts: 0 })).toEqual({ ok: false, reason: 'choose the hosts to fill', inLevels: false });
    expect(checkSweepForm(scenario, { chosen: true, fillHosts: 1 }).ok).toBe(true);
  });
});
