/**
 * Dispatch by apiVersion and kind (SPEC §3): the kinds psp-migrate reads
 * become typed model objects; every other kind is counted as ignored.
 */
import { InputError } from '../input/errors.js';
import type { Problem } from '../input/errors.js';
import type { RawObject } from '../input/read.js';
import { SourceMap } from '../input/source-map.js';
import type { Path } from '../input/source-map.js';
import { FieldReader } from './fields.js';
import { PSP_API_VERSIONS, readObjectMeta, readPodSecurityPolicy } from './psp.js';
import { SummaryInterner, isKeptAnnotation, summarizeMetadata, summarizeSpec } from './summary.js';
import type { Binding, Inventory, LabelSelector, PodCarrier, PolicyRule, Role, WorkloadKind } from './types.js';

const RBAC_API_VERSIONS = ['rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1'];

/** Where each workload kind keeps its pod template, and the API versions it was served under. */
const POD_CARRIERS: Record<'Pod' | WorkloadKind, { apiVersions: readonly string[]; template: readonly string[] }> = {
  Pod: { apiVersions: ['v1'], template: [] },
  Deployment: { apiVersions: ['apps/v1', 'apps/v1beta2', 'apps/v1beta1', 'extensions/v1beta1'], template: ['spec', 'template'] },
  ReplicaSet: { apiVersions: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'], template: ['spec', 'template'] },
  StatefulSet: { apiVersions: ['apps/v1', 'apps/v1beta2', 'apps/v1beta1'], template: ['spec', 'template'] },
  DaemonSet: { apiVersions: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'], template: ['spec', 'template'] },
  Job: { apiVersions: ['batch/v1'], template: ['spec', 'template'] },
  CronJob: { apiVersions: ['batch/v1', 'batch/v1beta1', 'batch/v2alpha1'], template: ['spec', 'jobTemplate', 'spec', 'template'] },
  ReplicationController: { apiVersions: ['v1'], template: ['spec', 'template'] },
  PodTemplate: { apiVersions: ['v1'], template: ['template'] },
};

function isPodCarrierKind(kind: string): kind is keyof typeof POD_CARRIERS {
  return Object.prototype.hasOwnProperty.call(POD_CARRIERS, kind);
}

function readRules(r: FieldReader, path: Path): PolicyRule[] {
  return (r.list(path) ?? []).map((_, i) => ({
    apiGroups: r.strList([...path, i, 'apiGroups']) ?? [],
    resources: r.strList([...path, i, 'resources']) ?? [],
    resourceNames: r.strList([...path, i, 'resourceNames']) ?? [],
    verbs: r.strList([...path, i, 'verbs']) ?? [],
  }));
}

function readSelector(r: FieldReader, path: Path): LabelSelector {
  return {
    matchLabels: r.strMap([...path, 'matchLabels']),
    matchExpressions: (r.list([...path, 'matchExpressions']) ?? []).map((_, i) => ({
      key: r.str([...path, 'matchExpressions', i, 'key']) ?? '',
      operator: r.str([...path, 'matchExpressions', i, 'operator']) ?? '',
      values: r.strList([...path, 'matchExpressions', i, 'values']) ?? [],
    })),
  };
}

function readRole(obj: RawObject, kind: 'Role' | 'ClusterRole', r: FieldReader): Role {
  const role: Role = { kind, apiVersion: obj.apiVersion, metadata: readObjectMeta(r), source: obj.pos, map: obj.map, rules: readRules(r, ['rules']) };
  if (kind === 'ClusterRole' && r.map(['aggregationRule']) !== undefined) {
    const selectors = r.list(['aggregationRule', 'clusterRoleSelectors']) ?? [];
    role.aggregationRule = { clusterRoleSelectors: selectors.map((_, i) => readSelector(r, ['aggregationRule', 'clusterRoleSelectors', i])) };
  }
  return role;
}

function readBinding(obj: RawObject, kind: 'RoleBinding' | 'ClusterRoleBinding', r: FieldReader): Binding {
  const roleRefKind = r.str(['roleRef', 'kind']) ?? '';
  const roleRefName = r.str(['roleRef', 'name']) ?? '';
  if (roleRefKind === '' || roleRefName === '') r.problem(['roleRef'], 'Required value: roleRef needs kind and name', 'complete the roleRef');
  return {
    kind,
    apiVersion: obj.apiVersion,
    metadata: readObjectMeta(r),
    source: obj.pos,
    map: obj.map,
    roleRef: { apiGroup: r.str(['roleRef', 'apiGroup']) ?? '', kind: roleRefKind, name: roleRefName },
    subjects: (r.list(['subjects']) ?? []).map((_, i) => {
      const namespace = r.str(['subjects', i, 'namespace']);
      const apiGroup = r.str(['subjects', i, 'apiGroup']);
      return {
        kind: r.str(['subjects', i, 'kind']) ?? '',
        name: r.str(['subjects', i, 'name']) ?? '',
        ...(namespace ? { namespace } : {}),
        ...(apiGroup !== undefined ? { apiGroup } : {}),
      };
    }),
  };
}

/** Shared by the pods and workloads that keep no labels or annotations (most): never changed. */
const NONE: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** One interner per inventory: replicas share their summaries (src/model/summary.ts). */
const interners = new WeakMap<Inventory, SummaryInterner>();

/**
 * A pod or workload, keeping only what the analysis reads (src/model/summary.ts).
 * Findings about pods and templates point at the object, so only its start is kept: a cluster has many.
 */
function readPodCarrier(inv: Inventory, obj: RawObject, kind: keyof typeof POD_CARRIERS, r: FieldReader): PodCarrier {
  const template = POD_CARRIERS[kind].template;
  const owners = r.list(['metadata', 'ownerReferences']) ?? [];
  const controllerIndex = owners.findIndex((_, i) => r.bool(['metadata', 'ownerReferences', i, 'controller']) === true);
  const controller =
    controllerIndex < 0 ? undefined : { kind: r.str(['metadata', 'ownerReferences', controllerIndex, 'kind']) ?? '', name: r.str(['metadata', 'ownerReferences', controllerIndex, 'name']) ?? '' };
  const meta = readObjectMeta(r);
  const annotations = Object.fromEntries(Object.entries(meta.annotations).filter(([k]) => isKeptAnnotation(k)));
  const podMetadata = summarizeMetadata(r.map([...template, 'metadata']) ?? {});
  const podSpec = summarizeSpec(r.map([...template, 'spec']) ?? {}, kind === 'Pod');
  let pspAnnotation: string | undefined;
  if (kind === 'Pod') {
    // The PSP that admitted a pod differs between replicas; it is kept beside the shared summary.
    const podAnnotations = podMetadata.annotations as Record<string, unknown> | undefined;
    const psp = podAnnotations?.['kubernetes.io/psp'];
    if (typeof psp === 'string') pspAnnotation = psp;
    if (podAnnotations && 'kubernetes.io/psp' in podAnnotations) {
      const { 'kubernetes.io/psp': _, ...rest } = podAnnotations;
      podMetadata.annotations = rest;
    }
  }
  let interner = interners.get(inv);
  if (!interner) interners.set(inv, (interner = new SummaryInterner()));
  const shared = interner.intern(podMetadata, podSpec);
  return {
    ...(controller ? { controller } : {}),
    ...(pspAnnotation !== undefined ? { pspAnnotation } : {}),
    kind,
    apiVersion: obj.apiVersion,
    metadata: { ...meta, labels: NONE, annotations: Object.keys(annotations).length > 0 ? annotations : NONE },
    source: obj.pos,
    map: SourceMap.only(obj.pos),
    templatePath: template,
    podMetadata: shared.metadata,
    podSpec: shared.spec,
  };
}

export function emptyInventory(sources: string[] = []): Inventory {
  return { psps: [], roles: [], bindings: [], namespaces: [], serviceAccounts: [], pods: [], workloads: [], ignored: {}, sources };
}

/**
 * Adds one object to the inventory. Problems (wrong types, invalid PSPs) are
 * returned, not thrown, so that one run reports all of them.
 */
export function addObject(inv: Inventory, obj: RawObject): Problem[] {
  const { apiVersion, kind } = obj;
  const r = new FieldReader(obj);
  if (kind === 'PodSecurityPolicy' && (PSP_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    const { psp, problems } = readPodSecurityPolicy(obj);
    inv.psps.push(psp);
    return problems;
  }
  if ((kind === 'Role' || kind === 'ClusterRole') && RBAC_API_VERSIONS.includes(apiVersion)) {
    inv.roles.push(readRole(obj, kind, r));
  } else if ((kind === 'RoleBinding' || kind === 'ClusterRoleBinding') && RBAC_API_VERSIONS.includes(apiVersion)) {
    inv.bindings.push(readBinding(obj, kind, r));
  } else if (kind === 'Namespace' && apiVersion === 'v1') {
    inv.namespaces.push({ kind, apiVersion, metadata: readObjectMeta(r), source: obj.pos, map: obj.map });
  } else if (kind === 'ServiceAccount' && apiVersion === 'v1') {
    inv.serviceAccounts.push({ kind, apiVersion, metadata: readObjectMeta(r), source: obj.pos, map: obj.map });
  } else if (isPodCarrierKind(kind) && POD_CARRIERS[kind].apiVersions.includes(apiVersion)) {
    const carrier = readPodCarrier(inv, obj, kind, r);
    (kind === 'Pod' ? inv.pods : inv.workloads).push(carrier);
  } else {
    const key = `${apiVersion} ${kind}`;
    inv.ignored[key] = (inv.ignored[key] ?? 0) + 1;
  }
  return r.problems;
}

/**
 * Builds the inventory one object at a time, for the streaming reader: the
 * raw object can be dropped as soon as it is added. Objects added since a
 * `mark()` can be taken back (`rollback`): the reader adds a List's items
 * before it has seen the List's `kind`, which kubectl writes after them.
 */
export class InventoryBuilder {
  readonly inventory: Inventory;
  readonly problems: Problem[] = [];
  /** Objects added (after rollbacks). */
  count = 0;

  constructor(sources: string[] = []) {
    this.inventory = emptyInventory(sources);
  }

  add(obj: RawObject): void {
    const found = addObject(this.inventory, obj);
    if (found.length > 0) this.problems.push(...found);
    this.count++;
  }

  mark(): InventoryMark {
    const inv = this.inventory;
    return {
      lengths: [inv.psps.length, inv.roles.length, inv.bindings.length, inv.namespaces.length, inv.serviceAccounts.length, inv.pods.length, inv.workloads.length],
      ignored: { ...inv.ignored },
      problems: this.problems.length,
      count: this.count,
    };
  }

  rollback(mark: InventoryMark): void {
    const inv = this.inventory;
    [inv.psps, inv.roles, inv.bindings, inv.namespaces, inv.serviceAccounts, inv.pods, inv.workloads].forEach((list, i) => {
      list.length = mark.lengths[i]!;
    });
    inv.ignored = { ...mark.ignored };
    this.problems.length = mark.problems;
    this.count = mark.count;
  }
}

export interface InventoryMark {
  lengths: number[];
  ignored: Record<string, number>;
  problems: number;
  count: number;
}

/** Builds the inventory of all objects; any problem stops the run with every problem listed. */
export function buildInventory(objects: readonly RawObject[], sources: string[]): Inventory {
  const inv = emptyInventory(sources);
  const problems: Problem[] = [];
  for (const obj of objects) problems.push(...addObject(inv, obj));
  if (problems.length > 0) throw new InputError(problems);
  return inv;
}
