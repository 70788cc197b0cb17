/**
 * The hostile-input cases whose handling is the scenario parser's (src/core/scenario):
 * deep nesting described without recursion, prototype names as ids and map keys, the
 * UTF-8 BOM, a PF with a bad field and its VF, an empty expect pattern, the limits on
 * counts and names, and the migration summary's `kept`. They run through the command
 * like the others (hostile-corpus.test.ts).
 */
import { describe, it } from 'vitest';
import { checkCase, corpusCases } from './hostile-corpus.testkit.ts';

describe('the hostile-input corpus: cases the parser decides', () => {
  it.each(corpusCases().filter((c) => c.parser).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await checkCase(c);
  }, 120_000);
});
