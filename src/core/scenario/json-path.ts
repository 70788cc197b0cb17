/**
 * JSON paths of input problems (`events[3].vm`), and values described without recursing
 * into them: a hostile document may nest thousands of levels deep, and a problem message
 * must never be what overflows the stack.
 */

/** `['events', 3, 'vm']` → `events[3].vm` */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** The value at `path`, or undefined. Own properties only, so `__proto__` or `constructor` find nothing inherited. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, p)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as string];
  }
  return v;
}

const MAX_SHOWN = 60;

/** A short, flat description of a value for a message: `"pasidscope/2"`, `42`, `an array`, `an object`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') {
    const s = JSON.stringify(v.length > MAX_SHOWN ? v.slice(0, MAX_SHOWN) : v);
    return v.length > MAX_SHOWN ? `${s.slice(0, -1)}…"` : s;
  }
  return String(v);
}
