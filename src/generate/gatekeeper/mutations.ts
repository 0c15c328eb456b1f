/**
 * Gatekeeper mutators (mutations.gatekeeper.sh/v1) for the defaults PSPs set
 * (SPEC §5.5), each only where the field is unset (pathTests MustNotExist).
 *
 * PSP admission chose one PSP per pod (non-mutating first, then by name), and
 * mutators cannot: so they are generated only for namespaces where exactly
 * one PSP applied to every pod. Elsewhere the report says so, and the
 * mutation-reliance findings say what each workload must set itself.
 *
 * Where PSP set a value on each container whose effective value was unset
 * (runAsUser, runAsGroup, runAsNonRoot, seLinuxOptions), the mutator sets it
 * once at pod level, where containers that set nothing inherit it: the same
 * effective values. Profiles are set through the securityContext fields
 * (seccompProfile; appArmorProfile needs Kubernetes 1.30+) rather than the
 * deprecated annotations.
 */
import type { PodSecurityPolicy } from '../../model/types.js';
import type { Plan } from '../../plan/plan.js';
import { constraintName } from './constraints.js';

export interface MutatorPlan {
  name: string;
  kind: 'Assign' | 'ModifySet';
  psp: PodSecurityPolicy;
  /** The PSP field whose default this keeps, as findings name it. */
  field: string;
  namespaces: string[];
  location: string;
  /** Assign: the value; ModifySet: the values merged into the list. */
  value: unknown;
  /** Where the mutator differs from what the PSP did, said in the generated file. */
  differs?: string;
}

const CONTAINER_LISTS = ['containers', 'initContainers'] as const;

function profileField(profile: string): Record<string, string> | undefined {
  if (profile === 'runtime/default' || profile === 'docker/default') return { type: 'RuntimeDefault' };
  if (profile === 'unconfined') return { type: 'Unconfined' };
  if (profile.startsWith('localhost/')) return { type: 'Localhost', localhostProfile: profile.slice('localhost/'.length) };
  return undefined;
}

/** The mutators one PSP's defaults need: [field, kind, location, value]. */
function defaultsOf(psp: PodSecurityPolicy): [string, MutatorPlan['kind'], string, unknown][] {
  const s = psp.spec;
  const out: [string, MutatorPlan['kind'], string, unknown][] = [];
  const pod = (field: string, location: string, value: unknown) => out.push([field, 'Assign', `spec.securityContext.${location}`, value]);
  const perContainer = (field: string, kind: MutatorPlan['kind'], location: string, value: unknown) => {
    for (const list of CONTAINER_LISTS) out.push([field, kind, `spec.${list}[name:*].securityContext.${location}`, value]);
  };
  if (s.runAsUser.rule === 'MustRunAs' && s.runAsUser.ranges[0]) pod('spec.runAsUser', 'runAsUser', s.runAsUser.ranges[0].min);
  if (s.runAsUser.rule === 'MustRunAsNonRoot') pod('spec.runAsUser', 'runAsNonRoot', true);
  if (s.runAsGroup?.rule === 'MustRunAs' && s.runAsGroup.ranges[0]) pod('spec.runAsGroup', 'runAsGroup', s.runAsGroup.ranges[0].min);
  if (s.supplementalGroups.rule === 'MustRunAs' && s.supplementalGroups.ranges[0]) pod('spec.supplementalGroups', 'supplementalGroups', [s.supplementalGroups.ranges[0].min]);
  if (s.fsGroup.rule === 'MustRunAs' && s.fsGroup.ranges[0]) pod('spec.fsGroup', 'fsGroup', s.fsGroup.ranges[0].min);
  if (s.seLinux.rule === 'MustRunAs' && s.seLinux.seLinuxOptions) pod('spec.seLinux', 'seLinuxOptions', s.seLinux.seLinuxOptions);
  const seccomp = psp.seccomp.default && profileField(psp.seccomp.default);
  if (seccomp) pod('metadata.annotations[seccomp.security.alpha.kubernetes.io/defaultProfileName]', 'seccompProfile', seccomp);
  const appArmor = psp.appArmor.default && profileField(psp.appArmor.default);
  if (appArmor) pod('metadata.annotations[apparmor.security.beta.kubernetes.io/defaultProfileName]', 'appArmorProfile', appArmor);
  if (s.requiredDropCapabilities.length > 0) perContainer('spec.requiredDropCapabilities', 'ModifySet', 'capabilities.drop', [...s.requiredDropCapabilities]);
  if (s.defaultAddCapabilities.length > 0) perContainer('spec.defaultAddCapabilities', 'ModifySet', 'capabilities.add', [...s.defaultAddCapabilities]);
  if (s.readOnlyRootFilesystem) perContainer('spec.readOnlyRootFilesystem', 'Assign', 'readOnlyRootFilesystem', true);
  if (s.defaultAllowPrivilegeEscalation !== undefined) perContainer('spec.defaultAllowPrivilegeEscalation', 'Assign', 'allowPrivilegeEscalation', s.defaultAllowPrivilegeEscalation);
  else if (!s.allowPrivilegeEscalation) perContainer('spec.allowPrivilegeEscalation', 'Assign', 'allowPrivilegeEscalation', false);
  if (s.runtimeClass?.defaultRuntimeClassName) out.push(['spec.runtimeClass.defaultRuntimeClassName', 'Assign', 'spec.runtimeClassName', s.runtimeClass.defaultRuntimeClassName]);
  return out;
}

/** A name part for the mutated location: `containers-readonlyrootfilesystem`. */
function locationPart(location: string): string {
  return location.replace(/^spec\./, '').replace(/\[name:\*\]/g, '').replace(/securityContext\./, '').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
}

export interface MutationPlanResult {
  mutators: MutatorPlan[];
  /** Namespaces where several PSPs applied, so no mutator was generated. */
  skipped: { namespace: string; psps: string[] }[];
}

export function planMutations(plan: Plan, psps: Map<string, PodSecurityPolicy>): MutationPlanResult {
  const byPsp = new Map<string, string[]>();
  const skipped: MutationPlanResult['skipped'] = [];
  for (const ns of plan.namespaces) {
    if (ns.exempt || ns.psps.length === 0) continue;
    const mutating = ns.psps.filter((p) => defaultsOf(psps.get(p)!).length > 0);
    if (mutating.length === 0) continue;
    if (ns.psps.length > 1) {
      skipped.push({ namespace: ns.name, psps: ns.psps });
      continue;
    }
    byPsp.set(ns.psps[0]!, [...(byPsp.get(ns.psps[0]!) ?? []), ns.name]);
  }
  const taken = new Set<string>();
  const mutators: MutatorPlan[] = [];
  for (const [name, namespaces] of [...byPsp.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const psp = psps.get(name)!;
    for (const [field, kind, location, value] of defaultsOf(psp)) {
      // capabilities.go added the defaults a container did not drop; ModifySet cannot look at the drops.
      const differs = field === 'spec.defaultAddCapabilities' ? 'PSP added these only to containers that did not drop them; this mutator adds them to every container' : undefined;
      mutators.push({ name: constraintName([name], locationPart(location), taken), kind, psp, field, namespaces, location, value, ...(differs ? { differs } : {}) });
    }
  }
  return { mutators, skipped };
}

export function mutatorObject(m: MutatorPlan): Record<string, unknown> {
  const match = { scope: 'Namespaced', kinds: [{ apiGroups: [''], kinds: ['Pod'] }], namespaces: m.namespaces };
  const applyTo = [{ groups: [''], kinds: ['Pod'], versions: ['v1'] }];
  const parameters =
    m.kind === 'Assign'
      ? { pathTests: [{ subPath: m.location, condition: 'MustNotExist' }], assign: { value: m.value } }
      : { operation: 'merge', values: { fromList: m.value } };
  return {
    apiVersion: 'mutations.gatekeeper.sh/v1',
    kind: m.kind,
    metadata: { name: m.name, annotations: { 'psp-migrate/psp': m.psp.metadata.name, 'psp-migrate/field': m.field } },
    spec: { applyTo, match, location: m.location, parameters },
  };
}
