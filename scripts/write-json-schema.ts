/**
 * Write `public/pasidscope.schema.json` from the zod schemas (src/core/scenario/json-schema.ts).
 * Run by `npm run build` (and `npm run schema`); `--check` exits 1 when the committed file
 * differs from what the schemas give, without writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from '../src/core/scenario/json-schema.ts';

const file = fileURLToPath(new URL('../public/pasidscope.schema.json', import.meta.url));
const text = scenarioJsonSchemaText();
if (process.argv.includes('--check')) {
  let old = '';
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    // missing: reported below
  }
  if (old !== text) {
    console.error('public/pasidscope.schema.json is out of date: run `npm run schema`');
    process.exit(1);
  }
} else writeFileSync(file, text);
