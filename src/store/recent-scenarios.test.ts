import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { contentId, openRecentStore, type RecentBackendKind, type RecentStore } from './recent-scenarios.ts';

/** A Storage over a Map that refuses to hold more than `capacity` characters, as browsers do. */
class SmallStorage implements Storage {
  private readonly m = new Map<string, string>();
  constructor(private readonly capacity = Infinity) {}
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    const used = [...this.m].reduce((n, [key, val]) => n + (key === k ? 0 : key.length + val.length), 0);
    if (used + k.length + v.length > this.capacity) throw new DOMException('full', 'QuotaExceededError');
    this.m.set(k, v);
  }
}

let clock = 1000;
const now = () => clock++;
let dbs = 0;
async function open(
  kind: RecentBackendKind,
  storage: Storage = new SmallStorage(),
  limits = { maxEntries: 3, maxChars: 100 },
): Promise<RecentStore> {
  const s = await openRecentStore({
    prefer: [kind],
    dbName: `test-${dbs++}`,
    storage,
    now,
    limits: { [kind]: limits },
  });
  expect(s.backend).toBe(kind);
  return s;
}
const entry = (text: string, title = text) => ({
  text,
  title,
  name: `${title}.json`,
  source: 'paste' as const,
});

describe.each(['indexeddb', 'localstorage', 'memory'] as const)('the recent-scenario store on %s', (kind) => {
  it('puts, gets, lists newest first and deletes', async () => {
    const s = await open(kind);
    const a = await s.put(entry('{"a":1}', 'A'));
    const b = await s.put({ ...entry('{"b":2}', 'B'), valid: false, source: 'link' });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.meta).toMatchObject({
      id: contentId('{"a":1}'),
      title: 'A',
      name: 'A.json',
      source: 'paste',
      size: 7,
      valid: true,
    });
    expect((await s.list()).map((m) => m.title)).toEqual(['B', 'A']);
    expect(await s.get(a.meta.id)).toMatchObject({ text: '{"a":1}', title: 'A' });
    expect(await s.get(b.meta.id)).toMatchObject({ valid: false, source: 'link' });
    expect(await s.get('no-such-id')).toBeNull();
    await s.delete(a.meta.id);
    expect(await s.get(a.meta.id)).toBeNull();
    expect((await s.list()).map((m) => m.title)).toEqual(['B']);
  });

  it('keeps one entry for one text, and names given by the caller apart', async () => {
    const s = await open(kind);
    await s.put(entry('{"same":1}', 'first'));
    await s.put(entry('{"same":1}', 'again'));
    await s.put({ ...entry('{"same":1}', 'branch'), id: 'branch:main', source: 'edit' });
    const l = await s.list();
    expect(l.map((m) => [m.id, m.title])).toEqual([
      ['branch:main', 'branch'],
      [contentId('{"same":1}'), 'again'],
    ]);
    // Names that are also Object.prototype's are ids like any other.
    for (const id of ['__proto__', 'constructor', 'toString']) {
      const r = await s.put({ ...entry(`{"${id}":1}`), id });
      expect(r.ok).toBe(true);
      expect((await s.get(id))?.text).toBe(`{"${id}":1}`);
    }
  });

  it('evicts the least recently saved or opened entries past the quota, never the new one', async () => {
    const s = await open(kind, new SmallStorage(), { maxEntries: 3, maxChars: 100 });
    const ids: string[] = [];
    for (const t of ['one', 'two', 'three']) {
      const r = await s.put(entry(`"${t}"`, t));
      if (r.ok) ids.push(r.meta.id);
    }
    // Opening "one" makes it the most recent: "two" goes first.
    await s.touch(ids[0]);
    const four = await s.put(entry('"four"', 'four'));
    expect(four.ok && four.evicted.map((m) => m.title)).toEqual(['two']);
    expect((await s.list()).map((m) => m.title)).toEqual(['four', 'one', 'three']);
    // By size: 90 characters leave room for nothing else.
    const big = await s.put(entry('x'.repeat(90), 'big'));
    expect(big.ok && big.evicted.map((m) => m.title)).toEqual(['three', 'one']);
    expect((await s.list()).map((m) => m.title)).toEqual(['big', 'four']);
    expect(await s.get(ids[1])).toBeNull();
    // One larger than the whole quota is refused, and nothing is evicted for it.
    const huge = await s.put(entry('x'.repeat(101), 'huge'));
    expect(huge).toEqual({
      ok: false,
      reason: expect.stringMatching(/more than the 1 KiB this browser keeps/),
    });
    expect((await s.list()).map((m) => m.title)).toEqual(['big', 'four']);
  });

  it('cuts long titles and names, and refuses an id that is too long', async () => {
    const s = await open(kind, new SmallStorage(), { maxEntries: 3, maxChars: 10_000 });
    const r = await s.put({ text: '{}', title: 't'.repeat(5000), name: 'n'.repeat(5000), source: 'file' });
    expect(r.ok && [r.meta.title.length, r.meta.name.length]).toEqual([300, 300]);
    expect(await s.put({ ...entry('{}'), id: 'i'.repeat(201) })).toMatchObject({ ok: false });
    expect(await s.put({ ...entry('{}'), id: '' })).toMatchObject({ ok: false });
  });
});

describe('the recent-scenario store in localStorage', () => {
  it('survives a new page (a new store over the same storage) and ignores what it did not write', async () => {
    const storage = new SmallStorage();
    const a = await open('localstorage', storage);
    await a.put(entry('{"kept":true}', 'kept'));
    const b = await open('localstorage', storage);
    expect((await b.list()).map((m) => m.title)).toEqual(['kept']);
    storage.setItem(
      'pasidscope.recent.index',
      JSON.stringify([
        { id: 'x', title: 1 },
        null,
        'junk',
        ...JSON.parse(storage.getItem('pasidscope.recent.index')!),
      ]),
    );
    expect((await b.list()).map((m) => m.title)).toEqual(['kept']);
    storage.setItem('pasidscope.recent.index', '{not json');
    expect(await b.list()).toEqual([]);
  });

  it('says so when the browser has no room, and keeps the entry it had', async () => {
    const storage = new SmallStorage(400);
    const s = await open('localstorage', storage, { maxEntries: 10, maxChars: 10_000 });
    const first = await s.put({ ...entry('{"v":1}', 'v1'), id: 'doc' });
    expect(first.ok).toBe(true);
    const r = await s.put({ ...entry('x'.repeat(1000), 'v2'), id: 'doc' });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/no room left/) });
    expect(await s.get('doc')).toMatchObject({ text: '{"v":1}', title: 'v1' });
  });
});

describe('opening the store', () => {
  it('falls back to localStorage, then memory', async () => {
    const broken = {
      setItem() {
        throw new Error('blocked');
      },
    } as unknown as Storage;
    expect((await openRecentStore({ prefer: ['localstorage', 'memory'], storage: broken })).backend).toBe(
      'memory',
    );
    expect(
      (await openRecentStore({ prefer: ['localstorage', 'memory'], storage: new SmallStorage() })).backend,
    ).toBe('localstorage');
  });

  it('gives equal texts equal ids, and different ones different ids', () => {
    expect(contentId('{"a":1}')).toBe(contentId('{"a":1}'));
    const ids = new Set(Array.from({ length: 2000 }, (_, i) => contentId(`{"n":${i}}`)));
    expect(ids.size).toBe(2000);
    expect(contentId('')).toMatch(/^[0-9a-z]+-0$/);
  });
});
