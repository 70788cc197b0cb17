/**
 * JSON documents written a piece at a time: the fields of an object, one of which is a
 * long list whose items are produced one by one. Pretty output is byte for byte what
 * `JSON.stringify(document, null, 2)` gives; compact output is one line. Every piece is
 * made terminal-safe (escapeJson) without changing what it means.
 */
import type { Printer } from './printer.ts';
import { escapeJson } from './terminal-text.ts';

export interface StreamedField {
  key: string;
  /** a value, written whole */
  value?: unknown;
  /** or a list of `length` items, each produced when it is written */
  items?: { length: number; item: (i: number) => unknown };
}

/** JSON.stringify at `indent` levels of a pretty document (two spaces each). */
function nested(v: unknown, pretty: boolean, indent: number): string {
  if (!pretty) return JSON.stringify(v);
  return JSON.stringify(v, null, 2).replace(/\n/g, '\n' + '  '.repeat(indent));
}

/**
 * Write `{ field, field, … }`, pretty (indented, as the top-level document) or compact
 * (one line), followed by a newline. Fields whose value is undefined are left out, as
 * JSON.stringify does.
 */
export async function writeJsonObject(p: Printer, fields: readonly StreamedField[], pretty: boolean): Promise<void> {
  const shown = fields.filter((f) => f.items !== undefined || f.value !== undefined);
  const nl = pretty ? '\n' : '';
  const ind = (n: number) => (pretty ? '  '.repeat(n) : '');
  const colon = pretty ? ': ' : ':';
  p.raw('{' + nl);
  for (let k = 0; k < shown.length; k++) {
    const f = shown[k];
    const sep = k < shown.length - 1 ? ',' : '';
    const head = ind(1) + JSON.stringify(f.key) + colon;
    if (!f.items) {
      p.raw(escapeJson(head + nested(f.value, pretty, 1)) + sep + nl);
      continue;
    }
    const { length, item } = f.items;
    if (length === 0) {
      p.raw(escapeJson(head) + '[]' + sep + nl);
      continue;
    }
    p.raw(escapeJson(head) + '[' + nl);
    for (let i = 0; i < length; i++) {
      p.raw(ind(2) + escapeJson(nested(item(i), pretty, 2)) + (i < length - 1 ? ',' : '') + nl);
      const wait = p.pace();
      if (wait) await wait;
    }
    p.raw(ind(1) + ']' + sep + nl);
  }
  p.raw('}\n');
}
