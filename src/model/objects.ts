/**
 * Dispatch by apiVersion and kind (SPEC §3): the kinds psp-migrate reads
 * become typed model objects; every other kind is counted as ignored.
 */
import { InputError } from '../input/errors.js';
import type { Pos, Problem } from '../input/errors.js';
import type { RawObject } from '../input/read.js';
import { SourceMap } from '../input/source-map.js';
import type { Path } from '../input/source-map.js';
import { FieldReader } from './fields.js';
import { PSP_API_VERSIONS, readObjectMeta, readPodSecurityPolicy } from './psp.js';
import { SummaryInterner, detached, isKeptAnnotation, summarizeMetadata, summarizeSpec } from './summary.js';
import type { PodSummary } from './summary.js';
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

/**
 * A pod or workload, keeping only what the analysis reads (src/model/summary.ts).
 * Findings about pods and templates point at the object, so only its start is kept: a cluster has many.
 * The summary is not shared yet (see InventoryBuilder.addCarrier): this also runs in the parse worker.
 */
function readPodCarrier(obj: RawObject, kind: keyof typeof POD_CARRIERS, r: FieldReader): PodCarrier {
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
  // What a carrier keeps must not keep its item's text alive (see detached; its summary is copied once shared).
  const metadata = { ...meta, name: detached(meta.name), labels: NONE, annotations: Object.keys(annotations).length > 0 ? detached(annotations) : NONE };
  if (meta.namespace !== undefined) metadata.namespace = detached(meta.namespace);
  return carrier(detached(controller), pspAnnotation === undefined ? undefined : detached(pspAnnotation), detached(kind), detached(obj.apiVersion), metadata, obj.pos, podMetadata, podSpec);
}

/**
 * A PodCarrier, its keys always in one order (the inventory is compared and
 * written as JSON). Built key by key: an object spread of a conditional
 * (`...(c ? { controller } : {})`) costs microseconds, and a cluster has a
 * hundred thousand pods.
 */
function carrier(
  controller: PodCarrier['controller'],
  pspAnnotation: string | undefined,
  kind: PodCarrier['kind'],
  apiVersion: string,
  metadata: PodCarrier['metadata'],
  source: Pos,
  podMetadata: Record<string, unknown>,
  podSpec: Record<string, unknown>,
): PodCarrier {
  const c = {} as PodCarrier;
  if (controller) c.controller = controller;
  if (pspAnnotation !== undefined) c.pspAnnotation = pspAnnotation;
  c.kind = kind;
  c.apiVersion = apiVersion;
  c.metadata = metadata;
  c.source = source;
  c.map = SourceMap.only(source);
  c.templatePath = POD_CARRIERS[kind].template;
  c.podMetadata = podMetadata;
  c.podSpec = podSpec;
  return c;
}

/**
 * A pod or workload as it crosses threads (src/input/parallel.ts), without
 * its summary: a flat tuple, which is copied and rebuilt much faster than the
 * object. [kind, apiVersion, name, namespace, kept annotations, controller
 * kind, controller name, kubernetes.io/psp, line, column]
 */
export type CarrierWire = [
  kind: PodCarrier['kind'],
  apiVersion: string,
  name: string,
  namespace: string | undefined,
  annotations: Record<string, string> | undefined,
  controllerKind: string | undefined,
  controllerName: string | undefined,
  pspAnnotation: string | undefined,
  line: number,
  col: number,
];

export function carrierToWire(c: PodCarrier): CarrierWire {
  const m = c.metadata;
  return [c.kind, c.apiVersion, m.name, m.namespace, m.annotations === NONE ? undefined : m.annotations, c.controller?.kind, c.controller?.name, c.pspAnnotation, c.source.line, c.source.col];
}

/** The carrier readPodCarrier made, from its wire form (the same keys, in the same order). */
export function carrierFromWire(w: CarrierWire, file: string, podMetadata: Record<string, unknown>, podSpec: Record<string, unknown>): PodCarrier {
  const namespace = w[3];
  const annotations = w[4] ?? NONE;
  const metadata = namespace ? { name: w[2], namespace, labels: NONE, annotations } : { name: w[2], labels: NONE, annotations };
  return carrier(w[5] !== undefined ? { kind: w[5], name: w[6]! } : undefined, w[7], w[0], w[1], metadata, { file, line: w[8], col: w[9] }, podMetadata, podSpec);
}

/**
 * What addObject does with an object of this apiVersion and kind: `carrier`
 * (a pod or workload: summarized), `read` (a PSP, RBAC object, namespace or
 * service account: read in full, with positions), or `ignored` (counted).
 */
export function objectClass(apiVersion: string, kind: string): 'carrier' | 'read' | 'ignored' {
  if (kind === 'PodSecurityPolicy') return (PSP_API_VERSIONS as readonly string[]).includes(apiVersion) ? 'read' : 'ignored';
  if (kind === 'Role' || kind === 'ClusterRole' || kind === 'RoleBinding' || kind === 'ClusterRoleBinding') return RBAC_API_VERSIONS.includes(apiVersion) ? 'read' : 'ignored';
  if (kind === 'Namespace' || kind === 'ServiceAccount') return apiVersion === 'v1' ? 'read' : 'ignored';
  if (isPodCarrierKind(kind)) return POD_CARRIERS[kind].apiVersions.includes(apiVersion) ? 'carrier' : 'ignored';
  return 'ignored';
}

/** A pod or workload read alone (objectClass 'carrier'), with the problems found in it; its summary is not shared yet. */
export function readCarrier(obj: RawObject): { carrier: PodCarrier; problems: Problem[] } {
  const r = new FieldReader(obj);
  const carrier = readPodCarrier(obj, obj.kind as keyof typeof POD_CARRIERS, r);
  return { carrier, problems: r.problems };
}

/** One interner per inventory: replicas share their summaries (src/model/summary.ts). */
const interners = new WeakMap<Inventory, SummaryInterner>();

function internerOf(inv: Inventory): SummaryInterner {
  let interner = interners.get(inv);
  if (!interner) interners.set(inv, (interner = new SummaryInterner()));
  return interner;
}

/** The carrier with its summary shared with identical ones already in the inventory. */
function shareSummary(inv: Inventory, carrier: PodCarrier): PodCarrier {
  const shared = internerOf(inv).intern(carrier.podMetadata, carrier.podSpec);
  carrier.podMetadata = shared.metadata;
  carrier.podSpec = shared.spec;
  return carrier;
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
  const cls = objectClass(apiVersion, kind);
  if (cls === 'ignored') {
    countIgnored(inv, apiVersion, kind);
    return [];
  }
  if (kind === 'PodSecurityPolicy') {
    const { psp, problems } = readPodSecurityPolicy(obj);
    inv.psps.push(psp);
    return problems;
  }
  const r = new FieldReader(obj);
  if (cls === 'carrier') {
    const carrier = shareSummary(inv, readPodCarrier(obj, kind as keyof typeof POD_CARRIERS, r));
    (kind === 'Pod' ? inv.pods : inv.workloads).push(carrier);
  } else if (kind === 'Role' || kind === 'ClusterRole') {
    inv.roles.push(readRole(obj, kind, r));
  } else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    inv.bindings.push(readBinding(obj, kind, r));
  } else if (kind === 'Namespace') {
    // (Their names outlive the inventory, in the plan and the report: copied, see detached.)
    inv.namespaces.push({ kind, apiVersion, metadata: detached(readObjectMeta(r)), source: obj.pos, map: obj.map });
  } else {
    inv.serviceAccounts.push({ kind: 'ServiceAccount', apiVersion, metadata: detached(readObjectMeta(r)), source: obj.pos, map: obj.map });
  }
  return r.problems;
}

function countIgnored(inv: Inventory, apiVersion: string, kind: string): void {
  const key = `${apiVersion} ${kind}`;
  inv.ignored[key] = (inv.ignored[key] ?? 0) + 1;
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

  /**
   * A pod or workload read elsewhere (readCarrier, maybe in the parse
   * worker), as `add` would have added it. `shared` is its summary when the
   * caller has already shared it (shareSummaries).
   */
  addCarrier(carrier: PodCarrier, problems: readonly Problem[], shared?: PodSummary): void {
    const inv = this.inventory;
    if (shared) {
      carrier.podMetadata = shared.metadata;
      carrier.podSpec = shared.spec;
    } else shareSummary(inv, carrier);
    (carrier.kind === 'Pod' ? inv.pods : inv.workloads).push(carrier);
    if (problems.length > 0) this.problems.push(...problems);
    this.count++;
  }

  /** A summary as the inventory shares it: the parse worker sends each distinct summary once. */
  shareSummary(metadata: Record<string, unknown>, spec: Record<string, unknown>): PodSummary {
    return internerOf(this.inventory).intern(metadata, spec);
  }

  /** An object of a kind psp-migrate does not read (objectClass 'ignored'), as `add` would have counted it. */
  addIgnored(apiVersion: string, kind: string): void {
    countIgnored(this.inventory, apiVersion, kind);
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
