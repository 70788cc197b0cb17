/**
 * Parsing `pasidscope/1` text (DOMAIN.md §4, §6): the document, then each host, function,
 * group, VM and event on its own (so one bad element does not hide the others' problems),
 * then every reference (resolve.ts). Never throws; bad input comes back as problems by
 * JSON path.
 */
import type { z } from 'zod';
import { describeIssue } from './describe-issue.ts';
import { jsonPath } from './json-path.ts';
import { checkJsonDepth, checkScenarioCounts, checkTextSize } from './limits.ts';
import { resolve, type RawScenario } from './resolve.ts';
import type { InputProblem, ParseResult } from './scenario.ts';
import { eventSchema, functionSchema, groupSchema, hostSchema, topSchema, vmSchema } from './schema.ts';

/**
 * Parse scenario text (JSON; a leading UTF-8 byte-order mark is allowed, as editors write
 * it). The documented caps (docs/limits.md) are checked first: size and nesting on the
 * text, before `JSON.parse`; counts and lengths on the value, before the schema.
 */
export function parseScenarioText(text: string): ParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const early = checkTextSize(body) ?? checkJsonDepth(body);
  if (early) return { ok: false, problems: [early] };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return { ok: false, problems: [{ path: '', message: `not JSON: ${(e as Error).message}` }] };
  }
  return parseScenario(value);
}

const own = (o: unknown, k: string): unknown =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined;
const arrayAt = (o: unknown, k: string): unknown[] => {
  const v = own(o, k);
  return Array.isArray(v) ? v : [];
};

/** Validate a scenario value (already parsed JSON). Never throws. */
export function parseScenario(input: unknown): ParseResult {
  const too = checkScenarioCounts(input);
  if (too.length) return { ok: false, problems: too };
  const problems: InputProblem[] = [];
  const report = (base: PropertyKey[], issues: readonly z.core.$ZodIssue[], root: unknown) => {
    for (const i of issues) {
      // zod reports an unknown discriminator at the union's path; point at `.op`.
      const path = i.code === 'invalid_union' && i.path.at(-1) !== 'op' && base[0] === 'events' ? [...i.path, 'op'] : i.path;
      problems.push({ path: jsonPath([...base, ...path]), message: describeIssue(i, root, path) });
    }
  };
  const top = topSchema.safeParse(input);
  if (!top.success) report([], top.error.issues, input);
  const check = <T>(schema: z.ZodType<T>, el: unknown, base: PropertyKey[]): T | null => {
    const r = schema.safeParse(el);
    if (r.success) return r.data;
    report(base, r.error.issues, el);
    return null;
  };
  const rawHosts = arrayAt(input, 'hosts');
  const raw: RawScenario = {
    title: typeof own(input, 'title') === 'string' ? (own(input, 'title') as string) : undefined,
    description: typeof own(input, 'description') === 'string' ? (own(input, 'description') as string) : undefined,
    hosts: rawHosts.map((h, i) => ({
      head: check(hostSchema, h, ['hosts', i]),
      raw: h,
      functions: arrayAt(h, 'functions').map((f, j) => ({ spec: check(functionSchema, f, ['hosts', i, 'functions', j]), raw: f })),
      groups: arrayAt(h, 'pasidGroups').map((g, j) => check(groupSchema, g, ['hosts', i, 'pasidGroups', j])),
    })),
    vms: arrayAt(input, 'vms').map((v, i) => ({ spec: check(vmSchema, v, ['vms', i]), raw: v })),
    events: arrayAt(input, 'events').map((e, i) => check(eventSchema, e, ['events', i])),
  };
  const scenario = resolve(raw, problems);
  return problems.length ? { ok: false, problems: dedupe(problems) } : { ok: true, scenario };
}

function dedupe(ps: InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = p.path + '\u0000' + p.message;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
