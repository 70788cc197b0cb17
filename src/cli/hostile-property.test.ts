/**
 * Properties of the command on hostile JSON (the deep-nesting and prototype-name
 * properties, which the parser decides, are in hostile-parser.test.ts).
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { bundledWith, controlText, expectHandled, hugeNumber, scenarioShaped } from './hostile.arbitraries.ts';

const runs = { numRuns: 60 };

describe('hostile JSON through pasidscope run: rejected with problems, or run with invariants held', () => {
  it('any JSON value', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue(), async (v) => expectHandled(JSON.stringify(v))), runs);
  });

  it('any text', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary' }), async (s) => expectHandled(s)), runs);
  });

  it('scenario-shaped documents with control characters and huge numbers', async () => {
    await fc.assert(fc.asyncProperty(scenarioShaped(), async (d) => expectHandled(JSON.stringify(d))), { numRuns: 150 });
  });

  it('a bundled scenario with one value made hostile', async () => {
    const hostile = fc.oneof(controlText, hugeNumber, fc.jsonValue({ maxDepth: 3 }));
    await fc.assert(fc.asyncProperty(bundledWith(hostile), async (d) => expectHandled(JSON.stringify(d))), { numRuns: 150 });
  });
});
