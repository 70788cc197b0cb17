/**
 * Where in the text a parser problem belongs. The parser names problems by JSON path
 * (`events[3].vm`); this finds that path in a syntax tree that keeps source offsets
 * (jsonc-parser), rather than guessing from the text. Pure: no DOM, no editor.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/** A range of the text, in UTF-16 offsets as the editor counts them. */
export interface Span {
  from: number;
  to: number;
}

/** The text's syntax tree and its syntax errors (strict JSON: no comments, no trailing commas). */
export interface SourceTree {
  root: Node | undefined;
  errors: { message: string; span: Span }[];
}

/** Parse once per text; every problem of that text is placed in the same tree. */
export function sourceTree(text: string): SourceTree {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  return {
    root,
    errors: errors.map((e) => ({
      message: printParseErrorCode(e.error),
      span: { from: e.offset, to: e.offset + Math.max(1, e.length) },
    })),
  };
}

/** The property of `obj` named `key`; the last one when a key repeats, as JSON.parse keeps the last. */
function property(obj: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) found = p;
  return found;
}

/**
 * The deepest node that `path` reaches from `node`, and how much of the path is left.
 * Keys may themselves hold `.` or `[` (a `map` alias is any string), so every key of the
 * object that the path could start with is tried and the deepest match wins.
 */
function walk(node: Node, rest: string, top: boolean): { node: Node; rest: string } {
  if (rest === '') return { node, rest };
  let best = { node, rest };
  if (node.type === 'array') {
    const m = /^\[(\d+)\]/.exec(rest);
    const child = m ? node.children?.[Number(m[1])] : undefined;
    if (m && child) best = walk(child, rest.slice(m[0].length), false);
    return best;
  }
  if (node.type !== 'object') return best;
  for (const p of node.children ?? []) {
    const key = p.children?.[0]?.value;
    if (typeof key !== 'string') continue;
    const head = top ? key : `.${key}`;
    if (!rest.startsWith(head)) continue;
    const after = rest.slice(head.length);
    if (after !== '' && after[0] !== '.' && after[0] !== '[') continue;
    // Among repeated keys JSON.parse keeps the last: only the last one is a match.
    if (property(node, key) !== p) continue;
    const value = p.children?.[1];
    const r = value ? walk(value, after, false) : { node: p, rest: after };
    if (r.rest.length < best.rest.length) best = r;
  }
  return best;
}

/** The names a message quotes (`unknown fields "a", "b"`), as JSON strings are written. */
function quotedNames(message: string): string[] {
  const out: string[] = [];
  for (const m of message.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
    try {
      out.push(JSON.parse(m[0]) as string);
    } catch {
      // not a JSON string after all: ignore it
    }
  }
  return out;
}

/** A short span at the start of a node (an object or array spanning many lines is marked by its opening bracket). */
function head(n: Node): Span {
  if (n.type === 'object' || n.type === 'array') return { from: n.offset, to: n.offset + 1 };
  return { from: n.offset, to: n.offset + Math.max(1, n.length) };
}

/**
 * The span of the text that a problem at `path` belongs to:
 * - the value at the path when it exists (`events[3].vm` → the string `"vm9"`);
 * - for an unknown field, reported at its object, the first named key in that object;
 * - when the path goes further than the text (a missing field), the nearest enclosing
 *   value that exists, marked by its opening bracket;
 * - the document start when the text has no tree (it is not JSON) or the path is the root.
 */
export function locateProblem(tree: SourceTree, path: string, message: string): Span {
  const start: Span = { from: 0, to: 0 };
  if (!tree.root) return start;
  const { node, rest } = walk(tree.root, path, true);
  if (rest === '' && node.type === 'object' && /^unknown fields? /.test(message)) {
    for (const name of quotedNames(message)) {
      const p = property(node, name);
      const key = p?.children?.[0];
      if (key) return { from: key.offset, to: key.offset + key.length };
    }
  }
  if (node === tree.root && (path === '' || rest === path))
    return node.type === 'object' ? head(node) : start;
  return head(node);
}
