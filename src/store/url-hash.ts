/**
 * The view in the URL hash: scenario, step, policy and compare mode, so a reload or a
 * shared link opens the same view (DESIGN.md convention 11: validated at the edge).
 *
 * `#<version>:<lz-string>` where the payload is JSON. The version lets a later build
 * explain an old link instead of misreading it; a damaged link is explained, never thrown.
 */
import LZString from 'lz-string';
import { z } from 'zod';
import { POLICY_KINDS } from '../core/types.ts';
import type { PolicyChoice } from '../worker/engine.ts';

export const HASH_VERSION = 1;

export type Source = { kind: 'bundled'; file: string } | { kind: 'inline'; name: string; text: string };

export interface HashView {
  source: Source;
  step: number;
  policy: PolicyChoice;
  compare: boolean;
}

const payloadSchema = z.strictObject({
  src: z.union([
    z.strictObject({ b: z.string().min(1) }),
    z.strictObject({ n: z.string(), t: z.string().min(1) }),
  ]),
  step: z.number().int().min(0),
  policy: z.enum(['declared', ...POLICY_KINDS]),
  compare: z.boolean().optional(),
});

export function encodeHash(v: HashView): string {
  const payload = {
    src: v.source.kind === 'bundled' ? { b: v.source.file } : { n: v.source.name, t: v.source.text },
    step: v.step,
    policy: v.policy,
    ...(v.compare ? { compare: true } : {}),
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
  if (version !== HASH_VERSION) {
    const which = version < HASH_VERSION ? 'an older' : 'a newer';
    return {
      ok: false,
      reason: `the link was made by ${which} pasidscope (link format ${version}; this one reads format ${HASH_VERSION})`,
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
  const r = payloadSchema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, reason: `the link's contents are not a pasidscope view (${i.path.join('.') || 'root'}: ${i.message})` };
  }
  const p = r.data;
  return {
    ok: true,
    view: {
      source: 'b' in p.src ? { kind: 'bundled', file: p.src.b } : { kind: 'inline', name: p.src.n, text: p.src.t },
      step: p.step,
      policy: p.policy,
      compare: p.compare ?? false,
    },
  };
}
