/**
 * A scenario's description, which DOMAIN.md §4 says is Markdown, rendered with
 * markdown-it configured for text from strangers:
 * - no raw HTML (`html: false`: tags show as text), no images (a shared scenario must not
 *   make the page fetch anything);
 * - links only to `http:`, `https:` and `mailto:` (so no `javascript:`, `vbscript:`,
 *   `data:`, `file:` or page-relative ones); they open in a new tab with
 *   `rel="noopener noreferrer"`;
 * - bounded: at most DESCRIPTION_MAX characters are rendered and blocks nest at most
 *   MAX_NESTING deep (markdown-it stops there), so a hostile description costs little.
 * Headings start at h3 (the description sits under the page's h1 and a section's h2).
 */
import MarkdownIt from 'markdown-it';
import { MAX_TEXT } from '../core/scenario/index.ts';
import { useMemo } from 'react';
import './markdown.css';

/** The longest description rendered, in characters (the parser's own bound on a text); the rest is cut with a note. */
export const DESCRIPTION_MAX = MAX_TEXT;
/** The deepest nesting of blocks (quotes, lists) and inline marks rendered. */
export const MAX_NESTING = 20;

const SAFE_LINK = /^(https?:|mailto:)/i;

const md = new MarkdownIt('default', {
  html: false,
  linkify: false,
  typographer: false,
  maxNesting: MAX_NESTING,
});
md.disable(['image']);
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

// Table alignment as classes: markdown-it writes it as a style attribute, which the page's
// Content-Security-Policy (style-src 'self') refuses.
md.core.ruler.push('align_as_class', (state) => {
  for (const t of state.tokens) {
    if (t.type !== 'inline' && (t.type === 'th_open' || t.type === 'td_open')) {
      const align = /text-align:(left|right|center)/.exec(String(t.attrGet('style') ?? ''))?.[1];
      if (t.attrs) t.attrs = t.attrs.filter(([k]) => k !== 'style');
      if (align) t.attrJoin('class', `md-${align}`);
    }
  }
  return true;
});

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const t = tokens[idx];
  t.attrSet('target', '_blank');
  t.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};
const shiftHeading: NonNullable<typeof md.renderer.rules.heading_open> = (
  tokens,
  idx,
  options,
  _env,
  self,
) => {
  const t = tokens[idx];
  t.tag = `h${Math.min(6, Number(t.tag.slice(1)) + 2)}`;
  return self.renderToken(tokens, idx, options);
};
md.renderer.rules.heading_open = shiftHeading;
md.renderer.rules.heading_close = shiftHeading;

function bounded(text: string): { text: string; cut: boolean } {
  return text.length > DESCRIPTION_MAX
    ? { text: text.slice(0, DESCRIPTION_MAX), cut: true }
    : { text, cut: false };
}

/** The description as HTML, safe to put in the page (see above). */
export function renderMarkdown(text: string): string {
  const b = bounded(text);
  const html = md.render(b.text);
  return b.cut
    ? `${html}<p class="md-cut">(cut at ${DESCRIPTION_MAX.toLocaleString('en')} of ${text.length.toLocaleString('en')} characters)</p>`
    : html;
}

/** The description's words without the Markdown, for a one-line summary. */
export function markdownPlain(text: string): string {
  const tokens = md.parse(bounded(text).text, {});
  const out: string[] = [];
  for (const t of tokens) {
    if (t.type === 'inline')
      out.push(
        (t.children ?? [])
          .filter((c) => c.type === 'text' || c.type === 'code_inline' || c.type === 'softbreak')
          .map((c) => (c.type === 'softbreak' ? ' ' : c.content))
          .join(''),
      );
    else if (t.type === 'fence' || t.type === 'code_block') out.push(t.content.trim());
  }
  return out.filter(Boolean).join(' ');
}

export function Markdown({ text, className }: { text: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  // markdown-it escapes every raw tag and refuses unsafe links (above), so its HTML may go in as it is.
  return <div className={`md ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
