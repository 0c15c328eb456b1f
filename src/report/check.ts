/** Output of `psp-migrate check`: one line per violating object, or the JSON of SPEC §2.2. */
import type { CheckResult } from '../plan/check.js';
import { forbiddenMessage } from '../pss/index.js';

export function formatCheckText(results: readonly CheckResult[]): string {
  return results
    .filter((r) => !r.allowed)
    .map((r) => `${r.file}:${r.line}: ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}: ${forbiddenMessage(r.level, r.version, r.violations)}\n`)
    .join('');
}

export function formatCheckJson(results: readonly CheckResult[]): string {
  return `${JSON.stringify({ results }, null, 2)}\n`;
}

export function checkSummary(results: readonly CheckResult[]): string {
  const denied = results.filter((r) => !r.allowed).length;
  const objects = results.length === 1 ? '1 object' : `${results.length} objects`;
  return `psp-migrate check: ${objects} checked, ${denied} ${denied === 1 ? 'violates' : 'violate'} the Pod Security Standards\n`;
}
