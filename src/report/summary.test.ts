import { describe, expect, it } from 'vitest';
import type { Report } from './report.js';
import { formatSummary } from './summary.js';

/** A report with n namespaces; only the fields the summary reads. */
function report(n: number): Report {
  const namespaces = Array.from({ length: n }, (_, i) => ({
    name: `ns-${String(i).padStart(3, '0')}`,
    exempt: false,
    labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/audit': 'restricted' },
    psps: ['p'],
    passingLevel: 'baseline',
  }));
  return { pssVersion: 'v1.30', summary: { psps: 1, namespaces: n, breaking: 0, gaps: 0, mutationReliance: 0 }, namespaces, gatekeeper: { constraints: [], mutators: [] } } as unknown as Report;
}

describe('the stderr summary', () => {
  it('lists every namespace of a small cluster', () => {
    const text = formatSummary(report(40), false);
    expect(text.split('\n').filter((l) => l.startsWith('  ns-'))).toHaveLength(40);
    expect(text).not.toContain('more namespaces');
  });

  it('stays short for a large cluster: the first namespaces, then a count (the rest are in REPORT.md)', () => {
    const text = formatSummary(report(10_000), false, 'out: 1 created');
    const rows = text.split('\n').filter((l) => l.startsWith('  ns-'));
    expect(rows).toHaveLength(39);
    expect(rows[0]).toMatch(/^ {2}ns-000 {2}enforce=baseline {2}audit\/warn=restricted {2}p {2}pods pass baseline$/);
    expect(text).toContain('  … and 9961 more namespaces (in REPORT.md)\n');
    expect(text.split('\n')).toHaveLength(45);
  });
});
