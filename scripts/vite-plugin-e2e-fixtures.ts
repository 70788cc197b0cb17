/**
 * Vite plugin: `vite preview` serves the e2e host pages of e2e/fixtures/ at `/__e2e/NAME.html`,
 * so a test can embed the app in a page of the same server at two origins (127.0.0.1 and
 * localhost). They are never part of a build. A page fulfilled by the test runner instead
 * would have no network address, and Chromium's local-network checks refuse such a page
 * a frame on 127.0.0.1.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const DIR = fileURLToPath(new URL('../e2e/fixtures/', import.meta.url));

export function e2eFixturesPlugin(): Plugin {
  return {
    name: 'pasidscope:e2e-fixtures',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/__e2e\/([a-z0-9-]+\.html)(?:\?|$)/.exec(req.url ?? '');
        if (!m) return next();
        readFile(DIR + m[1], 'utf8').then(
          (html) => {
            res.setHeader('Content-Type', 'text/html; charset=utf-8');
            res.setHeader('Cache-Control', 'no-store');
            res.end(html);
          },
          () => next(),
        );
      });
    },
  };
}
