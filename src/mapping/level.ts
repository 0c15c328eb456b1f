/**
 * Each PSP's Pod Security Standards level and its findings (SPEC §5.1): the
 * level is the strictest whose column of the mapping table admits the PSP's
 * setting in every row (psp-fields.ts); then each row is compared with what
 * that level enforces.
 */
import type { PodSecurityPolicy } from '../model/types.js';
import { compareLevels, LEVELS } from '../pss/index.js';
import type { Level, Version } from '../pss/index.js';
import { effectiveMinor } from '../pss/index.js';
import { SEVERITY_OF } from './findings.js';
import type { Finding, FindingStatus } from './findings.js';
import { ROWS } from './psp-fields.js';

export interface PspAnalysis {
  psp: PodSecurityPolicy;
  level: Level;
  /** The PSP sets at least one default (PSS never mutates). */
  mutating: boolean;
  findings: Finding[];
}

function nextStricter(level: Level): Level | undefined {
  return LEVELS[LEVELS.indexOf(level) + 1];
}

function leastStrict(levels: Iterable<Level>): Level {
  let out: Level = 'restricted';
  for (const l of levels) if (compareLevels(l, out) < 0) out = l;
  return out;
}

export function analyzePsp(psp: PodSecurityPolicy, version: Version = 'latest'): PspAnalysis {
  const minor = effectiveMinor(version);
  const rows = ROWS.map((row) => ({ row, result: row.analyze(psp, minor) }));
  const level = leastStrict(rows.map((r) => r.result.admits));
  const findings: Finding[] = [];
  const add = (field: string, status: FindingStatus, message: string, path: readonly (string | number)[], extra: Partial<Finding> = {}) =>
    findings.push({ field, status, ...extra, severity: SEVERITY_OF[status], message, source: psp.map.at(path) });

  for (const { row, result } of rows) {
    const before = findings.length;
    const blocked = nextStricter(result.admits);
    if (blocked !== undefined && result.beyond) add(row.field, 'blocks-level', result.beyond, row.path, { blocks: blocked });
    const residual = result.residual?.(level);
    if (residual) add(row.field, 'residual', residual, row.path);
    if (result.noOpinion) add(row.field, 'no-opinion', result.noOpinion, row.path);
    if (result.mutation) add(row.field, 'mutating', result.mutation, row.path);
    for (const tightening of result.tightens?.(level, minor) ?? []) add(row.field, 'tightens', tightening.message, row.path, { check: tightening.check });
    if (findings.length === before) add(row.field, 'conforms', conformsMessage(level), row.path);
  }

  // Checks that no PSP field controls.
  if (minor >= 34 && level !== 'privileged') {
    add('spec', 'tightens', `PSS ${level} (v1.34+) forbids probe and lifecycle handlers with a host; no PSP field controlled them`, [], { check: 'hostProbesAndHostLifecycle' });
  }

  return { psp, level, mutating: findings.some((f) => f.status === 'mutating'), findings };
}

function conformsMessage(level: Level): string {
  return level === 'privileged' ? 'allows everything here, as the privileged level does' : `${level} enforces the same here`;
}

/**
 * The PSP fields a namespace at `level` does not keep by its label: those
 * where the PSP is stricter than `level` (residual) or that PSS does not
 * cover at all (no-opinion). A policy must keep these.
 */
export function fieldsBeyond(psp: PodSecurityPolicy, level: Level, version: Version = 'latest'): Set<string> {
  const minor = effectiveMinor(version);
  const out = new Set<string>();
  for (const row of ROWS) {
    const result = row.analyze(psp, minor);
    if (result.residual?.(level) || result.noOpinion) out.add(row.field);
  }
  return out;
}
