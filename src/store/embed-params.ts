/**
 * The embed view's parameters, read from the page's query (docs/embedding.md):
 *
 *   ?embed&scenario=s1-vf-migration-busy-destination.json&step=10&policy=global&compare=1
 *        &allow=https://talks.example.org
 *
 * or `?embed` with a share link's hash (`#2:…`) naming the scenario, step, policy and
 * compare mode; a query parameter given beside the hash overrides the hash's value.
 *
 * `allow` lists the origins whose pages may drive the view with messages (comma-separated
 * or repeated; `null` or `file://` for pages opened from `file://`, whose messages come
 * from the origin `null`). Without it only a parent page of
 * the embed's own origin may; a `file://` embed then accepts none. A URL is outside input:
 * every parameter is checked, and each bad one is named.
 */
import { z } from 'zod';
import { POLICY_KINDS } from '../core/model/types.ts';
import type { PolicyChoice } from '../worker/engine.ts';
import { MAX_STEP } from './embed-protocol.ts';

/** At most this many `allow` origins: a longer list is a mistake, not a deck. */
export const MAX_ALLOW = 16;

export interface EmbedParams {
  /** the bundled file name asked for, if any */
  scenario?: string;
  step?: number;
  policy?: PolicyChoice;
  compare?: boolean;
  /** the origins whose messages are accepted (exact `event.origin` strings) */
  allow: ReadonlySet<string>;
}

/** The parameters that were valid, and a line for each one that was not. */
export interface EmbedParamsResult {
  params: EmbedParams;
  problems: string[];
}

/** Is `?embed` in the query (with or without a value)? */
export function isEmbedQuery(search: string): boolean {
  return new URLSearchParams(search).has('embed');
}

const scenarioName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a bundled file name has only letters, digits, dots, dashes and underscores');
const step = z
  .string()
  .regex(/^\d{1,8}$/, 'a whole number of 0 or more')
  .transform(Number)
  .pipe(z.number().max(MAX_STEP));
const policy = z.enum(['declared', ...POLICY_KINDS], { error: `one of declared, ${POLICY_KINDS.join(', ')}` });
const flag = z.enum(['', '1', '0', 'true', 'false', 'on', 'off'], { error: 'on or off (1/0, true/false)' }).transform((v) => v === '' || v === '1' || v === 'true' || v === 'on');

/** An origin as `event.origin` spells it, or why the text is not one. */
export function readOrigin(text: string): { ok: true; origin: string } | { ok: false; reason: string } {
  const t = text.trim();
  // A file:// page: Chromium calls its own origin `file://` but the messages it sends `null`.
  if (t === 'null' || t === 'file://') return { ok: true, origin: 'null' };
  if (t === '*') return { ok: false, reason: 'a wildcard would let any page drive the view; list the origins' };
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return { ok: false, reason: 'not an origin (scheme://host[:port])' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, reason: 'an origin is http: or https: (or null, for file:// pages)' };
  // An origin has no path, query, fragment or credentials: `https://a.org/` is accepted, `https://a.org/deck` is not.
  if (u.pathname !== '/' || /[?#]/.test(t) || u.username || u.password) return { ok: false, reason: 'an origin has no path, query or user name' };
  return { ok: true, origin: u.origin };
}

function opaque(origin: string): boolean {
  return origin === '' || origin === 'null' || origin.startsWith('file:');
}

function first(q: URLSearchParams, key: string, problems: string[]): string | undefined {
  const all = q.getAll(key);
  if (all.length > 1) problems.push(`${key}: given ${all.length} times; give it once`);
  return all[0];
}

function check<T>(schema: z.ZodType<T, string>, key: string, raw: string | undefined, problems: string[]): T | undefined {
  if (raw === undefined) return undefined;
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  problems.push(`${key}: ${r.error.issues[0]?.message ?? 'not valid'} (got “${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}”)`);
  return undefined;
}

/**
 * Read the embed parameters from a query string. `ownOrigin` is the embed's own origin
 * (`location.origin`), the default `allow` when none is given. A view with any problem is
 * not shown (the author of the slide fixes the address); its valid `allow` origins still
 * get the state, which says what is wrong. Never throws.
 */
export function parseEmbedParams(search: string, ownOrigin: string): EmbedParamsResult {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const params: EmbedParams = { allow: new Set() };
  const scenario = check(scenarioName, 'scenario', first(q, 'scenario', problems), problems);
  if (scenario !== undefined) params.scenario = scenario;
  const s = check(step, 'step', first(q, 'step', problems), problems);
  if (s !== undefined) params.step = s;
  const p = check(policy, 'policy', first(q, 'policy', problems), problems);
  if (p !== undefined) params.policy = p;
  const c = check(flag, 'compare', first(q, 'compare', problems), problems);
  if (c !== undefined) params.compare = c;

  const listed = q
    .getAll('allow')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (listed.length > MAX_ALLOW) problems.push(`allow: ${listed.length} origins; at most ${MAX_ALLOW}`);
  const allow = new Set<string>();
  for (const text of listed.slice(0, MAX_ALLOW)) {
    const o = readOrigin(text);
    if (o.ok) allow.add(o.origin);
    else problems.push(`allow: “${text.length > 60 ? `${text.slice(0, 60)}…` : text}” refused: ${o.reason}`);
  }
  // No list: the embed's own origin, unless that is opaque (file://): no page is of the
  // same origin as an opaque one, so a file:// embed then accepts nothing.
  if (q.getAll('allow').length === 0 && !opaque(ownOrigin)) allow.add(ownOrigin);
  params.allow = allow;
  return { params, problems };
}
