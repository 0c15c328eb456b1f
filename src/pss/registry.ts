/**
 * Which checks run for a level and version, after upstream `policy/registry.go`:
 * - every revision applies from its minimum version up to the next revision's (the last one up to the newest);
 * - baseline runs the baseline checks; restricted runs the restricted checks plus the baseline checks that the
 *   active restricted revisions do not override;
 * - order: baseline IDs sorted byte-wise, then restricted IDs sorted byte-wise (this orders the messages);
 * - the newest policy version is the largest minimum version of any check; `latest` and any newer version
 *   evaluate as it.
 */
import { versionMinor, type Level, type Version } from './api.js';
import type { Check, CheckFn, CheckId, CheckRevision, MinimumVersion } from './check.js';
import { ALL_CHECKS } from './checks/index.js';
import { compareBytewise } from './helpers.js';

export interface CheckInfo {
  readonly id: CheckId;
  readonly level: 'baseline' | 'restricted';
  /** Baseline checks this one replaces at this version (restricted checks only). */
  readonly overrides: readonly CheckId[];
}

export interface ActiveCheck extends CheckInfo {
  readonly check: CheckFn;
}

interface Registry {
  readonly newestMinor: number;
  /** Indexed by minor version, 0 … newestMinor. */
  readonly baseline: readonly (readonly ActiveCheck[])[];
  readonly restricted: readonly (readonly ActiveCheck[])[];
}

function minorOf(version: MinimumVersion): number {
  return Number(version.slice('v1.'.length));
}

function validate(checks: readonly Check[]): void {
  const byId = new Map(checks.map((check) => [check.id, check]));
  if (byId.size !== checks.length) throw new Error('pss: duplicate check IDs');
  for (const check of checks) {
    const minors = check.revisions.map((revision) => minorOf(revision.minVersion));
    if (minors.length === 0 || minors.some((minor, i) => i > 0 && minor <= (minors[i - 1] ?? -1))) {
      throw new Error(`pss: check ${check.id} needs strictly increasing revisions`);
    }
    for (const id of check.revisions.flatMap((revision) => revision.overrides ?? [])) {
      if (check.level !== 'restricted' || byId.get(id)?.level !== 'baseline') {
        throw new Error(`pss: check ${check.id} may not override ${id}`);
      }
    }
  }
}

function revisionAt(check: Check, minor: number): CheckRevision | undefined {
  return check.revisions.findLast((revision) => minorOf(revision.minVersion) <= minor);
}

function activeAt(checks: readonly Check[], minor: number): ActiveCheck[] {
  return checks.flatMap((check) => {
    const revision = revisionAt(check, minor);
    return revision === undefined
      ? []
      : [{ id: check.id, level: check.level, check: revision.check, overrides: revision.overrides ?? [] }];
  });
}

function buildRegistry(checks: readonly Check[]): Registry {
  validate(checks);
  const sorted = [...checks].sort((a, b) => compareBytewise(a.id, b.id));
  const baselineChecks = sorted.filter((check) => check.level === 'baseline');
  const restrictedChecks = sorted.filter((check) => check.level === 'restricted');
  const newestMinor = Math.max(
    ...checks.flatMap((check) => check.revisions.map((revision) => minorOf(revision.minVersion))),
  );

  const baseline: ActiveCheck[][] = [];
  const restricted: ActiveCheck[][] = [];
  for (let minor = 0; minor <= newestMinor; minor++) {
    const baselineActive = activeAt(baselineChecks, minor);
    const restrictedActive = activeAt(restrictedChecks, minor);
    const overridden = new Set(restrictedActive.flatMap((check) => check.overrides));
    baseline.push(baselineActive);
    restricted.push([...baselineActive.filter((check) => !overridden.has(check.id)), ...restrictedActive]);
  }
  return { newestMinor, baseline, restricted };
}

const registry = buildRegistry(ALL_CHECKS);

/** The newest policy version the checks define; what `latest` means. */
export const LATEST_VERSION: `v1.${number}` = `v1.${registry.newestMinor}`;

/** The version a policy version evaluates as: `latest` and versions newer than LATEST_VERSION become it. */
export function effectiveVersion(version: Version): `v1.${number}` {
  return `v1.${effectiveMinor(version)}`;
}

/** The minor version a policy version evaluates as (`latest` and newer versions → the newest). */
export function effectiveMinor(version: Version): number {
  return Math.min(versionMinor(version), registry.newestMinor);
}

/** The checks evaluated at a level and version, in message order (none for privileged). */
export function activeChecks(level: Level, version: Version): readonly ActiveCheck[] {
  if (level === 'privileged') return [];
  const lists = level === 'baseline' ? registry.baseline : registry.restricted;
  return lists[effectiveMinor(version)] ?? [];
}

/** Which checks run at a level and version, in message order, and which baseline checks they replace. */
export function checksFor(level: Level, version: Version): readonly CheckInfo[] {
  return activeChecks(level, version);
}
