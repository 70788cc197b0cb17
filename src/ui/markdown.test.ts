import { describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import { DESCRIPTION_MAX, MAX_NESTING, markdownPlain, renderMarkdown } from './markdown.tsx';

/** Every element and attribute of the HTML (XHTML-parsed after wrapping; markdown-it writes well-formed tags for what we allow). */
function elements(html: string): { name: string; attrs: Record<string, string> }[] {
  const out: { name: string; attrs: Record<string, string> }[] = [];
  const p = new SaxesParser();
  p.on('opentag', (t) => out.push({ name: t.name, attrs: t.attributes as Record<string, string> }));
  p.on('error', (e) => {
    throw e;
  });
  // markdown-it writes void elements as <hr> and <br>: close them for the XML parser.
  p.write(`<root>${html.replace(/<(hr|br)>/g, '<$1/>')}</root>`).close();
  return out.slice(1);
}

const ALLOWED = new Set([
  'p',
  'em',
  'strong',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'blockquote',
  'a',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'br',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  's',
]);

function depth(html: string): number {
  let d = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)(blockquote|ul|ol)\b/g)) {
    d += m[1] ? -1 : 1;
    max = Math.max(max, d);
  }
  return max;
}

describe('Markdown descriptions', () => {
  it('renders what a description uses: emphasis, code, lists, links, headings below the page heading', () => {
    const html = renderMarkdown(
      '# Setup\n\nA *guest* programs **PASIDs** `1-3`:\n\n- on its VF\n- see [the thread](https://lore.kernel.org/x)\n',
    );
    expect(html).toContain('<h3>Setup</h3>');
    expect(html).toContain('<em>guest</em>');
    expect(html).toContain('<strong>PASIDs</strong>');
    expect(html).toContain('<code>1-3</code>');
    expect(html).toContain(
      '<a href="https://lore.kernel.org/x" target="_blank" rel="noopener noreferrer">the thread</a>',
    );
    expect(markdownPlain('# Setup\n\nA *guest* programs `1-3`\non its VF')).toBe(
      'Setup A guest programs 1-3 on its VF',
    );
  });

  it('writes no style attribute (the page CSP refuses inline styles): table alignment is a class', () => {
    const html = renderMarkdown('| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |');
    expect(html).not.toContain('style=');
    expect(html).toContain('<th class="md-left">a</th>');
    expect(html).toContain('<td class="md-right">3</td>');
  });

  it('shows raw HTML as text, never as elements', () => {
    const cases = [
      '<script>alert(1)</script>',
      'x <img src=x onerror=alert(1)> y',
      '<iframe src="https://evil.example"></iframe>',
      '<a href="javascript:alert(1)">click</a>',
      '<div onmouseover="alert(1)">hover</div>',
      '<svg><script>alert(1)</script></svg>',
      '<style>body{display:none}</style>',
      '<!-- comment --><details open ontoggle=alert(1)>',
    ];
    for (const c of cases) {
      const html = renderMarkdown(c);
      for (const e of elements(html)) {
        expect(ALLOWED.has(e.name), `${c}: <${e.name}>`).toBe(true);
        for (const a of Object.keys(e.attrs)) expect(a.startsWith('on'), `${c}: ${a}`).toBe(false);
      }
      expect(html).toContain('&lt;');
    }
  });

  it('refuses links that are not http, https or mailto, and images altogether', () => {
    const cases = [
      '[x](javascript:alert(1))',
      '[x](JAVASCRIPT:alert(1))',
      '[x](  javascript:alert(1))',
      '[x](java\tscript:alert(1))',
      '[x](&#106;avascript:alert(1))',
      '[x](vbscript:msgbox(1))',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[x](file:///etc/passwd)',
      '[x](/relative/page)',
      '<javascript:alert(1)>',
      '[x][r]\n\n[r]: javascript:alert(1)',
      '![pixel](data:image/png;base64,iVBORw0KGgo=)',
    ];
    for (const c of cases) {
      const els = elements(renderMarkdown(c));
      expect(
        els.filter((e) => e.name === 'a' || e.name === 'img'),
        c,
      ).toEqual([]);
    }
    // An image is no image (the page fetches nothing); an https one is left a plain link.
    expect(elements(renderMarkdown('![pixel](https://tracker.example/p.gif)')).map((e) => e.name)).toEqual([
      'p',
      'a',
    ]);
    const ok = elements(renderMarkdown('[mail](mailto:a@b.c) [web](http://a.b/c)')).filter(
      (e) => e.name === 'a',
    );
    expect(ok.map((e) => e.attrs.href)).toEqual(['mailto:a@b.c', 'http://a.b/c']);
    for (const a of ok) expect(a.attrs).toMatchObject({ target: '_blank', rel: 'noopener noreferrer' });
  });

  it('bounds deep nesting and long input, without a throw', () => {
    const deep = [
      '>'.repeat(100_000) + ' deep',
      Array.from({ length: 5000 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n'),
      '*'.repeat(50_000) + 'x' + '*'.repeat(50_000),
      '['.repeat(50_000) + 'x' + ']'.repeat(50_000),
      '`'.repeat(100_000),
    ];
    for (const d of deep) {
      const html = renderMarkdown(d);
      expect(depth(html)).toBeLessThanOrEqual(MAX_NESTING);
      expect(() => elements(html)).not.toThrow();
    }
    const long = 'word '.repeat(1_000_000);
    const html = renderMarkdown(long);
    expect(html.length).toBeLessThan(DESCRIPTION_MAX + 500);
    expect(html).toContain(`(cut at ${DESCRIPTION_MAX.toLocaleString('en')} of 5,000,000 characters)`);
    expect(markdownPlain(long).length).toBeLessThanOrEqual(DESCRIPTION_MAX);
  });
});
