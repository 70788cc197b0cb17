/**
 * Where the recent-scenario store keeps its entries (recent-scenarios.ts decides what goes
 * in and out): IndexedDB through idb, localStorage, or memory. Raw reads and writes only;
 * what comes back is validated by the store, with `metaSchema`.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { z } from 'zod';

export type RecentSource = 'file' | 'paste' | 'link' | 'edit';
export type RecentBackendKind = 'indexeddb' | 'localstorage' | 'memory';

export interface RecentMeta {
  /** the caller's key, or by default the content id of the text (contentId) */
  id: string;
  /** the scenario's title, or its name when it has none */
  title: string;
  /** the file name, "pasted scenario", or the name a link gave */
  name: string;
  source: RecentSource;
  /** when it was last saved or opened, ms since the epoch */
  savedAt: number;
  /** characters of text */
  size: number;
  /** whether the text was a valid scenario when saved (an invalid paste is kept too) */
  valid: boolean;
}

/** The longest id, title or name kept (longer titles and names are cut). */
export const ID_MAX = 200;
export const LABEL_MAX = 300;

export const metaSchema = z.object({
  id: z.string().min(1).max(ID_MAX),
  title: z.string().max(LABEL_MAX),
  name: z.string().max(LABEL_MAX),
  source: z.enum(['file', 'paste', 'link', 'edit']),
  savedAt: z.number().finite(),
  size: z.number().int().min(0),
  valid: z.boolean(),
});

export interface Backend {
  kind: RecentBackendKind;
  metas(): Promise<unknown[]>;
  text(id: string): Promise<unknown>;
  /** Write one entry and remove `evict`, together where the backend can. */
  write(meta: RecentMeta, text: string, evict: string[]): Promise<void>;
  setMeta(meta: RecentMeta): Promise<void>;
  remove(id: string): Promise<void>;
}

interface RecentDb extends DBSchema {
  meta: { key: string; value: RecentMeta };
  text: { key: string; value: string };
}

function idbBackend(db: IDBPDatabase<RecentDb>): Backend {
  return {
    kind: 'indexeddb',
    metas: () => db.getAll('meta'),
    text: (id) => db.get('text', id),
    async write(meta, text, evict) {
      const tx = db.transaction(['meta', 'text'], 'readwrite');
      const metas = tx.objectStore('meta');
      const texts = tx.objectStore('text');
      const ops: Promise<unknown>[] = [texts.put(text, meta.id), metas.put(meta)];
      for (const id of evict) ops.push(metas.delete(id), texts.delete(id));
      await Promise.all([...ops, tx.done]);
    },
    async setMeta(meta) {
      await db.put('meta', meta);
    },
    async remove(id) {
      const tx = db.transaction(['meta', 'text'], 'readwrite');
      await Promise.all([tx.objectStore('meta').delete(id), tx.objectStore('text').delete(id), tx.done]);
    },
  };
}

const LS_INDEX = 'pasidscope.recent.index';
const LS_TEXT = 'pasidscope.recent.text.';

function storageBackend(storage: Storage): Backend {
  const readIndex = (): unknown[] => {
    try {
      const v: unknown = JSON.parse(storage.getItem(LS_INDEX) ?? '[]');
      return Array.isArray(v) ? v : [];
    } catch {
      return [];
    }
  };
  const valid = () =>
    readIndex().flatMap((m) => {
      const r = metaSchema.safeParse(m);
      return r.success ? [r.data] : [];
    });
  const writeIndex = (metas: RecentMeta[]) => storage.setItem(LS_INDEX, JSON.stringify(metas));
  return {
    kind: 'localstorage',
    metas: async () => readIndex(),
    text: async (id) => storage.getItem(LS_TEXT + id),
    async write(meta, text, evict) {
      // Evict first: the room is needed for the new text. setItem is all or nothing, so a
      // refused text leaves an older entry of the same id as it was.
      for (const id of evict) storage.removeItem(LS_TEXT + id);
      const gone = new Set(evict);
      const rest = valid().filter((m) => !gone.has(m.id));
      writeIndex(rest);
      storage.setItem(LS_TEXT + meta.id, text);
      writeIndex([...rest.filter((m) => m.id !== meta.id), meta]);
    },
    async setMeta(meta) {
      writeIndex(valid().map((m) => (m.id === meta.id ? meta : m)));
    },
    async remove(id) {
      storage.removeItem(LS_TEXT + id);
      writeIndex(valid().filter((m) => m.id !== id));
    },
  };
}

export function memoryBackend(): Backend {
  const metas = new Map<string, RecentMeta>();
  const texts = new Map<string, string>();
  return {
    kind: 'memory',
    metas: async () => [...metas.values()],
    text: async (id) => texts.get(id),
    async write(meta, text, evict) {
      for (const id of evict) {
        metas.delete(id);
        texts.delete(id);
      }
      metas.set(meta.id, meta);
      texts.set(meta.id, text);
    },
    async setMeta(meta) {
      if (metas.has(meta.id)) metas.set(meta.id, meta);
    },
    async remove(id) {
      metas.delete(id);
      texts.delete(id);
    },
  };
}

/** How long opening IndexedDB may take before localStorage is used instead (a blocked upgrade can hang). */
const IDB_OPEN_MS = 3000;

export async function tryIndexedDb(name: string): Promise<Backend | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    const open = openDB<RecentDb>(name, 1, {
      upgrade(db) {
        db.createObjectStore('meta', { keyPath: 'id' });
        db.createObjectStore('text');
      },
    });
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), IDB_OPEN_MS));
    const db = await Promise.race([open, timeout]);
    if (!db) {
      void open.then(
        (d) => d.close(),
        () => {},
      );
      return null;
    }
    return idbBackend(db);
  } catch {
    // Private windows and blocked site data refuse IndexedDB: fall back.
    return null;
  }
}

export function tryStorage(storage: Storage | undefined): Backend | null {
  if (!storage) return null;
  try {
    const probe = 'pasidscope.recent.probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storageBackend(storage);
  } catch {
    return null;
  }
}

export function globalStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // Reading localStorage itself throws where the user blocks site data.
    return undefined;
  }
}
