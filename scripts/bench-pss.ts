// Times the Pod Security Standards evaluator over every upstream conformance fixture.
// Usage: npx tsx scripts/bench-pss.ts   (fixtures from $PSA_TESTDATA or ../shared/conformance/psa-testdata)
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadFixtures, resolveFixtureDir } from '../src/pss/fixtures.js';
import { evaluatePod, forbiddenMessage, podTemplateOf } from '../src/pss/index.js';

export interface BenchResult {
  readonly fixtures: number;
  readonly denied: number;
  readonly milliseconds: number;
}

/**
 * Loads every fixture, then evaluates them all in one timed pass and prints the time.
 * `fixtureDir` defaults to $PSA_TESTDATA, else ../shared/conformance/psa-testdata from the repository root.
 */
export function main(fixtureDir?: string): BenchResult {
  const repoRoot = fileURLToPath(new URL('..', import.meta.url));
  const fixtures = loadFixtures(fixtureDir ?? resolveFixtureDir(repoRoot));

  const start = process.hrtime.bigint();
  let denied = 0;
  for (const fixture of fixtures) {
    const pod = podTemplateOf(fixture.object);
    if (pod === undefined) continue;
    const result = evaluatePod(pod.metadata, pod.spec, fixture.level, fixture.version, { defaultHostNetworkPorts: true });
    if (!result.allowed) {
      denied++;
      forbiddenMessage(fixture.level, fixture.version, result.violations);
    }
  }
  const milliseconds = Number(process.hrtime.bigint() - start) / 1e6;

  console.log(
    `pss: evaluated ${fixtures.length} fixtures (${denied} denied) in ${milliseconds.toFixed(1)} ms` +
      ` (${((milliseconds * 1000) / Math.max(fixtures.length, 1)).toFixed(1)} µs/pod)`,
  );
  return { fixtures: fixtures.length, denied, milliseconds };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
