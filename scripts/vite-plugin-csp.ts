/**
 * Vite plugin: write the Content-Security-Policy (csp-policy.ts) into every built HTML page
 * and send it as a header from `vite preview`.
 *
 * It runs after the single-file plugin has inlined the code, so it hashes exactly the text
 * the browser will see. The dev server gets no policy (its module reloading needs inline
 * code and a websocket).
 */
import type { Plugin } from 'vite';
import { headerPolicy, inlineHashes, servedPolicy, singleFilePolicy, unhashableInline, withCspMeta } from './csp-policy.ts';

export function cspPlugin(kind: 'served' | 'single'): Plugin {
  return {
    name: 'pasidscope:csp',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const file of Object.values(bundle)) {
          if (file.type !== 'asset' || !file.fileName.endsWith('.html')) continue;
          const html = typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
          const bad = unhashableInline(html);
          if (bad.length) this.error(`${file.fileName}: inline code no policy hash can allow: ${bad.join(', ')}`);
          const h = inlineHashes(html);
          if (kind === 'served' && (h.scripts.length || h.styles.length))
            this.error(`${file.fileName}: the served build must have no inline script or style`);
          file.source = withCspMeta(html, kind === 'single' ? singleFilePolicy(h) : servedPolicy());
        }
      },
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        // The e2e host pages (vite-plugin-e2e-fixtures.ts) are test pages, not the app.
        if ((req.url ?? '').startsWith('/__e2e/')) return next();
        // The embed view may be framed by slide decks; the full app only by itself.
        const embed = /[?&]embed(=|&|$)/.test(req.url ?? '');
        res.setHeader('Content-Security-Policy', headerPolicy(embed));
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Referrer-Policy', 'no-referrer');
        next();
      });
    },
  };
}
