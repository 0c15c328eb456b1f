// `npm run fuzz -- --runs N [--seed S]`: the fuzz property of test/fuzz.test.ts, for longer runs.
// Every input must end with exit 0, 1 or 2 and a message, never an internal error or a stack trace,
// and within FUZZ_MAX_MS (default 10,000 ms; the inputs are a few KB, so a run that long is a hang
// in the making). Each input runs through the CLI in this process, as in the tests: no process or
// temporary directory per input. The slowest input is printed, to spot the next hang early.
import fc from 'fast-check';
import { anyInput, contractBroken, runInput } from '../test/fuzz.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const runs = arg('runs', 10_000);
const seed = arg('seed', Date.now() % 2 ** 31);
const maxMs = Number(process.env.FUZZ_MAX_MS ?? 10_000);
const start = Date.now();
let n = 0;
let slowest = { ms: 0, args: [] as string[], input: '' };
try {
  await fc.assert(
    fc.asyncProperty(anyInput, fc.constantFrom<string[]>(['convert', '--report', 'json'], ['check', '-o', 'json']), async (input, args) => {
      n++;
      const began = performance.now();
      const outcome = await runInput(input, args);
      const ms = performance.now() - began;
      if (ms > slowest.ms) slowest = { ms, args, input };
      const broken = contractBroken(outcome) ?? (ms > maxMs ? `took ${ms.toFixed(0)} ms (FUZZ_MAX_MS=${maxMs})` : undefined);
      if (broken) throw new Error(`${broken}\nargs: ${args.join(' ')}\ninput: ${JSON.stringify(input)}`);
    }),
    { seed, numRuns: runs },
  );
  const seconds = (Date.now() - start) / 1000;
  console.log(`fuzz: ${n} inputs, seed ${seed}, ${seconds.toFixed(1)} s (${((1000 * seconds) / n).toFixed(1)} ms per input), no contract broken`);
  console.log(`fuzz: slowest input ${slowest.ms.toFixed(0)} ms (${slowest.args.join(' ')}, ${slowest.input.length} characters)`);
} catch (err) {
  console.error(`fuzz: seed ${seed}: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
