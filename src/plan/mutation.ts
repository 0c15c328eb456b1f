/**
 * Mutation reliance (SPEC §5.5, reference psp-to-pss.md §2.4 "eliminate
 * mutating fields"): a workload template that PSP admission would have
 * admitted only by filling in defaults. Once PSP is gone those defaults are
 * not set any more, so the template must set them itself (or a mutator must).
 *
 * We run the template through PSP admission with the PSPs its service
 * account may use (choosePsp: non-mutating first, then by name); if the chosen
 * PSP mutates it, the template relies on mutation. Pods created from a
 * template in the input show the same defaults as evidence.
 */
import type { Admission, Mutation, PodObject } from '../mapping/admission.js';
import { admitPod, choosePsp } from '../mapping/admission.js';
import type { PodCarrier, PodSecurityPolicy } from '../model/types.js';

export interface MutationReliance {
  object: PodCarrier;
  /** The PSP admission would have chosen for the template. */
  psp: string;
  /** What the template must set, as paths in the object (`spec.template.spec.containers[0]…`). */
  fields: Mutation[];
  /** Pods in the input created from this template. */
  pods: PodCarrier[];
}

export interface RejectedTemplate {
  object: PodCarrier;
  /** Each usable PSP and why it refused the template. */
  tried: Admission[];
}

/** Finds each object's controller by its controller ownerReference, through an index of the objects (a namespace may hold thousands). */
class Controllers {
  private readonly byRef = new Map<string, PodCarrier>();
  private readonly roots = new Map<PodCarrier, PodCarrier | undefined>();

  constructor(all: readonly PodCarrier[]) {
    // The first object of a kind and name wins, as a search in input order would find it.
    for (const o of all) {
      const key = Controllers.key(o.kind, o.metadata.namespace ?? '', o.metadata.name);
      if (!this.byRef.has(key)) this.byRef.set(key, o);
    }
  }

  private static key(kind: string, namespace: string, name: string): string {
    return `${kind}\u0000${namespace}\u0000${name}`;
  }

  /** The object in the input that controls `obj`. */
  controllerOf(obj: PodCarrier): PodCarrier | undefined {
    const ref = obj.controller;
    if (!ref) return undefined;
    const found = this.byRef.get(Controllers.key(ref.kind, obj.metadata.namespace ?? '', ref.name));
    return found === obj ? undefined : found;
  }

  /** The top-most object in the input that controls `obj` (Pod → ReplicaSet → Deployment, Job → CronJob). */
  rootOf(obj: PodCarrier): PodCarrier | undefined {
    if (this.roots.has(obj)) return this.roots.get(obj);
    let current = this.controllerOf(obj);
    const seen = new Set<PodCarrier>();
    while (current && !seen.has(current)) {
      seen.add(current);
      const next = this.controllerOf(current);
      if (!next) break;
      current = next;
    }
    this.roots.set(obj, current);
    return current;
  }
}

function templatePrefix(obj: PodCarrier): string {
  return obj.templatePath.length === 0 ? '' : `${obj.templatePath.join('.')}.`;
}

/**
 * PSP admission of a template by one PSP, per shared template summary
 * (src/model/summary.ts) and PSP: identical templates are admitted once by
 * each PSP, however many namespaces grant it (admitPod depends on the PSP and
 * the pod alone). The metadata is part of the shared summary; PSPs are told
 * apart by identity. The results are only read.
 */
const admissions = new WeakMap<object, Map<PodSecurityPolicy, Admission>>();

function admitTemplate(template: PodCarrier, psps: PodSecurityPolicy[]): ReturnType<typeof choosePsp> {
  let byPsp = admissions.get(template.podSpec);
  if (!byPsp) admissions.set(template.podSpec, (byPsp = new Map()));
  const cache = byPsp;
  const admit = (psp: PodSecurityPolicy, pod: PodObject): Admission => {
    let result = cache.get(psp);
    if (!result) cache.set(psp, (result = admitPod(psp, pod)));
    return result;
  };
  const pod: PodObject = { metadata: template.podMetadata as PodObject['metadata'], spec: template.podSpec };
  return choosePsp(psps, pod, { admit });
}

/**
 * Templates in one namespace that rely on mutation, and templates no usable
 * PSP admits. `pspsFor` gives the PSPs a service account may use.
 */
export function mutationReliance(carriers: readonly PodCarrier[], pspsFor: (serviceAccount: string) => PodSecurityPolicy[], serviceAccountOf: (o: PodCarrier) => string): { reliances: MutationReliance[]; rejected: RejectedTemplate[] } {
  const reliances: MutationReliance[] = [];
  const rejected: RejectedTemplate[] = [];
  const controllers = new Controllers(carriers);
  const templates = carriers.filter((c) => c.kind !== 'Pod' && controllers.rootOf(c) === undefined);
  const podsOf = new Map<PodCarrier, PodCarrier[]>();
  for (const c of carriers) {
    if (c.kind !== 'Pod') continue;
    const root = controllers.rootOf(c);
    if (!root) continue;
    const list = podsOf.get(root);
    if (list) list.push(c);
    else podsOf.set(root, [c]);
  }
  for (const template of templates) {
    const psps = pspsFor(serviceAccountOf(template));
    if (psps.length === 0) continue; // the plan already reports namespaces and accounts without PSPs
    const { chosen, tried } = admitTemplate(template, psps);
    if (!chosen) {
      rejected.push({ object: template, tried });
      continue;
    }
    // PSP admission copies a seccompProfile field into the matching annotation; the API server keeps
    // the two in step anyway, so that copy is no default the template lacks.
    const fields = chosen.mutations.filter((m) => !mirrorsSeccompField(m.field, template.podSpec));
    if (fields.length === 0) continue;
    const prefix = templatePrefix(template);
    reliances.push({
      object: template,
      psp: chosen.psp,
      fields: fields.map((m) => ({ field: `${prefix}${m.field}`, value: m.value })),
      pods: podsOf.get(template) ?? [],
    });
  }
  return { reliances, rejected };
}

const SECCOMP_POD = 'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]';
const SECCOMP_CONTAINER = /^metadata\.annotations\[container\.seccomp\.security\.alpha\.kubernetes\.io\/(.+)\]$/;

/** Whether a mutation only writes the seccomp annotation of a profile the pod or container sets as a field. */
function mirrorsSeccompField(field: string, spec: Record<string, unknown>): boolean {
  const has = (o: unknown) => typeof o === 'object' && o !== null && Object.hasOwn(o, 'seccompProfile') && typeof (o as Record<string, unknown>).seccompProfile === 'object';
  if (field === SECCOMP_POD) return has(spec.securityContext);
  const name = SECCOMP_CONTAINER.exec(field)?.[1];
  if (name === undefined) return false;
  const containers = ['initContainers', 'containers'].flatMap((k) => (Array.isArray(spec[k]) ? (spec[k] as Record<string, unknown>[]) : []));
  return containers.some((c) => c.name === name && has(c.securityContext));
}

export function describeValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
