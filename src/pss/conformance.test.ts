// Runs every upstream fixture listed in EXPECTATIONS.tsv (reference §7.3): pass files must be allowed; fail files
// denied by the expected check (or by the restricted check that replaces it at that version) with the expected
// substring in the forbidden message.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFixtures, resolveFixtureDir, type Fixture } from './fixtures.js';
import { checksFor, evaluatePod, forbiddenMessage, podTemplateOf } from './index.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function load(): { fixtures: Fixture[]; error?: undefined } | { fixtures: []; error: string } {
  try {
    return { fixtures: loadFixtures(resolveFixtureDir(repoRoot)) };
  } catch (error) {
    return { fixtures: [], error: error instanceof Error ? error.message : String(error) };
  }
}

/** Why a fixture does not behave as expected, or undefined when it does. */
function mismatch(fixture: Fixture): string | undefined {
  const pod = podTemplateOf(fixture.object);
  if (pod === undefined) return 'not a Pod';
  const result = evaluatePod(pod.metadata, pod.spec, fixture.level, fixture.version, { defaultHostNetworkPorts: true });
  const message = forbiddenMessage(fixture.level, fixture.version, result.violations);
  if (fixture.expectAllowed) return result.allowed ? undefined : `expected allowed, got: ${message}`;
  if (result.allowed) return 'expected denied, got allowed';

  const failed = new Set<string>(result.violations.map((v) => v.check));
  const replacedByFailed = checksFor(fixture.level, fixture.version).some(
    (check) => failed.has(check.id) && check.overrides.some((id) => id === fixture.checkId),
  );
  if (!failed.has(fixture.checkId) && !replacedByFailed) {
    return `expected check ${fixture.checkId} among the violations: ${message}`;
  }
  if (!message.includes(fixture.expectErrorSubstring)) {
    return `expected the message to contain ${JSON.stringify(fixture.expectErrorSubstring)}: ${message}`;
  }
  if (message.includes('unknown forbidden reason')) return `unknown reason: ${message}`;
  return undefined;
}

const { fixtures, error } = load();

describe('PSA conformance fixtures', () => {
  it('finds the fixtures', () => {
    if (error !== undefined) expect.fail(error);
    expect(fixtures).toHaveLength(4537);
  });

  const groups = new Map<string, Fixture[]>();
  for (const fixture of fixtures) {
    const key = `${fixture.level}:${fixture.version}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [fixture]);
    else group.push(fixture);
  }
  it.each([...groups.keys()])('%s', (group) => {
    const failures = (groups.get(group) ?? []).flatMap((fixture) => {
      const why = mismatch(fixture);
      return why === undefined ? [] : [`${fixture.path}: ${why}`];
    });
    expect(failures).toEqual([]);
  });
});
