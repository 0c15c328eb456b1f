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
import { choosePsp } from '../mapping/admission.js';
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

/** The object in the input that controls `obj`, by its controller ownerReference. */
function controllerOf(obj: PodCarrier, all: readonly PodCarrier[]): PodCarrier | undefined {
  const ref = obj.controller;
  if (!ref) return undefined;
  const ns = obj.metadata.namespace ?? '';
  return all.find((o) => o !== obj && o.kind === ref.kind && o.metadata.name === ref.name && (o.metadata.namespace ?? '') === ns);
}

/** The top-most object in the input that controls `obj` (Pod → ReplicaSet → Deployment, Job → CronJob). */
export function rootController(obj: PodCarrier, all: readonly PodCarrier[]): PodCarrier | undefined {
  let current: PodCarrier | undefined = controllerOf(obj, all);
  const seen = new Set<PodCarrier>();
  while (current && !seen.has(current)) {
    seen.add(current);
    const next = controllerOf(current, all);
    if (!next) return current;
    current = next;
  }
  return current;
}

function templatePrefix(obj: PodCarrier): string {
  return obj.templatePath.length === 0 ? '' : `${obj.templatePath.join('.')}.`;
}

/**
 * Templates in one namespace that rely on mutation, and templates no usable
 * PSP admits. `pspsFor` gives the PSPs a service account may use.
 */
export function mutationReliance(carriers: readonly PodCarrier[], pspsFor: (serviceAccount: string) => PodSecurityPolicy[], serviceAccountOf: (o: PodCarrier) => string): { reliances: MutationReliance[]; rejected: RejectedTemplate[] } {
  const reliances: MutationReliance[] = [];
  const rejected: RejectedTemplate[] = [];
  const templates = carriers.filter((c) => c.kind !== 'Pod' && rootController(c, carriers) === undefined);
  for (const template of templates) {
    const psps = pspsFor(serviceAccountOf(template));
    if (psps.length === 0) continue; // the plan already reports namespaces and accounts without PSPs
    const pod: PodObject = { metadata: template.podMetadata as PodObject['metadata'], spec: template.podSpec };
    const { chosen, tried } = choosePsp(psps, pod);
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
      pods: carriers.filter((c) => c.kind === 'Pod' && rootController(c, carriers) === template),
    });
  }
  return { reliances, rejected };
}

const SECCOMP_POD = 'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]';
const SECCOMP_CONTAINER = /^metadata\.annotations\[container\.seccomp\.security\.alpha\.kubernetes\.io\/(.+)\]$/;

/** Whether a mutation only writes the seccomp annotation of a profile the pod or container sets as a field. */
function mirrorsSeccompField(field: string, spec: Record<string, unknown>): boolean {
  const has = (o: unknown) => typeof o === 'object' && o !== null && typeof (o as Record<string, unknown>).seccompProfile === 'object';
  if (field === SECCOMP_POD) return has(spec.securityContext);
  const name = SECCOMP_CONTAINER.exec(field)?.[1];
  if (name === undefined) return false;
  const containers = ['initContainers', 'containers'].flatMap((k) => (Array.isArray(spec[k]) ? (spec[k] as Record<string, unknown>[]) : []));
  return containers.some((c) => c.name === name && has(c.securityContext));
}

export function describeValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
