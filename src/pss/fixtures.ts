/**
 * Loads the upstream conformance fixtures (a copy of `test/testdata/` of k8s.io/pod-security-admission plus
 * EXPECTATIONS.tsv) for the conformance test and the benchmark. Not used by the evaluator itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseLevel, parseVersion, type Level, type Version } from './api.js';

export interface Fixture {
  /** Relative to the fixture folder, e.g. `baseline/v1.0/fail/apparmorprofile0.yaml`. */
  readonly path: string;
  readonly level: Level;
  readonly version: Version;
  readonly expectAllowed: boolean;
  /** The check the fixture exercises (empty for the base pods). */
  readonly checkId: string;
  /** Denied fixtures: a substring of the forbidden message. */
  readonly expectErrorSubstring: string;
  /** The parsed YAML document. */
  readonly object: unknown;
}

export const FIXTURES_ENV = 'PSA_TESTDATA';

/**
 * The fixture folder: `$PSA_TESTDATA`, else `<repoRoot>/../shared/conformance/psa-testdata`.
 * Throws with an actionable message when the folder is missing.
 */
export function resolveFixtureDir(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[FIXTURES_ENV];
  if (configured !== undefined && configured !== '') {
    const dir = path.resolve(configured);
    if (!existsSync(dir)) throw new Error(`${FIXTURES_ENV}=${configured}: folder ${dir} does not exist`);
    return dir;
  }
  const dir = path.resolve(repoRoot, '../shared/conformance/psa-testdata');
  if (!existsSync(dir)) {
    throw new Error(`PSA fixtures not found at ${dir}; set ${FIXTURES_ENV} to the psa-testdata folder`);
  }
  return dir;
}

/** Reads EXPECTATIONS.tsv and parses every fixture it lists. */
export function loadFixtures(dir: string): Fixture[] {
  const tsvPath = path.join(dir, 'EXPECTATIONS.tsv');
  if (!existsSync(tsvPath)) throw new Error(`${tsvPath} does not exist`);
  const lines = readFileSync(tsvPath, 'utf8').split('\n').filter((line) => line.trim() !== '');
  return lines.slice(1).map((line, index) => {
    const [file = '', level = '', version = '', expect = '', checkId = '', substring = ''] = line.split('\t');
    const parsedLevel = parseLevel(level);
    const parsedVersion = parseVersion(version);
    if (!parsedLevel.ok || !parsedVersion.ok || (expect !== 'allowed' && expect !== 'denied')) {
      throw new Error(`${tsvPath}:${index + 2}: malformed row`);
    }
    return {
      path: file,
      level: parsedLevel.value,
      version: parsedVersion.value,
      expectAllowed: expect === 'allowed',
      checkId,
      expectErrorSubstring: substring,
      object: parse(readFileSync(path.join(dir, file), 'utf8')) as unknown,
    };
  });
}
