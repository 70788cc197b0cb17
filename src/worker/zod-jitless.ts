/**
 * Zod compiles its object parsers with `new Function` unless told not to. The app's
 * Content-Security-Policy has no `'unsafe-eval'`, so the browser refuses that and reports
 * a policy violation even though zod catches the error and falls back. Imported first by
 * the page's and the worker's entry, before any module builds a schema (zod reads the
 * setting when a schema is created).
 */
import { z } from 'zod';

z.config({ jitless: true });
