/**
 * A local store of named scenario texts: what the user pasted, imported or opened from a
 * link (and, later, edits and branches), kept across reloads so that no input is lost
 * to a reload, a bad link or a change of scenario.
 *
 * Entries are `{ id, text }` with metadata (title, name, source, time, size, validity).
 * IndexedDB holds them where it can; else localStorage; else memory (gone on reload, and
 * `backend` says so). What comes back from storage is validated like any input: another
 * version of the page, another tab or the user may have written there.
 *
 * Quota and eviction: at most `maxEntries` entries and `maxChars` characters of text in
 * all (RECENT_LIMITS, per backend). Saving past either evicts the least recently saved or
 * opened entries first; the entry being saved is never evicted, and one larger than the
 * whole quota is refused with a reason. Docs: docs/limits.md.
 */
import {
  globalStorage,
  ID_MAX,
  LABEL_MAX,
  memoryBackend,
  metaSchema,
  tryIndexedDb,
  tryStorage,
  type Backend,
  type RecentBackendKind,
  type RecentMeta,
  type RecentSource,
} from './recent-backends.ts';

/** How an entry came in. */
export type { RecentBackendKind, RecentMeta, RecentSource } from './recent-backends.ts';

export interface RecentEntry extends RecentMeta {
  text: string;
}

export interface RecentInput {
  text: string;
  title: string;
  name: string;
  source: RecentSource;
  valid?: boolean;
  /** default: contentId(text), so saving the same text again refreshes one entry */
  id?: string;
}

export type PutResult = { ok: true; meta: RecentMeta; evicted: RecentMeta[] } | { ok: false; reason: string };

export interface RecentStore {
  readonly backend: RecentBackendKind;
  readonly limits: RecentLimits;
  /** Save (or replace) an entry, evicting the oldest ones when over the quota. Never rejects. */
  put(input: RecentInput): Promise<PutResult>;
  /** The entry, or null when there is none (or storage cannot be read). Never rejects. */
  get(id: string): Promise<RecentEntry | null>;
  /** Every entry's metadata, most recent first. Never rejects. */
  list(): Promise<RecentMeta[]>;
  /** Mark an entry as just opened, so it is evicted last. */
  touch(id: string): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface RecentLimits {
  maxEntries: number;
  /** characters of text in all entries together; also the largest single entry */
  maxChars: number;
}

const MiB = 1024 * 1024;
/** localStorage holds about 5 MB (UTF-16) per site, shared with everything else the page keeps there. */
export const RECENT_LIMITS: Record<RecentBackendKind, RecentLimits> = {
  indexeddb: { maxEntries: 50, maxChars: 64 * MiB },
  localstorage: { maxEntries: 20, maxChars: 2 * MiB },
  memory: { maxEntries: 50, maxChars: 64 * MiB },
};

/**
 * A short id of a text: 53 bits of the cyrb53 hash and the length, in base 36. Equal
 * texts get equal ids, so a link can name a stored scenario without carrying it.
 */
let lastId: { text: string; id: string } | null = null;

export function contentId(text: string): string {
  // The page asks again for the scenario it shows at every step: answer from the last one.
  if (lastId?.text === text) return lastId.id;
  const id = hashText(text);
  lastId = { text, id };
  return id;
}

function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const h = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return `${h.toString(36)}-${text.length.toString(36)}`;
}

const cut = (s: string) => (s.length > LABEL_MAX ? s.slice(0, LABEL_MAX - 1) + '…' : s);

function sizeText(chars: number): string {
  return chars >= MiB ? `${(chars / MiB).toFixed(1)} MiB` : `${Math.ceil(chars / 1024)} KiB`;
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : 'Error';
}

/** The store over one backend. `now` is for tests. */
function storeOver(b: Backend, limits: RecentLimits, now: () => number): RecentStore {
  const list = async (): Promise<RecentMeta[]> => {
    let raw: unknown[];
    try {
      raw = await b.metas();
    } catch {
      return [];
    }
    const out: RecentMeta[] = [];
    for (const m of raw) {
      const r = metaSchema.safeParse(m);
      if (r.success) out.push(r.data);
    }
    return out.sort((x, y) => y.savedAt - x.savedAt);
  };

  return {
    backend: b.kind,
    limits,
    list,

    async put(input) {
      const id = input.id ?? contentId(input.text);
      if (id.length === 0 || id.length > ID_MAX)
        return { ok: false, reason: `an id must have 1 to ${ID_MAX} characters` };
      const size = input.text.length;
      if (size > limits.maxChars)
        return {
          ok: false,
          reason: `it is ${sizeText(size)}, more than the ${sizeText(limits.maxChars)} this browser keeps for recent scenarios`,
        };
      const meta: RecentMeta = {
        id,
        title: cut(input.title || input.name),
        name: cut(input.name),
        source: input.source,
        savedAt: now(),
        size,
        valid: input.valid ?? true,
      };
      // Oldest first, the entry being replaced left out: evict until both limits hold.
      const others = (await list()).filter((m) => m.id !== id).reverse();
      let count = others.length + 1;
      let chars = others.reduce((n, m) => n + m.size, size);
      const evicted: RecentMeta[] = [];
      for (const m of others) {
        if (count <= limits.maxEntries && chars <= limits.maxChars) break;
        evicted.push(m);
        count--;
        chars -= m.size;
      }
      try {
        await b.write(
          meta,
          input.text,
          evicted.map((m) => m.id),
        );
      } catch (e) {
        return {
          ok: false,
          reason:
            errorName(e) === 'QuotaExceededError'
              ? 'the browser has no room left for it (its storage for this site is full)'
              : 'the browser refused to store it',
        };
      }
      return { ok: true, meta, evicted };
    },

    async get(id) {
      let meta: RecentMeta | undefined;
      let text: unknown;
      try {
        meta = (await list()).find((m) => m.id === id);
        if (!meta) return null;
        text = await b.text(id);
      } catch {
        return null;
      }
      return typeof text === 'string' ? { ...meta, size: text.length, text } : null;
    },

    async touch(id) {
      const meta = (await list()).find((m) => m.id === id);
      if (!meta) return;
      try {
        await b.setMeta({ ...meta, savedAt: now() });
      } catch {
        // Recency is a hint for eviction; losing it loses nothing.
      }
    },

    async delete(id) {
      try {
        await b.remove(id);
      } catch {
        // Nothing to do: the entry stays listed and can be removed again.
      }
    },
  };
}

export interface OpenOptions {
  /** backends to try, in order (default: IndexedDB, localStorage, memory) */
  prefer?: RecentBackendKind[];
  dbName?: string;
  storage?: Storage;
  limits?: Partial<Record<RecentBackendKind, RecentLimits>>;
  now?: () => number;
}

/** Open the store on the first backend that works. Never rejects. */
export async function openRecentStore(opts: OpenOptions = {}): Promise<RecentStore> {
  const order = opts.prefer ?? ['indexeddb', 'localstorage', 'memory'];
  const now = opts.now ?? Date.now;
  const limitsOf = (k: RecentBackendKind) => opts.limits?.[k] ?? RECENT_LIMITS[k];
  for (const kind of order) {
    const b =
      kind === 'indexeddb'
        ? await tryIndexedDb(opts.dbName ?? 'pasidscope-recent')
        : kind === 'localstorage'
          ? tryStorage(opts.storage ?? globalStorage())
          : memoryBackend();
    if (b) return storeOver(b, limitsOf(kind), now);
  }
  return storeOver(memoryBackend(), limitsOf('memory'), now);
}
