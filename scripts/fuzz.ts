// `npm run fuzz -- --runs N [--seed S]`: the fuzz property of test/fuzz.test.ts, for longer runs.
// Every input must end with exit 0, 1 or 2 and a message, never an internal error or a stack trace.
import fc from 'fast-check';
import { anyInput, contractBroken, runInput } from '../test/fuzz.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const runs = arg('runs', 10_000);
const seed = arg('seed', Date.now() % 2 ** 31);
const start = Date.now();
let n = 0;
try {
  await fc.assert(
    fc.asyncProperty(anyInput, fc.constantFrom<string[]>(['convert', '--report', 'json'], ['check', '-o', 'json']), async (input, args) => {
      n++;
      const broken = contractBroken(await runInput(input, args));
      if (broken) throw new Error(`${broken}\nargs: ${args.join(' ')}\ninput: ${JSON.stringify(input)}`);
    }),
    { seed, numRuns: runs },
  );
  console.log(`fuzz: ${n} inputs, seed ${seed}, ${((Date.now() - start) / 1000).toFixed(1)} s, no contract broken`);
} catch (err) {
  console.error(`fuzz: seed ${seed}: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
