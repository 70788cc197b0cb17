/**
 * The view in the URL hash: scenario, step, policy, compare mode (the four, or an A/B
 * pair), presenter mode and the selection, so a reload or a shared link opens the same
 * view (DESIGN.md convention 11: validated at the edge).
 *
 * Format 3 (written): `#3:<view>` or `#3:<view>.<scenario>`, each part lz-string
 * compressed. The view is a few names and numbers, rewritten as the user steps; the
 * scenario part is compressed once per scenario and reused, so a step never recompresses
 * the scenario text. A large scenario is not carried at all: the view names its entry
 * in the recent-scenario store (`{r: id}`), and Share makes the full link on demand.
 * Formats 1 and 2 (one compressed JSON holding everything) still open. The A/B pair (`ab`)
 * and presenter mode (`pr`) are optional fields of format 3's view: a link made before
 * them opens as it did.
 *
 * A link is hostile input: its length is checked before it is unpacked, unpacking stops
 * at LINK_LIMITS.textChars (lz-bounded.ts), and names are bounded by the schema. A damaged
 * link is explained, never thrown. The limits are in docs/limits.md.
 */
import LZString from 'lz-string';
import { z } from 'zod';
import { POLICY_KINDS, type Holder, type SpaceRef } from '../core/model/types.ts';
import { validPair, type PolicyPair } from './run-keys.ts';
import type { PolicyChoice } from '../worker/engine.ts';
import { decompressBounded } from './lz-bounded.ts';
import { quote } from './notice-text.ts';
import { contentId, type RecentSource } from './recent-scenarios.ts';

/** The format this build writes. */
export const HASH_VERSION: number = 3;
/** The oldest format this build still reads. */
export const HASH_OLDEST: number = 1;

const MiB = 1024 * 1024;
export const LINK_LIMITS = {
  /** the longest hash read; browsers keep addresses up to about 2 MB (Chromium: 2 MiB) */
  hashChars: 2 * MiB,
  /** the longest scenario text a link may hold, unpacked */
  textChars: 2 * MiB,
  /** a format-3 view part, unpacked (names and numbers only) */
  viewChars: 16 * 1024,
  /** scenarios up to this many characters ride in the address bar; larger ones by reference */
  inlineChars: 64 * 1024,
  /** the longest file, scenario, host, VM, RID or process name in a link */
  nameChars: 256,
};
export type LinkLimits = typeof LINK_LIMITS;

export type Source =
  | { kind: 'bundled'; file: string }
  /**
   * A scenario that is not bundled: `from` says how it came in, `recentId` names the
   * recent-store entry it was opened from (by default the entry is its content id).
   */
  | { kind: 'inline'; name: string; text: string; from?: RecentSource; recentId?: string };

/** What a link can name: a Source, or an entry of the recent-scenario store of the browser that made it. */
export type LinkSource = Source | { kind: 'recent'; id: string; name: string };

/** What is selected: a process, and the cell it was picked from, if any (the store's Selection). */
export interface HashSelection {
  holder: Holder;
  at?: { space: SpaceRef; pasid: number };
}

export interface HashView {
  source: LinkSource;
  step: number;
  policy: PolicyChoice;
  compare: boolean;
  /** compare mode's two policies side by side; absent or null: the four */
  pair?: PolicyPair | null;
  /** presenter mode */
  presenter?: boolean;
  selection: HashSelection | null;
}

const name = z.string().min(1).max(LINK_LIMITS.nameChars);
const v1Schema = z.strictObject({
  src: z.union([
    z.strictObject({ b: name }),
    z.strictObject({ n: z.string().max(LINK_LIMITS.nameChars), t: z.string().min(1) }),
  ]),
  step: z.number().int().min(0).max(2 ** 31),
  policy: z.enum(['declared', ...POLICY_KINDS]),
  compare: z.boolean().optional(),
});

const pasid = z.number().int().min(0).max(2 ** 20 - 1);
/** `sel`: a guest process `{vm, p}` or a host one `{host, p}`; `at` the cell's space and PASID. */
const atSchema = z.union([
  z.strictObject({ g: name, n: pasid }),
  z.strictObject({ host: name, rid: name, n: pasid }),
  z.strictObject({ vm: name, n: pasid }),
]);
const selSchema = z.union([z.strictObject({ vm: name, p: name, at: atSchema.optional() }), z.strictObject({ host: name, p: name, at: atSchema.optional() })]);

const v2Schema = v1Schema.extend({ sel: selSchema.optional() });
/** Format 3's view part: the scenario is bundled, inline (in the second part), or a recent-store entry. */
const kind = z.enum(POLICY_KINDS);
const v3Schema = v2Schema.extend({
  ab: z.tuple([kind, kind]).optional(),
  pr: z.literal(true).optional(),
  src: z.union([
    z.strictObject({ b: name }),
    z.strictObject({ n: z.string().max(LINK_LIMITS.nameChars) }),
    z.strictObject({ r: z.string().min(1).max(200), n: z.string().max(LINK_LIMITS.nameChars) }),
  ]),
});

type SelPayload = z.infer<typeof selSchema>;
type AtPayload = z.infer<typeof atSchema>;

function selToPayload(s: HashSelection): SelPayload {
  const h = s.holder;
  const a = s.at;
  const at: AtPayload | undefined = !a
    ? undefined
    : a.space.kind === 'g'
      ? { g: a.space.host, n: a.pasid }
      : a.space.kind === 'rid'
        ? { host: a.space.host, rid: a.space.rid, n: a.pasid }
        : { vm: a.space.vm, n: a.pasid };
  const who = h.type === 'guest' ? { vm: h.vm, p: h.process } : { host: h.host, p: h.process };
  return at ? { ...who, at } : who;
}

function selFromPayload(p: SelPayload): HashSelection {
  const holder: Holder = 'vm' in p ? { type: 'guest', vm: p.vm, process: p.p } : { type: 'host', host: p.host, process: p.p };
  if (!p.at) return { holder };
  const a = p.at;
  const space: SpaceRef = 'g' in a ? { kind: 'g', host: a.g } : 'rid' in a ? { kind: 'rid', host: a.host, rid: a.rid } : { kind: 'guest', vm: a.vm };
  return { holder, at: { space, pasid: a.n } };
}

/** The last scenario compressed for a link: compressing is the costly part, and a scenario stays while the view changes. */
let segmentCache: { text: string; segment: string } | null = null;

function scenarioSegment(text: string): string {
  if (segmentCache?.text !== text) segmentCache = { text, segment: LZString.compressToEncodedURIComponent(text) };
  return segmentCache.segment;
}

/**
 * The hash of a view. An inline scenario rides in the link when it has at most
 * `LINK_LIMITS.inlineChars` characters (or always, with `inline: 'always'`, as Share
 * wants); a larger one is named by its recent-store id.
 */
export function encodeHash(v: HashView, opts: { inline?: 'auto' | 'always' } = {}): string {
  const s = v.source;
  const inline = s.kind === 'inline' && (opts.inline === 'always' || s.text.length <= LINK_LIMITS.inlineChars);
  const src =
    s.kind === 'bundled'
      ? { b: s.file }
      : s.kind === 'recent'
        ? { r: s.id, n: s.name }
        : inline
          ? { n: s.name }
          : { r: s.recentId ?? contentId(s.text), n: s.name };
  const payload = {
    src,
    step: v.step,
    policy: v.policy,
    ...(v.compare ? { compare: true } : {}),
    ...(v.pair ? { ab: [...v.pair] } : {}),
    ...(v.presenter ? { pr: true } : {}),
    ...(v.selection ? { sel: selToPayload(v.selection) } : {}),
  };
  const view = LZString.compressToEncodedURIComponent(JSON.stringify(payload));
  return `#${HASH_VERSION}:${view}${inline && s.kind === 'inline' ? `.${scenarioSegment(s.text)}` : ''}`;
}

export type HashResult = { ok: true; view: HashView } | { ok: false; reason: string; tooLarge?: boolean } | { ok: 'empty' };

const sizeText = (chars: number) => (chars >= MiB ? `${(chars / MiB).toFixed(1)} MiB` : `${Math.ceil(chars / 1024)} KiB`);
const tooLarge = (l: LinkLimits) => ({
  ok: false as const,
  reason: `the scenario in it is larger than the ${sizeText(l.textChars)} a link may hold (import the file instead)`,
  tooLarge: true,
});

function unpack(data: string, maxChars: number, l: LinkLimits): { ok: true; value: unknown } | { ok: false; reason: string; tooLarge?: boolean } {
  const r = decompressBounded(data, maxChars);
  if (!r.ok)
    return r.why === 'too-large'
      ? tooLarge(l)
      : { ok: false, reason: 'the link is damaged: its compressed data cannot be read (was it cut short?)' };
  try {
    return { ok: true, value: JSON.parse(r.text) };
  } catch {
    return { ok: false, reason: 'the link is damaged: its contents are not JSON' };
  }
}

function notAView(e: z.ZodError): { ok: false; reason: string } {
  const i = e.issues[0];
  const where = quote(i.path.join('.') || 'root', 60);
  return { ok: false, reason: `the link's contents are not a pasidscope view (${where}: ${quote(i.message, 120)})` };
}

/** Read a location hash. Never throws; bounded in time and memory by LINK_LIMITS (smaller ones for tests). */
export function decodeHash(hash: string, limits: Partial<LinkLimits> = {}): HashResult {
  const L: LinkLimits = { ...LINK_LIMITS, ...limits };
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h.trim() === '') return { ok: 'empty' };
  if (h.length > L.hashChars)
    return { ok: false, reason: `the link is ${sizeText(h.length)} long, more than the ${sizeText(L.hashChars)} this page reads`, tooLarge: true };
  const m = /^(\d{1,6}):/.exec(h);
  if (!m) return { ok: false, reason: 'the link does not hold a pasidscope view (no version tag)' };
  const version = Number(m[1]);
  const body = h.slice(m[0].length);
  if (version < HASH_OLDEST || version > HASH_VERSION) {
    const which = version < HASH_OLDEST ? 'an older' : 'a newer';
    const reads = HASH_OLDEST === HASH_VERSION ? `format ${HASH_VERSION}` : `formats ${HASH_OLDEST}–${HASH_VERSION}`;
    return {
      ok: false,
      reason: `the link was made by ${which} pasidscope (link format ${version}; this one reads ${reads})`,
    };
  }
  const selection = (p: { sel?: z.infer<typeof selSchema> }) => (p.sel ? selFromPayload(p.sel) : null);
  if (version < 3) {
    // One JSON with the text inside: its quotes and escapes may take a little more room.
    const u = unpack(body, L.textChars + Math.ceil(L.textChars / 4) + L.viewChars, L);
    if (!u.ok) return u;
    const r = (version === 1 ? v1Schema : v2Schema).safeParse(u.value);
    if (!r.success) return notAView(r.error);
    // A format-1 view is a format-2 view without a selection.
    const p: z.infer<typeof v2Schema> = r.data;
    if ('t' in p.src && p.src.t.length > L.textChars) return tooLarge(L);
    return {
      ok: true,
      view: {
        source: 'b' in p.src ? { kind: 'bundled', file: p.src.b } : { kind: 'inline', name: p.src.n, text: p.src.t },
        step: p.step,
        policy: p.policy,
        compare: p.compare ?? false,
        selection: selection(p),
      },
    };
  }
  const dot = body.indexOf('.');
  const viewPart = dot < 0 ? body : body.slice(0, dot);
  const u = unpack(viewPart, L.viewChars, L);
  if (!u.ok) return u.tooLarge ? { ok: false, reason: 'the link is damaged: its view part is too long' } : u;
  const r = v3Schema.safeParse(u.value);
  if (!r.success) return notAView(r.error);
  const p = r.data;
  // One policy twice is no pair: the four are shown. Both fields are left out when absent.
  const pair = p.ab ? validPair(p.ab[0], p.ab[1]) : null;
  const base = {
    step: p.step,
    policy: p.policy,
    compare: p.compare ?? false,
    ...(pair ? { pair } : {}),
    ...(p.pr ? { presenter: true } : {}),
    selection: selection(p),
  };
  if ('b' in p.src || 'r' in p.src) {
    if (dot >= 0) return { ok: false, reason: 'the link is damaged: it carries a scenario its view does not use' };
    const source: LinkSource = 'b' in p.src ? { kind: 'bundled', file: p.src.b } : { kind: 'recent', id: p.src.r, name: p.src.n };
    return { ok: true, view: { source, ...base } };
  }
  if (dot < 0) return { ok: false, reason: 'the link is damaged: its scenario part is missing (was it cut short?)' };
  const t = decompressBounded(body.slice(dot + 1), L.textChars);
  if (!t.ok)
    return t.why === 'too-large'
      ? tooLarge(L)
      : { ok: false, reason: 'the link is damaged: its scenario part cannot be read (was it cut short?)' };
  return { ok: true, view: { source: { kind: 'inline', name: p.src.n, text: t.text }, ...base } };
}

/** Whether an inline scenario can travel in a link at all (Share offers the file otherwise). */
export function fitsInLink(text: string): boolean {
  return text.length <= LINK_LIMITS.textChars;
}
