/**
 * The hostile-input corpus through the command: the cases that the command line itself
 * handles (reading, escaping, streaming, arguments). The cases that depend on the
 * scenario parser are in hostile-parser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkCase, corpusCases, corpusDir } from './hostile-corpus.testkit.ts';

const cases = corpusCases();

describe('the hostile-input corpus', () => {
  it('lists every corpus file once, and only files that exist', () => {
    const listed = cases.filter((c) => c.file).map((c) => c.file);
    expect(new Set(listed).size).toBe(listed.length);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const f of listed) expect(existsSync(join(corpusDir, f!)), f).toBe(true);
    const onDisk = readdirSync(join(corpusDir, 'hostile')).map((f) => `hostile/${f}`).sort();
    expect([...listed].sort()).toEqual(onDisk);
  });

  it.each(cases.filter((c) => !c.parser).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await checkCase(c);
  });
});
