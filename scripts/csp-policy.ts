/**
 * The app's Content-Security-Policy, as one function of where it is delivered.
 *
 * - `served`: the build served over HTTP. No inline code at all: scripts, styles and the
 *   engine worker come from the app's own origin (`'self'`); `blob:` workers are allowed
 *   because the single-file build starts its worker that way and the policy stays one text.
 * - `single`: the one-file build opened from `file://`. Everything is inline, so scripts
 *   and styles are allowed by the SHA-256 hashes of their exact text, never by
 *   `'unsafe-inline'`; its worker starts from a `blob:` URL.
 *
 * `frame-ancestors` is only honoured in an HTTP header (browsers ignore it in a `<meta>`
 * and say so on the console), so it is added only by {@link headerPolicy}.
 */
import { createHash } from 'node:crypto';

/** Hashes of inline code, as CSP sources (`'sha256-…'`). */
export interface InlineHashes {
  scripts: string[];
  styles: string[];
}

/** Who may frame the page: the app itself, any HTTPS page, and pages on this machine. */
export const EMBED_ANCESTORS = "'self' https: http://localhost:* http://127.0.0.1:*";
/** The full app (import, paste, drop) is framed only by itself. */
export const APP_ANCESTORS = "'self'";

/** The CSP hash source of an inline script's or style's exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function join(directives: [string, string][]): string {
  return directives.map(([k, v]) => `${k} ${v}`).join('; ');
}

/** The policy for the served build (meta and header alike, without frame-ancestors). */
export function servedPolicy(): string {
  return join([
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    // data: for the favicon
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['worker-src', "'self' blob:"],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ]);
}

/** The policy for the single file, allowing exactly its inline scripts and styles. */
export function singleFilePolicy(h: InlineHashes): string {
  const list = (xs: string[]) => (xs.length ? [...new Set(xs)].join(' ') : "'none'");
  return join([
    ['default-src', "'none'"],
    ['script-src', list(h.scripts)],
    ['style-src', list(h.styles)],
    ['img-src', 'data:'],
    ['worker-src', 'blob:'],
    ['connect-src', "'none'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ]);
}

/** The header `vite preview` sends: the served policy plus who may frame the page. */
export function headerPolicy(embed: boolean): string {
  return `${servedPolicy()}; frame-ancestors ${embed ? EMBED_ANCESTORS : APP_ANCESTORS}`;
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const STYLE = /<style\b([^>]*)>([\s\S]*?)<\/style>/gi;

/** The hashes of every inline `<script>` (with a body, no `src`) and `<style>` in `html`. */
export function inlineHashes(html: string): InlineHashes {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const m of html.matchAll(SCRIPT)) {
    if (/\bsrc\s*=/i.test(m[1]) || m[2] === '') continue;
    scripts.push(cspHash(m[2]));
  }
  for (const m of html.matchAll(STYLE)) styles.push(cspHash(m[2]));
  return { scripts, styles };
}

/**
 * Inline code a hash cannot allow: event-handler and `style` attributes (a policy without
 * `'unsafe-hashes'` refuses them) and `javascript:` URLs. The build fails on any.
 */
export function unhashableInline(html: string): string[] {
  const bad: string[] = [];
  // Only the markup, not the code inside scripts and styles.
  const markup = html.replace(SCRIPT, '<script></script>').replace(STYLE, '<style></style>');
  for (const m of markup.matchAll(/<[a-z][^>]*?\s(on[a-z]+|style)\s*=/gi)) bad.push(`${m[1]} attribute`);
  if (/javascript:/i.test(markup)) bad.push('javascript: URL');
  return bad;
}

/** `html` with the policy in a `<meta>` right after its charset (or at the top of `<head>`), before any code. */
export function withCspMeta(html: string, policy: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" />`;
  const anchor = /<meta\s+charset\b[^>]*>/i.exec(html) ?? /<head\b[^>]*>/i.exec(html);
  if (!anchor) throw new Error('the page has no <head> to put its Content-Security-Policy in');
  const end = anchor.index + anchor[0].length;
  return `${html.slice(0, end)}\n    ${meta}${html.slice(end)}`;
}
