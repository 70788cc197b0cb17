import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmbedBridge, type BridgeWindow, type PostTarget } from './embed-bridge.ts';
import { openEmbed } from './embed-open.ts';
import { parseEmbedParams } from './embed-params.ts';
import { stateSchema, type EmbedState } from './embed-protocol.ts';
import { useEmbedStatus } from './embed-state.ts';
import { useAppStore } from './store.ts';

const HOST = 'https://talks.example.org';
const S1 = 's1-vf-migration-busy-destination.json';

interface Posted {
  message: EmbedState;
  targetOrigin: string;
}

/** A parent window that records what it is sent, and the embed's window around it. */
function frame(parentOrigin?: string) {
  const posted: Posted[] = [];
  const parent: PostTarget = {
    postMessage: (message, targetOrigin) => posted.push({ message: message as EmbedState, targetOrigin }),
  };
  const listeners = new Set<(e: MessageEvent) => void>();
  const win: BridgeWindow = {
    parent,
    addEventListener: (_t, fn) => listeners.add(fn),
    removeEventListener: (_t, fn) => listeners.delete(fn),
    parentOrigin,
  };
  const deliver = (data: unknown, origin = HOST, source: unknown = parent) => {
    for (const fn of listeners) fn({ data, origin, source } as MessageEvent);
  };
  return { win, posted, deliver, listeners };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let stop: (() => void) | null = null;

async function start(query: string, parentOrigin?: string) {
  const f = frame(parentOrigin);
  const { params, problems } = parseEmbedParams(query, 'https://pasidscope.example');
  expect(problems).toEqual([]);
  const opened = openEmbed(params, '');
  stop = startEmbedBridge({ win: f.win, allow: params.allow, opened });
  await opened;
  return f;
}

const last = (posted: Posted[]) => posted[posted.length - 1]?.message;

describe('embed bridge', () => {
  beforeEach(() => {
    useEmbedStatus.setState({ phase: 'loading', problems: [], refused: 0, malformed: 0 });
    useAppStore.setState({ policy: 'declared', compare: false });
  });
  afterEach(() => {
    stop?.();
    stop = null;
  });

  it('steps, seeks, switches policy and compare for an allowed parent, and posts each state', async () => {
    const f = await start(`?embed&scenario=${S1}&allow=${HOST}`);
    expect(f.posted).toEqual([]); // nothing before the host speaks: its origin is unknown
    f.deliver({ pasidscope: 1, command: 'state' });
    await until(() => f.posted.length === 1, 'the state');
    expect(f.posted[0].targetOrigin).toBe(HOST);
    expect(stateSchema.parse(last(f.posted))).toMatchObject({ ready: true, scenario: S1, step: 0, length: 10, policy: 'declared', compare: false, outcome: null });

    f.deliver({ pasidscope: 1, command: 'next' });
    await until(() => last(f.posted).step === 1, 'step 1');
    expect(last(f.posted).outcome).toMatchObject({ op: 'assign', ok: true, chip: 'ok' });

    f.deliver({ pasidscope: 1, command: 'seek', step: 10 });
    f.deliver({ pasidscope: 1, command: 'policy', policy: 'global' });
    await until(() => last(f.posted).policy === 'global', 'policy global');
    expect(last(f.posted)).toMatchObject({ step: 10, outcome: { op: 'migrate', ok: false, code: 'EBUSY', chip: 'EBUSY' } });
    // A command's intermediate states (policy set, its run not loaded yet) are not posted.
    expect(f.posted.filter((p) => p.message.policy === 'global' && p.message.outcome === null)).toEqual([]);

    f.deliver({ pasidscope: 1, command: 'compare', on: true });
    await until(() => last(f.posted).compare, 'compare on');
    const s = stateSchema.parse(last(f.posted));
    expect(s.outcomes?.global).toMatchObject({ ok: false, code: 'EBUSY' });
    expect(s.outcomes?.split).toMatchObject({ ok: true, chip: 'ok' });
    expect(s.outcome).toMatchObject({ code: 'EBUSY' }); // under `policy` (global), one of the four

    f.deliver({ pasidscope: 1, command: 'prev' });
    await until(() => last(f.posted).step === 9, 'step 9');
    expect(last(f.posted).outcomes?.split).toMatchObject({ op: 'guest.bind', chip: 'ok 0x3' });
  });

  it('ignores, and counts, messages from another window or origin, and malformed ones', async () => {
    const f = await start(`?embed&scenario=${S1}&allow=${HOST}`);
    f.deliver({ pasidscope: 1, command: 'next' }, 'https://evil.example');
    f.deliver({ pasidscope: 1, command: 'next' }, HOST, { postMessage() {} }); // a sibling frame at an allowed origin
    expect(useEmbedStatus.getState().refused).toBe(2);
    for (const bad of [null, 'next', { command: 'next' }, { pasidscope: 2, command: 'next' }, { pasidscope: 1, command: 'seek', step: -1 }, { pasidscope: 1, command: 'next', extra: 1 }, { pasidscope: 1, command: 'policy', policy: '__proto__' }])
      f.deliver(bad);
    expect(useEmbedStatus.getState().malformed).toBe(7);
    await new Promise((r) => setTimeout(r, 20));
    expect(f.posted).toEqual([]);
    expect(useAppStore.getState().cursor).toBe(0);

    f.deliver({ pasidscope: 1, command: 'state' });
    await until(() => f.posted.length === 1, 'the state');
    expect(last(f.posted)).toMatchObject({ step: 0, debug: { refused: 2, malformed: 7 } });
  });

  it("ignores the window's own messages without counting them", async () => {
    const f = await start(`?embed&scenario=${S1}&allow=${HOST}`);
    f.deliver({ pasidscope: 1, command: 'next' }, 'https://pasidscope.example', f.win);
    expect(useEmbedStatus.getState()).toMatchObject({ refused: 0, malformed: 0 });
  });

  it('accepts no one but its own origin by default', async () => {
    const f = await start(`?embed&scenario=${S1}`);
    f.deliver({ pasidscope: 1, command: 'next' });
    expect(useEmbedStatus.getState().refused).toBe(1);
    f.deliver({ pasidscope: 1, command: 'next' }, 'https://pasidscope.example');
    await until(() => f.posted.length > 0 && last(f.posted).step === 1, 'step 1');
  });

  it('reaches a file:// host (origin null) with "*", and posts first when the parent origin is known and allowed', async () => {
    const f = await start(`?embed&scenario=${S1}&step=3&allow=null`, 'null');
    await until(() => f.posted.length === 1, 'the first state');
    expect(f.posted[0]).toMatchObject({ targetOrigin: '*', message: { ready: true, step: 3 } });
  });

  it('says why a view cannot open', async () => {
    const f = frame();
    const { params } = parseEmbedParams(`?embed&scenario=s99-none.json&allow=${HOST}`, 'https://pasidscope.example');
    const opened = openEmbed(params, '');
    stop = startEmbedBridge({ win: f.win, allow: params.allow, opened });
    expect(await opened).toBe(false);
    f.deliver({ pasidscope: 1, command: 'state' });
    await until(() => f.posted.length === 1, 'the state');
    expect(last(f.posted)).toMatchObject({ ready: false, error: 'scenario: this version has no bundled scenario “s99-none.json”' });
  });
});
