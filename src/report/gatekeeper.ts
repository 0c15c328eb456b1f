/** The Gatekeeper part of the stderr summary. */
import type { Generated } from '../generate/bundle.js';

export function formatGatekeeper(g: Generated): string {
  const out: string[] = ['', 'Gatekeeper:'];
  if (g.constraints.length === 0 && g.mutations.mutators.length === 0) out.push('  nothing beyond the namespace labels to keep');
  for (const c of g.constraints) {
    out.push(`  ${c.family.kind} ${c.name}: namespaces ${c.namespaces.join(', ')}; PSPs ${c.entries.map((e) => (e.serviceAccounts.length > 0 ? `${e.psp.metadata.name} (for ${e.serviceAccounts.join(', ')})` : e.psp.metadata.name)).join(', ')}`);
  }
  for (const m of g.mutations.mutators) out.push(`  ${m.kind} ${m.name}: ${m.location} from ${m.psp.metadata.name} in ${m.namespaces.join(', ')}`);
  for (const s of g.mutations.skipped) {
    out.push(`  gap: no mutators for namespace ${s.namespace}: several PSPs applied (${s.psps.join(', ')}) and PSP admission chose one per pod; set the defaults in the workloads (see mutation reliance)`);
  }
  const multi = g.constraints.filter((c) => c.entries.length > 1);
  if (multi.length > 0) {
    const namespaces = [...new Set(multi.flatMap((c) => c.namespaces))].sort();
    out.push(`  approximation: in ${namespaces.join(', ')} several PSPs applied; each Constraint admits a pod if any of them allows it for its own control, while PSP admission required one PSP to allow every control`);
  }
  return `${out.join('\n')}\n`;
}
