/**
 * Where the pod spec of an object is, after upstream `admission/admission.go` DefaultPodSpecExtractor:
 * Pod itself; PodTemplate `.template`; ReplicationController, ReplicaSet, Deployment, StatefulSet, DaemonSet and
 * Job `.spec.template`; CronJob `.spec.jobTemplate.spec.template`.
 */
import { asObject, asString, field, objectField, type JsonObject } from './json.js';

export interface PodTemplate {
  /** The pod's (or template's) `metadata`; only its annotations matter to the checks. */
  readonly metadata: unknown;
  readonly spec: unknown;
}

/** API groups per kind. `extensions` and the beta `apps` versions are accepted for old manifests. */
const KINDS: Readonly<Record<string, { groups: readonly string[]; template: (obj: JsonObject) => JsonObject | undefined }>> = {
  Pod: { groups: [''], template: (obj) => obj },
  PodTemplate: { groups: [''], template: (obj) => objectField(obj, 'template') },
  ReplicationController: { groups: [''], template: specTemplate },
  ReplicaSet: { groups: ['apps', 'extensions'], template: specTemplate },
  Deployment: { groups: ['apps', 'extensions'], template: specTemplate },
  StatefulSet: { groups: ['apps'], template: specTemplate },
  DaemonSet: { groups: ['apps', 'extensions'], template: specTemplate },
  Job: { groups: ['batch'], template: specTemplate },
  CronJob: { groups: ['batch'], template: (obj) => specTemplate(objectField(objectField(obj, 'spec'), 'jobTemplate')) },
};

function specTemplate(obj: JsonObject | undefined): JsonObject | undefined {
  return objectField(objectField(obj, 'spec'), 'template');
}

/**
 * The metadata and spec to evaluate for a Pod or a workload object, or `undefined` when the object is not one
 * of these kinds (checked by `kind` and, when `apiVersion` is present, its API group) or has no pod template.
 */
export function podTemplateOf(obj: unknown): PodTemplate | undefined {
  const object = asObject(obj);
  const kind = asString(field(object, 'kind'));
  const entry = kind === undefined || !Object.hasOwn(KINDS, kind) ? undefined : KINDS[kind];
  if (object === undefined || entry === undefined) return undefined;

  const apiVersion = asString(field(object, 'apiVersion'));
  if (apiVersion !== undefined && !entry.groups.includes(apiGroup(apiVersion))) return undefined;

  const template = entry.template(object);
  return template === undefined ? undefined : { metadata: field(template, 'metadata'), spec: field(template, 'spec') };
}

/** `apps/v1` → `apps`, `v1` → `` (core). */
function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
