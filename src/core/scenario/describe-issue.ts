/**
 * zod issues as the problems a user reads: short, by JSON path, naming the value without
 * printing it whole (it may be huge or nested thousands deep).
 */
import type { z } from 'zod';
import { describeValue, valueAt } from './json-path.ts';
import { FORMAT } from './scenario.ts';
import { OPS } from './schema.ts';

export function describeIssue(issue: z.core.$ZodIssue, input: unknown, path: readonly PropertyKey[]): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => describeValue(k)).join(', ')}`;
  if (issue.code === 'invalid_union' && path.at(-1) === 'op') {
    const op = valueAt(input, path);
    return op === undefined ? 'missing "op"' : `unknown op ${describeValue(op)} (one of ${OPS.join(', ')})`;
  }
  if (issue.code === 'invalid_value' && issue.path.at(-1) === 'format')
    return `format must be "${FORMAT}", got ${describeValue(valueAt(input, issue.path))}`;
  if (issue.code === 'invalid_value' && issue.values.length > 1)
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(valueAt(input, issue.path))}`;
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return `required ${issue.expected} is missing`;
  if (issue.code === 'invalid_type') return `must be ${article(issue.expected)}, got ${describeValue(valueAt(input, issue.path))}`;
  return issue.message;
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}
