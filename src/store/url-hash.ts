/**
 * The view in the URL hash: scenario, step, policy, compare mode and the selection, so a
 * reload or a shared link opens the same view (DESIGN.md convention 11: validated at the
 * edge).
 *
 * `#<version>:<lz-string>` where the payload is JSON. The version lets a later build
 * explain an old link instead of misreading it; a damaged link is explained, never thrown.
 * Format 1 had no selection; format 2 adds `sel`. Links of both formats open.
 */
import LZString from 'lz-string';
import { z } from 'zod';
import { POLICY_KINDS, type Holder, type SpaceRef } from '../core/model/types.ts';
import type { PolicyChoice } from '../worker/engine.ts';

/** The format this build writes. */
export const HASH_VERSION: number = 2;
/** The oldest format this build still reads. */
export const HASH_OLDEST: number = 1;

export type Source = { kind: 'bundled'; file: string } | { kind: 'inline'; name: string; text: string };

/** What is selected: a process, and the cell it was picked from, if any (the store's Selection). */
export interface HashSelection {
  holder: Holder;
  at?: { space: SpaceRef; pasid: number };
}

export interface HashView {
  source: Source;
  step: number;
  policy: PolicyChoice;
  compare: boolean;
  selection: HashSelection | null;
}

const v1Schema = z.strictObject({
  src: z.union([
    z.strictObject({ b: z.string().min(1) }),
    z.strictObject({ n: z.string(), t: z.string().min(1) }),
  ]),
  step: z.number().int().min(0),
  policy: z.enum(['declared', ...POLICY_KINDS]),
  compare: z.boolean().optional(),
});

const name = z.string().min(1);
const pasid = z.number().int().min(0).max(2 ** 20 - 1);
/** `sel`: a guest process `{vm, p}` or a host one `{host, p}`; `at` the cell's space and PASID. */
const atSchema = z.union([
  z.strictObject({ g: name, n: pasid }),
  z.strictObject({ host: name, rid: name, n: pasid }),
  z.strictObject({ vm: name, n: pasid }),
]);
const selSchema = z.union([z.strictObject({ vm: name, p: name, at: atSchema.optional() }), z.strictObject({ host: name, p: name, at: atSchema.optional() })]);

const v2Schema = v1Schema.extend({ sel: selSchema.optional() });

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

export function encodeHash(v: HashView): string {
  const payload = {
    src: v.source.kind === 'bundled' ? { b: v.source.file } : { n: v.source.name, t: v.source.text },
    step: v.step,
    policy: v.policy,
    ...(v.compare ? { compare: true } : {}),
    ...(v.selection ? { sel: selToPayload(v.selection) } : {}),
  };
  return `#${HASH_VERSION}:${LZString.compressToEncodedURIComponent(JSON.stringify(payload))}`;
}

export type HashResult = { ok: true; view: HashView } | { ok: false; reason: string } | { ok: 'empty' };

/** Read a location hash. Never throws. */
export function decodeHash(hash: string): HashResult {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h.trim() === '') return { ok: 'empty' };
  const m = /^(\d+):(.*)$/s.exec(h);
  if (!m) return { ok: false, reason: 'the link does not hold a pasidscope view (no version tag)' };
  const version = Number(m[1]);
  if (version < HASH_OLDEST || version > HASH_VERSION) {
    const which = version < HASH_OLDEST ? 'an older' : 'a newer';
    const reads = HASH_OLDEST === HASH_VERSION ? `format ${HASH_VERSION}` : `formats ${HASH_OLDEST}–${HASH_VERSION}`;
    return {
      ok: false,
      reason: `the link was made by ${which} pasidscope (link format ${version}; this one reads ${reads})`,
    };
  }
  let json: string | null;
  try {
    json = LZString.decompressFromEncodedURIComponent(m[2]);
  } catch {
    json = null;
  }
  if (!json) return { ok: false, reason: 'the link is damaged: its compressed data cannot be read (was it cut short?)' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'the link is damaged: its contents are not JSON' };
  }
  const r = (version === 1 ? v1Schema : v2Schema).safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, reason: `the link's contents are not a pasidscope view (${i.path.join('.') || 'root'}: ${i.message})` };
  }
  // A format-1 view is a format-2 view without a selection.
  const p: z.infer<typeof v2Schema> = r.data;
  return {
    ok: true,
    view: {
      source: 'b' in p.src ? { kind: 'bundled', file: p.src.b } : { kind: 'inline', name: p.src.n, text: p.src.t },
      step: p.step,
      policy: p.policy,
      compare: p.compare ?? false,
      selection: p.sel ? selFromPayload(p.sel) : null,
    },
  };
}
