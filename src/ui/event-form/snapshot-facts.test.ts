import { describe, expect, it } from 'vitest';
import { bundledByFile } from '../../store/bundled.ts';
import { createPageEngine } from '../../worker/worker-engine.ts';
import { scenarioFacts } from '../editor/scenario-facts.ts';
import { snapshotFacts } from './snapshot-facts.ts';

const S1 = bundledByFile('s1-vf-migration-busy-destination.json')!;
const S14 = bundledByFile('s14-unbind-keeps-the-pasid.json')!;

describe('what exists at a step, from the engine state', () => {
  it('keeps a VM whose migration failed where it was (the text reading cannot know)', async () => {
    const e = createPageEngine();
    const r = await e.open(S1.text, ['global', 'split']);
    expect(r.ok).toBe(true);
    const global = snapshotFacts((await e.frame('global', 10)).snap);
    const split = snapshotFacts((await e.frame('split', 10)).snap);
    expect(global.vmHost.get('vm1')).toBe('A');
    expect(split.vmHost.get('vm1')).toBe('B');
    expect(scenarioFacts(JSON.parse(S1.text), 10).vmHost.get('vm1')).toBe('B');
    expect([...split.aliases.get('vm1')!]).toEqual(['nic0']);
    expect([...split.guestProcs.get('vm1')!].sort()).toEqual(['p1', 'p2', 'p3']);
    expect([...split.hostProcs.get('B')!].sort()).toEqual(['sva1', 'sva2']);
    expect(split.hosts.get('B')?.pfs).toEqual(['0000:3b:00.0', '0000:5e:00.0']);
    e.dispose();
  });

  it('drops a process that exited', async () => {
    const e = createPageEngine();
    const r = await e.open(S14.text, ['declared']);
    expect(r.ok).toBe(true);
    const events = (JSON.parse(S14.text) as { events: { op: string; host?: string; process?: string }[] }).events;
    const i = events.findIndex((x) => x.op === 'host.exit');
    const before = snapshotFacts((await e.frame('declared', i)).snap);
    const after = snapshotFacts((await e.frame('declared', i + 1)).snap);
    expect(before.hostProcs.get(events[i].host!)?.has(events[i].process!)).toBe(true);
    expect(after.hostProcs.get(events[i].host!)?.has(events[i].process!)).toBe(false);
    e.dispose();
  });
});
