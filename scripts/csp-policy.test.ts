import { describe, expect, it } from 'vitest';
import { cspHash, headerPolicy, inlineHashes, servedPolicy, singleFilePolicy, unhashableInline, withCspMeta } from './csp-policy.ts';

const directives = (p: string) => new Map(p.split('; ').map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]));

describe('Content-Security-Policy', () => {
  it('hashes the exact text as SHA-256 in base64', () => {
    expect(cspHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    expect(cspHash('a')).not.toBe(cspHash('a '));
  });

  it('finds the inline scripts and styles, not the external ones', () => {
    const html = '<head><script type="module" src="./a.js"></script><script type="module">x()</script><style>b{}</style><script>y()</script></head>';
    expect(inlineHashes(html)).toEqual({ scripts: [cspHash('x()'), cspHash('y()')], styles: [cspHash('b{}')] });
  });

  it('refuses inline code no hash can allow', () => {
    expect(unhashableInline('<div onclick="x()"></div><p style="color:red"></p><a href="javascript:void 0">')).toEqual(['onclick attribute', 'style attribute', 'javascript: URL']);
    // Inside a script, the same words are code, not markup.
    expect(unhashableInline('<script>el.setAttribute("x", 1); const s = \'<b onclick="">\';</script>')).toEqual([]);
  });

  it('allows the single file exactly its own code, nothing unsafe', () => {
    const d = directives(singleFilePolicy({ scripts: ["'sha256-A'"], styles: [] }));
    expect(d.get('script-src')).toBe("'sha256-A'");
    expect(d.get('style-src')).toBe("'none'");
    expect(d.get('worker-src')).toBe('blob:');
    expect(d.get('object-src')).toBe("'none'");
    expect(d.get('base-uri')).toBe("'none'");
    expect(singleFilePolicy({ scripts: [], styles: [] })).not.toMatch(/unsafe/);
  });

  it('serves no inline code and lets only the embed be framed by others', () => {
    const d = directives(servedPolicy());
    expect(d.get('script-src')).toBe("'self'");
    expect(d.get('worker-src')).toBe("'self' blob:");
    expect(servedPolicy()).not.toMatch(/unsafe|frame-ancestors/);
    expect(directives(headerPolicy(false)).get('frame-ancestors')).toBe("'self'");
    expect(directives(headerPolicy(true)).get('frame-ancestors')).toMatch(/^'self' https: /);
  });

  it('puts the policy before any code, after the charset', () => {
    const out = withCspMeta('<html><head>\n<meta charset="UTF-8" /><script>x</script></head></html>', "default-src 'none'");
    expect(out).toMatch(/<meta charset="UTF-8" \/>\n\s*<meta http-equiv="Content-Security-Policy" content="default-src 'none'" \/><script>/);
    expect(() => withCspMeta('<p>no head</p>', 'x')).toThrow(/no <head>/);
  });
});
