/**
 * The documented caps on a scenario (docs/limits.md): how large a file or pasted text may
 * be, how deeply its JSON may nest, and how many events and entities it may declare.
 * Every cap is checked before anything runs, and each refusal is an input problem with a
 * JSON path, like any other bad input (DOMAIN.md §6).
 *
 * The checks never recurse over the value: a hostile document nesting thousands of levels
 * must end in a message, not in "Maximum call stack size exceeded".
 */

/** The caps; docs/limits.md gives each one's reason and what the user sees. */
export const LIMITS = {
  /** bytes of a scenario file (UTF-8); characters of a scenario text */
  bytes: 128 * 1024 * 1024,
  /** nesting depth of the JSON (the format itself needs 5) */
  depth: 32,
  /** events in one scenario (the same bound as a generated workload) */
  events: 1_000_000,
  hosts: 4096,
  /** functions on one host: one PCI segment's worth of bus/device/function numbers */
  functionsPerHost: 65_536,
  /** functions over all hosts */
  functions: 262_144,
  vms: 65_536,
  /** characters of a name: an id, RID, alias, process, model, or an object key (as the schema's MAX_NAME) */
  name: 256,
  /** characters of free text: the title, the description, a note, a label (as the schema's MAX_TEXT) */
  text: 100_000,
} as const;

/** A refusal: the JSON path of what is too large (empty for the document) and why. */
export interface LimitProblem {
  path: string;
  message: string;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Check the size of a scenario text before parsing it: at most `max` characters (UTF-16
 * code units, which is never more than the UTF-8 bytes of the same text for ASCII, and
 * close for the rest).
 */
export function checkTextSize(text: string, max: number = LIMITS.bytes): LimitProblem | null {
  if (text.length <= max) return null;
  return { path: '', message: `the text is ${count(text.length)} characters long; at most ${count(max)} are read` };
}

/** A container being scanned: an object (with where the key just read lies) or an array (with its index). */
interface Frame {
  array: boolean;
  /** the key's opening and closing quote, -1 before the first key */
  keyStart: number;
  keyEnd: number;
  index: number;
}

/** How many leading path components a depth problem names (enough for any field of the format). */
const PATH_COMPONENTS = 6;

/**
 * Check how deeply the JSON in `text` nests, without parsing it and without recursion:
 * one pass over the characters, counting `[` and `{` outside strings. Returns a problem
 * naming the field where the nesting starts (e.g. `events[0].expect.code`) when it is
 * deeper than `max`, or null. Malformed JSON is left for `JSON.parse` to report.
 */
export function checkJsonDepth(text: string, max: number = LIMITS.depth): LimitProblem | null {
  // One frame per level, reused: a scan allocates nothing per container.
  const frames: Frame[] = [];
  let depth = 0;
  // Inside an object, whether the next string is a key.
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Jump to the closing quote: one not preceded by an odd run of backslashes.
      const start = i;
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) i = text.length;
        let b = i - 1;
        while (b > start && text.charCodeAt(b) === 0x5c /* \ */) b--;
        if ((i - 1 - b) % 2 === 0 || i >= text.length) break;
      }
      if (expectKey && depth > 0) {
        const top = frames[depth - 1];
        top.keyStart = start;
        top.keyEnd = i;
      }
      expectKey = false;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth >= max) return depthProblem(text, frames.slice(0, depth), max);
      const f = (frames[depth] ??= { array: false, keyStart: -1, keyEnd: -1, index: 0 });
      f.array = c === 0x5b;
      f.keyStart = f.keyEnd = -1;
      f.index = 0;
      depth++;
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth > 0) depth--;
      expectKey = false;
    } else if (c === 0x2c /* , */ && depth > 0) {
      const top = frames[depth - 1];
      if (top.array) top.index++;
      else expectKey = true;
    }
  }
  return null;
}

/** A key's text for a path: decoded when short, cut when long (it is only for a message). */
function keyText(text: string, start: number, end: number): string {
  const raw = text.slice(start, Math.min(end + 1, start + 2 + LIMITS.name));
  try {
    const k = JSON.parse(raw.endsWith('"') && raw.length > 1 ? raw : raw + '"');
    return typeof k === 'string' ? k : raw;
  } catch {
    return raw.slice(1);
  }
}

function depthProblem(text: string, stack: readonly Frame[], max: number): LimitProblem {
  // The path down to the last key among the leading components: `events[0].expect.code`
  // rather than `events[0].expect.code[0][0][0]…`.
  const parts: (string | number)[] = [];
  for (let d = 0; d < stack.length && parts.length < PATH_COMPONENTS; d++) {
    const f = stack[d];
    if (f.array) parts.push(f.index);
    else if (f.keyStart >= 0) parts.push(keyText(text, f.keyStart, f.keyEnd));
    else break;
  }
  let lastKey = -1;
  parts.forEach((p, i) => {
    if (typeof p === 'string') lastKey = i;
  });
  return { path: pathText(parts.slice(0, lastKey + 1)), message: `nested more than ${max} levels deep` };
}

/** `['events', 3, 'vm']` → `events[3].vm` (the parser's JSON path form). */
function pathText(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

/** Fields of free text; every other string is a name. */
const TEXT_FIELDS = new Set(['title', 'description', 'note', 'label', '$schema']);

/** The cap on a string at `key`. */
function stringCap(key: string | number): { max: number; what: string } {
  return typeof key === 'string' && TEXT_FIELDS.has(key) ? { max: LIMITS.text, what: `a ${key === '$schema' ? 'text' : key}` } : { max: LIMITS.name, what: 'a name' };
}

const arrayAt = (v: unknown, key: string): unknown[] | null => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const x = Object.prototype.hasOwnProperty.call(v, key) ? (v as Record<string, unknown>)[key] : undefined;
  return Array.isArray(x) ? x : null;
};

/**
 * Check the counts of a parsed scenario value before it is validated: events, hosts,
 * functions per host and in all, VMs, and the length of every string and object key.
 * Only what is too large is reported; what is malformed is left to the schema. Walks the
 * value with an explicit stack (no recursion) and stops after `maxProblems` problems.
 */
export function checkScenarioCounts(value: unknown, maxProblems = 20): LimitProblem[] {
  const problems: LimitProblem[] = [];
  const over = (path: string, n: number, max: number, what: string) =>
    problems.push({ path, message: `${count(n)} ${what}; at most ${count(max)}` });

  const events = arrayAt(value, 'events');
  if (events && events.length > LIMITS.events) over('events', events.length, LIMITS.events, 'events');
  const vms = arrayAt(value, 'vms');
  if (vms && vms.length > LIMITS.vms) over('vms', vms.length, LIMITS.vms, 'VMs');
  const hosts = arrayAt(value, 'hosts');
  if (hosts && hosts.length > LIMITS.hosts) over('hosts', hosts.length, LIMITS.hosts, 'hosts');
  if (hosts) {
    let total = 0;
    for (let i = 0; i < hosts.length; i++) {
      const fns = arrayAt(hosts[i], 'functions');
      if (!fns) continue;
      total += fns.length;
      if (fns.length > LIMITS.functionsPerHost && problems.length < maxProblems)
        over(`hosts[${i}].functions`, fns.length, LIMITS.functionsPerHost, 'functions on one host');
    }
    if (total > LIMITS.functions) over('hosts', total, LIMITS.functions, 'functions over all hosts');
  }
  // Counts too large: the strings are not worth walking.
  if (problems.length) return problems;

  // Every string and key, depth-first with an explicit stack of containers; a path is
  // only spelt out for a problem.
  const todo: Node[] = [{ v: value, parent: null, key: null }];
  const checkString = (s: string, node: Node, key: string | number) => {
    const { max, what } = stringCap(key);
    if (s.length > max)
      problems.push({ path: pathOf(node, key), message: `${what} of ${count(s.length)} characters; at most ${count(max)}` });
  };
  while (todo.length && problems.length < maxProblems) {
    const node = todo.pop()!;
    const v = node.v;
    // A container's own strings and keys first, then its containers in document order
    // (pushed last to first onto the stack).
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (typeof v[i] === 'string') checkString(v[i], node, i);
      for (let i = v.length - 1; i >= 0; i--)
        if (typeof v[i] === 'object' && v[i] !== null) todo.push({ v: v[i], parent: node, key: i });
    } else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      for (const key of keys) {
        if (key.length > LIMITS.name)
          problems.push({
            path: pathOf(node, null),
            message: `a field name of ${count(key.length)} characters; at most ${count(LIMITS.name)}`,
          });
        if (typeof o[key] === 'string') checkString(o[key], node, key);
      }
      for (let k = keys.length - 1; k >= 0; k--) {
        const x = o[keys[k]];
        if (typeof x === 'object' && x !== null) todo.push({ v: x, parent: node, key: keys[k] });
      }
    }
  }
  return problems.slice(0, maxProblems);
}

/** A container on the walk's stack, linked to its parent so a path can be rebuilt. */
interface Node {
  v: unknown;
  parent: Node | null;
  key: string | number | null;
}

function pathOf(node: Node, key: string | number | null): string {
  const parts: (string | number)[] = key === null ? [] : [key];
  for (let n: Node | null = node; n && n.key !== null; n = n.parent) parts.push(n.key);
  return pathText(parts.reverse());
}
