/** The short terminal summary of `convert` (stderr): aligned, coloured on a terminal. */
import type { Report } from './report.js';

const codes = { bold: '\u001b[1m', red: '\u001b[31m', yellow: '\u001b[33m', green: '\u001b[32m', dim: '\u001b[2m', reset: '\u001b[0m' };

/** Namespace rows shown at most; more are counted. */
const MAX_NAMESPACE_ROWS = 40;

export function formatSummary(report: Report, color: boolean, written?: string): string {
  const c = (code: keyof typeof codes, s: string) => (color ? `${codes[code]}${s}${codes.reset}` : s);
  const s = report.summary;
  const lines: string[] = [];
  lines.push(`${c('bold', 'psp-migrate')}: ${s.psps} PodSecurityPolic${s.psps === 1 ? 'y' : 'ies'}, ${s.namespaces} namespace${s.namespaces === 1 ? '' : 's'} to label (Pod Security Standards ${report.pssVersion})`);
  // A summary stays short: a large cluster's namespaces are in REPORT.md.
  const shown = report.namespaces.length > MAX_NAMESPACE_ROWS ? report.namespaces.slice(0, MAX_NAMESPACE_ROWS - 1) : report.namespaces;
  const rows = shown.map((ns) => [
    ns.name,
    ns.exempt ? 'exempt' : `enforce=${ns.labels['pod-security.kubernetes.io/enforce']}`,
    ns.exempt ? '' : `audit/warn=${ns.labels['pod-security.kubernetes.io/audit']}`,
    ns.psps.length > 0 ? ns.psps.join(', ') : 'no PSP',
    `pods pass ${ns.passingLevel}`,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(0, ...rows.map((r) => r[i]!.length)));
  for (const r of rows) lines.push(`  ${r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ')}`);
  if (shown.length < report.namespaces.length) lines.push(c('dim', `  … and ${report.namespaces.length - shown.length} more namespaces (in REPORT.md)`));
  const count = (n: number, what: string, code: keyof typeof codes) => (n > 0 ? c(code, `${n} ${what}`) : `${n} ${what}`);
  lines.push(`  ${count(s.breaking, 'breaking', 'red')}, ${count(s.gaps, 'gaps', 'yellow')}, ${count(s.mutationReliance, 'relying on mutation', 'yellow')}; ${report.gatekeeper.constraints.length} Constraints, ${report.gatekeeper.mutators.length} mutators`);
  if (written) lines.push(`  ${written}`);
  lines.push(c('dim', `  details: REPORT.md in --out-dir, or --report md|json|text`));
  return `${lines.join('\n')}\n`;
}
