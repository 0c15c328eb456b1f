/**
 * Everything convert generates, as manifests in a stable order: Namespaces,
 * then ConstraintTemplates, Constraints and mutators, then the
 * AdmissionConfiguration (for the API server, not for kubectl apply).
 */
import type { PspAnalysis } from '../mapping/level.js';
import type { Plan } from '../plan/plan.js';
import type { Version } from '../pss/index.js';
import { constraintObject, planConstraints } from './gatekeeper/constraints.js';
import type { ConstraintPlan, EnforcementAction } from './gatekeeper/constraints.js';
import type { ControlFamily } from './gatekeeper/family.js';
import { mutatorObject, planMutations } from './gatekeeper/mutations.js';
import type { MutationPlanResult } from './gatekeeper/mutations.js';
import { constraintTemplate, templateName } from './gatekeeper/templates.js';
import { admissionConfiguration, namespaceManifests } from './manifests.js';
import type { Manifest } from './manifests.js';

export interface GenerateOptions {
  version: Version;
  gatekeeper: boolean;
  mutations: boolean;
  enforcementAction: EnforcementAction;
}

export interface Generated {
  /** Objects for the cluster (kubectl apply / kustomize), in order. */
  manifests: Manifest[];
  admission: Manifest;
  constraints: ConstraintPlan[];
  mutations: MutationPlanResult;
}

/** A family's ConstraintTemplate, the same for every cluster (its YAML is written at build time: see toYaml). */
export function templateManifest(family: ControlFamily): Manifest {
  return { name: `gatekeeper/templates/${templateName(family)}.yaml`, object: constraintTemplate(family), yamlLibrary: true };
}

export function generate(plan: Plan, analyses: readonly PspAnalysis[], opts: GenerateOptions): Generated {
  const manifests = namespaceManifests(plan);
  const constraints = opts.gatekeeper ? planConstraints(plan, analyses, opts.version) : [];
  const mutations: MutationPlanResult = opts.gatekeeper && opts.mutations ? planMutations(plan, new Map(analyses.map((a) => [a.psp.metadata.name, a.psp]))) : { mutators: [], skipped: [] };
  const families = [...new Set(constraints.map((c) => c.family))];
  for (const family of families) manifests.push(templateManifest(family));
  for (const c of constraints) {
    const keeps = [...c.keeps.entries()].map(([psp, fields]) => `${psp}: ${fields.join(', ')}`).join('; ');
    manifests.push({ name: `gatekeeper/constraints/${c.name}.yaml`, object: constraintObject(c, opts.enforcementAction), comment: [` Keeps what the namespaces' label does not: ${keeps}.`] });
  }
  for (const m of mutations.mutators) {
    const comment = [` The default PodSecurityPolicy ${m.psp.metadata.name} set (${m.field}); better set it in the workloads.`, ...(m.differs ? [` Approximation: ${m.differs}.`] : [])];
    manifests.push({ name: `gatekeeper/mutations/${m.name}.yaml`, object: mutatorObject(m), comment });
  }
  return { manifests, admission: admissionConfiguration(plan), constraints, mutations };
}
