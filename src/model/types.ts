/**
 * The model every later stage works on: typed Kubernetes objects, each with
 * the place it came from. Both PodSecurityPolicy API groups normalize to one
 * type (see psp.ts).
 */
import type { Pos, Problem } from '../input/errors.js';
import type { SourceMap } from '../input/source-map.js';

export interface ObjectMeta {
  name: string;
  /** Absent for cluster-scoped objects, and for namespaced ones the dump left it off. */
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface ObjectBase {
  apiVersion: string;
  metadata: ObjectMeta;
  /** Where the object starts. */
  source: Pos;
  /** Positions of the object's fields. */
  map: SourceMap;
}

// ---------------------------------------------------------------- PSP

export type SELinuxRule = 'MustRunAs' | 'RunAsAny';
export type RunAsUserRule = 'MustRunAs' | 'MustRunAsNonRoot' | 'RunAsAny';
/** runAsGroup, supplementalGroups and fsGroup; `MayRunAs` validates without mutating. */
export type GroupRule = 'MustRunAs' | 'MayRunAs' | 'RunAsAny';

export interface IDRange {
  min: number;
  max: number;
}

export interface SELinuxOptions {
  user?: string;
  role?: string;
  type?: string;
  level?: string;
}

export interface AllowedHostPath {
  pathPrefix: string;
  readOnly: boolean;
}

/**
 * A PSP's seccomp or AppArmor annotations. The PSP strategies split
 * `allowedProfileNames` on ",": an empty item (a trailing comma) means "no
 * profile set" is allowed, and `*` allows any profile.
 */
export interface ProfileAnnotations {
  /** Absent when the PSP has no allowedProfileNames annotation. */
  allowed?: {
    /** The annotation as written. */
    raw: string;
    /** Named profiles, without `*` and without the empty item. */
    names: string[];
    /** The list has an empty item. */
    allowUnset: boolean;
    /** The list has `*` (seccomp only: AppArmor has no wildcard). */
    any: boolean;
  };
  /** defaultProfileName, when set and not empty. */
  default?: string;
}

/**
 * PodSecurityPolicySpec with the API defaults applied: omitted booleans are
 * false, `allowPrivilegeEscalation` is true when omitted, omitted lists are
 * empty (what an empty list means is field-specific: an empty `volumes` allows
 * no volume, an empty `allowedHostPaths` allows every path). Whether a field
 * was written at all is in the PSP's source map (`psp.map.has(path)`).
 */
export interface PspSpec {
  privileged: boolean;
  defaultAddCapabilities: string[];
  requiredDropCapabilities: string[];
  allowedCapabilities: string[];
  volumes: string[];
  hostNetwork: boolean;
  hostPorts: IDRange[];
  hostPID: boolean;
  hostIPC: boolean;
  seLinux: { rule: SELinuxRule; seLinuxOptions?: SELinuxOptions };
  runAsUser: { rule: RunAsUserRule; ranges: IDRange[] };
  /** Optional in the API: absent means the PSP does not control the group. */
  runAsGroup?: { rule: GroupRule; ranges: IDRange[] };
  supplementalGroups: { rule: GroupRule; ranges: IDRange[] };
  fsGroup: { rule: GroupRule; ranges: IDRange[] };
  readOnlyRootFilesystem: boolean;
  /** No default when absent (nil in the API). */
  defaultAllowPrivilegeEscalation?: boolean;
  /** API default: true. */
  allowPrivilegeEscalation: boolean;
  allowedHostPaths: AllowedHostPath[];
  allowedFlexVolumes: { driver: string }[];
  allowedCSIDrivers: { name: string }[];
  allowedUnsafeSysctls: string[];
  forbiddenSysctls: string[];
  allowedProcMountTypes: string[];
  runtimeClass?: { allowedRuntimeClassNames: string[]; defaultRuntimeClassName?: string };
}

export interface PodSecurityPolicy extends ObjectBase {
  kind: 'PodSecurityPolicy';
  /** `policy/v1beta1` or `extensions/v1beta1`: the spec is the same in both. */
  apiVersion: 'policy/v1beta1' | 'extensions/v1beta1';
  spec: PspSpec;
  seccomp: ProfileAnnotations;
  appArmor: ProfileAnnotations;
  /**
   * Valid to the API server but unusable by PSP admission (its strategies
   * could not be built, so it admitted no pod); later stages report these.
   */
  unusable: Problem[];
}

// ---------------------------------------------------------------- RBAC

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  verbs: string[];
}

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

export interface Role extends ObjectBase {
  kind: 'Role' | 'ClusterRole';
  rules: PolicyRule[];
  /** ClusterRoles only: the rules of the ClusterRoles these select are aggregated in. */
  aggregationRule?: { clusterRoleSelectors: LabelSelector[] };
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface Binding extends ObjectBase {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: Subject[];
}

// ---------------------------------------------------------------- namespaces, pods, workloads

export interface Namespace extends ObjectBase {
  kind: 'Namespace';
}

export interface ServiceAccount extends ObjectBase {
  kind: 'ServiceAccount';
}

export const WORKLOAD_KINDS = [
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
  'PodTemplate',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/**
 * A Pod, or a workload evaluated through its pod template. Its `metadata`
 * keeps name and namespace, no labels, and only the annotations the analysis
 * reads (src/model/summary.ts).
 */
export interface PodCarrier extends ObjectBase {
  kind: 'Pod' | WorkloadKind;
  /** Where the pod (template) is inside the object: [] for a Pod, ['spec', 'template'] for a Deployment, … */
  templatePath: readonly string[];
  /** The ownerReference with `controller: true`, if any (a ReplicaSet for a Pod, a Deployment for a ReplicaSet, …). */
  controller?: { kind: string; name: string };
  /**
   * The pod's or template's metadata and spec: only the fields the analysis
   * reads (src/model/summary.ts). Pods with the same summary share these
   * objects; never change them.
   */
  podMetadata: Record<string, unknown>;
  podSpec: Record<string, unknown>;
  /** A pod's `kubernetes.io/psp` annotation: the PSP that admitted it. */
  pspAnnotation?: string;
}

export interface Inventory {
  psps: PodSecurityPolicy[];
  roles: Role[];
  bindings: Binding[];
  namespaces: Namespace[];
  serviceAccounts: ServiceAccount[];
  pods: PodCarrier[];
  workloads: PodCarrier[];
  /** Objects of other kinds, counted by `apiVersion kind`. */
  ignored: Record<string, number>;
  /** The sources read, in order. */
  sources: string[];
}
