/**
 * User text inside the page's own messages (a link's file name, a process named in a
 * link, a problem that quotes the input): bounded in length and with its invisible or
 * reordering characters made visible, so a message stays a short readable line whatever
 * the input held. React escapes markup; this is about size and legibility.
 */

/** The longest piece of user text a notice quotes, in characters. */
export const QUOTE_MAX = 80;

// C0 controls and DEL show as the Unicode control pictures (U+2400…); C1 controls, bidi
// embeddings, overrides and isolates (which can reorder the rest of a line), and lone
// surrogates show as U+FFFD.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f]|[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x20) return String.fromCharCode(0x2400 + c);
  if (c === 0x7f) return '\u2421';
  return '\ufffd';
}

/**
 * `text` cut to at most `max` characters (an ellipsis and the full length say it was
 * cut), with control and bidi characters replaced by visible ones.
 */
export function quote(text: string, max: number = QUOTE_MAX): string {
  const cut = text.length > max;
  // Never split a surrogate pair at the cut.
  let head = cut ? text.slice(0, max) : text;
  if (cut && /[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  const shown = head.replace(INVISIBLE, visible);
  return cut ? `${shown}… (${text.length.toLocaleString('en')} characters)` : shown;
}
