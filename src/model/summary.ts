/**
 * What psp-migrate keeps of a pod or pod template (issue 8): only the fields
 * the analysis reads. A cluster dump holds a hundred thousand pods, each with
 * env, probes, resources, status and managed fields that no check looks at;
 * keeping them would make memory grow with everything the cluster stores.
 *
 * Who reads what (keep this list in step with them):
 * - the Pod Security Standards checks (src/pss/pod.ts readPod): host
 *   namespaces, hostUsers, os, the pod and container security contexts,
 *   container names and ports, the `host` of probe and lifecycle handlers,
 *   volume names and source types (hostPath with its path), the seccomp and
 *   AppArmor annotations;
 * - the PSP admission model (src/mapping/admission.ts), for templates only:
 *   as above plus runtimeClassName, volume sources in full (flexVolume
 *   driver, CSI driver, hostPath path) and volume mounts (a hostPath PSP
 *   may require read-only mounts);
 * - the plan: serviceAccountName / serviceAccount, and the
 *   `kubernetes.io/psp` annotation of pods.
 *
 * Pods are only ever judged by the PSS checks (mutation reliance runs on
 * templates), so their summary keeps less still, and identical summaries are
 * shared: the replicas of one template are one object, and the checks' result
 * for it is computed once (src/plan/plan.ts).
 */

import { isRecord, setOwn } from './fields.js';

type Json = Record<string, unknown>;

const POD_SPEC_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'os', 'securityContext', 'serviceAccountName', 'serviceAccount', 'runtimeClassName'] as const;
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const HANDLERS = ['httpGet', 'tcpSocket'] as const;
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HOOKS = ['postStart', 'preStop'] as const;

/**
 * Volume sources the PSS checks allow at every level and the admission model
 * judges by type alone: their contents (and, in pods, their names) are not
 * read. (PSS restricted allows these; see src/pss/checks/restrictedVolumes.ts.)
 */
const TYPE_ONLY_SOURCES = new Set(['configMap', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/** Annotations the checks and the admission model read (seccomp and AppArmor, both spellings), and kubernetes.io/psp. */
export function isKeptAnnotation(key: string): boolean {
  return key.includes('seccomp') || key.includes('apparmor') || key === 'kubernetes.io/psp';
}

function pick(from: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const k of keys) if (Object.prototype.hasOwnProperty.call(from, k)) out[k] = from[k];
  return out;
}

/** A probe or hook reduced to the `host` of its handlers; undefined when it has none. */
function handlerHosts(handler: unknown): Json | undefined {
  if (!isRecord(handler)) return undefined;
  let out: Json | undefined;
  for (const h of HANDLERS) {
    const action = handler[h];
    if (isRecord(action) && action.host !== undefined) (out ??= {})[h] = { host: action.host };
  }
  return out;
}

function container(c: unknown, forPod: boolean): unknown {
  if (!isRecord(c)) return c;
  const out = pick(c, forPod ? ['name', 'securityContext'] : ['name', 'securityContext', 'volumeMounts', 'volumeDevices']);
  if (Array.isArray(c.ports)) out.ports = c.ports.map((p) => (isRecord(p) ? pick(p, ['containerPort', 'hostPort']) : p));
  for (const probe of PROBES) {
    const kept = handlerHosts(c[probe]);
    if (kept) out[probe] = kept;
  }
  if (isRecord(c.lifecycle)) {
    const lifecycle: Json = {};
    for (const hook of HOOKS) {
      const kept = handlerHosts(c.lifecycle[hook]);
      if (kept) lifecycle[hook] = kept;
    }
    if (Object.keys(lifecycle).length > 0) out.lifecycle = lifecycle;
  }
  return out;
}

function volume(v: unknown, index: number, forPod: boolean): unknown {
  if (!isRecord(v)) return v;
  const out: Json = {};
  let typeOnly = true;
  for (const [k, value] of Object.entries(v)) {
    if (k === 'name') continue;
    if (TYPE_ONLY_SOURCES.has(k) && isRecord(value)) out[k] = {};
    else {
      setOwn(out, k, value);
      typeOnly = false;
    }
  }
  // A pod's service account token volume is named kube-api-access-<random>: a name no check shows keeps replicas apart.
  return { name: forPod && typeOnly && Object.keys(out).length > 0 ? `#${index}` : v.name, ...out };
}

/** The spec fields the analysis reads (see the module comment). `forPod` keeps only what the PSS checks read. */
export function summarizeSpec(spec: Json, forPod: boolean): Json {
  const out = pick(spec, POD_SPEC_FIELDS);
  for (const list of CONTAINER_LISTS) {
    const value = spec[list];
    if (value !== undefined) out[list] = Array.isArray(value) ? value.map((c) => container(c, forPod)) : value;
  }
  if (spec.volumes !== undefined) out.volumes = Array.isArray(spec.volumes) ? spec.volumes.map((v, i) => volume(v, i, forPod)) : spec.volumes;
  return out;
}

/** The metadata fields the analysis reads: the kept annotations. */
export function summarizeMetadata(metadata: Json): Json {
  const annotations = metadata.annotations;
  if (!isRecord(annotations)) return annotations === undefined ? {} : { annotations };
  const kept: Json = {};
  for (const [k, v] of Object.entries(annotations)) if (isKeptAnnotation(k)) kept[k] = v;
  return { annotations: kept };
}

/**
 * A copy of a parsed value (plain objects, arrays, scalars) that keeps no
 * larger string alive. V8 makes a substring of 13 characters or more a view
 * into the string it was cut from, and the fast YAML parser cuts every value
 * out of its item's whole text: a kept pod name like
 * `coredns-5d78c9869d-x2k4p` would keep the whole item, managed fields and
 * all, for the rest of the run. The copy of such a string is cut from a fresh
 * string one character longer, made by joining a space to it.
 */
export function detached<T>(value: T): T {
  if (typeof value === 'string') return (value.length < 13 ? value : (' ' + value).slice(1)) as T;
  if (Array.isArray(value)) return value.map(detached) as T;
  if (isRecord(value)) {
    const out: Json = {};
    for (const k of Object.keys(value)) setOwn(out, detached(k), detached(value[k]));
    return out as T;
  }
  return value;
}

/** A pod's or template's summary: its metadata and spec, as summarizeMetadata and summarizeSpec keep them. */
export type PodSummary = { metadata: Json; spec: Json };

/**
 * Shares identical pod summaries: the replicas of one template become one
 * metadata object and one spec object. Keys are the summaries' JSON (object
 * key order is the input's, which is the same for replicas).
 */
export class SummaryInterner {
  private readonly shared = new Map<string, PodSummary>();

  intern(metadata: Json, spec: Json): PodSummary {
    const key = JSON.stringify([metadata, spec]);
    let hit = this.shared.get(key);
    if (!hit) {
      // (Once per distinct summary: its strings may be cut from the text of the first item that had it.)
      hit = { metadata: detached(metadata), spec: detached(spec) };
      this.shared.set(key, hit);
    }
    return hit;
  }
}
