/** The bounded fuzz run of the normal test suite; `npm run fuzz -- --runs N` runs longer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyInput, contractBroken, runInput } from './fuzz.js';

describe('fuzz', () => {
  it.each([
    ['convert', ['convert', '--report', 'json']],
    ['check', ['check', '-o', 'json']],
  ])('%s ends every input with exit 0, 1 or 2 and a message', async (_name, args) => {
    await fc.assert(
      fc.asyncProperty(anyInput, async (input) => {
        const outcome = await runInput(input, args);
        expect(contractBroken(outcome), `input:\n${JSON.stringify(input)}`).toBeUndefined();
      }),
      { seed: 20261126, numRuns: 500 },
    );
  });
});

describe('inputs fuzzing found', () => {
  it.each([['?'], ['? a\n: b\n'], ['- ? \n']])('%j', async (input) => {
    for (const args of [['convert'], ['check']]) expect(contractBroken(await runInput(input, args))).toBeUndefined();
  });
});
