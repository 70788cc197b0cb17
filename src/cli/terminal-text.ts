/**
 * Text that is safe to print on a terminal. Scenario files are hostile input: a title,
 * id, note or file name may carry escape sequences that set the window title (OSC 0),
 * clear the screen (CSI 2J), plant links (OSC 8) or reorder what the reader sees (bidi
 * overrides). Every text the command prints, on stdout and stderr, goes through here.
 *
 * The form is that of `ls -b` and git's quoted paths: C0 controls and DEL as octal
 * (`\033` for ESC), tab, newline and carriage return as `\t`, `\n`, `\r`; C1 controls,
 * bidi and invisible format characters, line and paragraph separators, lone surrogates
 * and non-characters as `\u009b`. Backslashes are left as they are, so ordinary text
 * prints unchanged (a literal `\033` in a title is therefore shown the same way: the
 * escaping is for safety, not for a reversible encoding).
 */

// C0, DEL, C1; ALM; ZWSP; LRM, RLM; LS, PS, LRE..RLO; WJ; LRI..PDI; BOM; interlinear
// annotations; U+FFFE, U+FFFF; and any surrogate not in a pair.
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const c = ch.charCodeAt(0);
  if (c < 0x20 || c === 0x7f) return '\\' + c.toString(8).padStart(3, '0');
  return '\\u' + c.toString(16).padStart(4, '0');
}

/** `s` with every control or deceptive character shown as an escape (see the file's comment). */
export function escapeText(s: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s) ? s.replace(UNSAFE, escapeOne) : s;
}

/** Characters JSON.stringify leaves raw that a terminal may act on; all of them can only occur inside strings. */
const JSON_UNSAFE = /[\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]/g;

/**
 * JSON text (from JSON.stringify) made terminal-safe without changing what it means:
 * the characters that JSON.stringify leaves raw (C1 controls, bidi and format
 * characters, U+2028/2029) become `\uXXXX` escapes, which every JSON reader decodes back.
 */
export function escapeJson(json: string): string {
  JSON_UNSAFE.lastIndex = 0;
  return JSON_UNSAFE.test(json)
    ? json.replace(JSON_UNSAFE, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'))
    : json;
}

/** How wide `s` is once escaped (for padding table columns). */
export function escapedLength(s: string): number {
  return escapeText(s).length;
}
