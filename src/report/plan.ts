/** The namespace plan as `convert` prints it to stderr until the review report exists. */
import { formatPos } from '../input/errors.js';
import type { Plan } from '../plan/plan.js';
import type { RbacResolution } from '../rbac/resolve.js';

export function formatPlan(plan: Plan, rbac: RbacResolution): string {
  const out: string[] = ['', `Namespaces (Pod Security Standards ${plan.defaults.version}):`];
  const width = Math.max(10, ...plan.namespaces.map((n) => n.name.length));
  for (const ns of plan.namespaces) {
    if (ns.exempt) {
      out.push(`  ${ns.name.padEnd(width)}  exempt (not labelled)`);
      continue;
    }
    out.push(`  ${ns.name.padEnd(width)}  enforce ${ns.enforce.padEnd(10)}  audit/warn ${ns.audit.padEnd(10)}  PSPs: ${ns.psps.join(', ') || 'none'}; pods and templates pass ${ns.passingLevel}`);
    for (const sa of ns.serviceAccounts) out.push(`  ${''.padEnd(width)}    ${sa.name}: ${sa.psps.map((p) => `${p.name} (${p.level}) via ${p.grants.map((g) => `${g.binding.kind} ${g.binding.name}`).join(', ')}`).join('; ') || 'no PSP'}`);
    for (const f of ns.findings) out.push(`  ${''.padEnd(width)}    ${f.severity}: ${f.message}${f.source ? ` (${formatPos(f.source)})` : ''}`);
  }
  out.push(`  exempt: ${plan.exemptNamespaces.join(', ') || 'none'}`);
  out.push(`  defaults for namespaces without labels: enforce ${plan.defaults.enforce}, audit/warn ${plan.defaults.audit} (from ${plan.defaults.psps.join(', ') || 'no cluster-wide PSP'})`);
  if (rbac.findings.length > 0) {
    out.push('', 'RBAC:');
    for (const f of rbac.findings) out.push(`  ${f.kind}: ${f.message} (${formatPos(f.source)})`);
  }
  return `${out.join('\n')}\n`;
}
