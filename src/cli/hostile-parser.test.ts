/**
 * The hostile-input cases whose handling is the scenario parser's (src/core/scenario):
 * deep nesting described without recursion, prototype names as ids and map keys, the
 * UTF-8 BOM, a PF with a bad field and its VF, an empty expect pattern, the limits on
 * counts and names, and the migration summary's `kept`. They run through the command
 * like the others (hostile-corpus.test.ts).
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { checkCase, corpusCases } from './hostile-corpus.testkit.ts';
import { PROTO_NAMES, bundledWithAt, expectHandled, nestedText, scenarioShaped } from './hostile.arbitraries.ts';

describe('the hostile-input corpus: cases the parser decides', () => {
  it.each(corpusCases().filter((c) => c.parser).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await checkCase(c);
  }, 120_000);
});

describe('hostile JSON the parser decides: rejected with problems, or run with invariants held', () => {
  it('deep nesting in a bundled scenario: in format, an op, a policy kind, an expected code, or anywhere', async () => {
    const deep = fc.tuple(fc.integer({ min: 100, max: 6000 }), fc.boolean()).map(([d, objects]) => `@DEEP:${d}:${objects}@`);
    await fc.assert(
      fc.asyncProperty(bundledWithAt(deep), async (doc) => {
        const text = JSON.stringify(doc).replace(/"@DEEP:(\d+):(true|false)@"/, (_, d, o) => nestedText(Number(d), o === 'true'));
        await expectHandled(text);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('prototype names as every kind of id', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioShaped(fc.constantFrom(...PROTO_NAMES)), async (d) => expectHandled(JSON.stringify(d))),
      { numRuns: 150 },
    );
  }, 120_000);
});
