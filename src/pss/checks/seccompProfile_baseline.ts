// Follows upstream policy/check_seccompProfile_baseline.go.
// v1.0–v1.18: only the alpha annotations count (the pod annotation, and the per-container annotations of
// containers that exist): runtime/default, docker/default or localhost/*.
// v1.19+: only the seccompProfile fields count: RuntimeDefault or Localhost when set.
import { forbidden, ALLOWED, type Check, type CheckFn } from '../check.js';
import { goQuote, joinQuote, pluralize, settersPhrase, sortedUnique } from '../helpers.js';
import type { PodView } from '../pod.js';
import { securityContextOffences, type PodOffences } from '../visitor.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function allowedAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

export function allowedSeccompType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** The seccomp profile types set to a forbidden value, on the pod and on the containers. */
export function forbiddenSeccompTypes(pod: PodView): PodOffences<string> {
  return securityContextOffences(pod, (sc) => {
    const type = sc?.seccompProfile?.type;
    return type === undefined || allowedSeccompType(type) ? undefined : type;
  });
}

/** Detail for pod/containers that set a forbidden seccomp type. */
export function forbiddenTypesDetail(bad: PodOffences<string>): string {
  return `${settersPhrase(bad.pod, bad.names)} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(bad.values))}`;
}

const seccompProfileBaseline_1_0: CheckFn = (pod) => {
  const keys = [POD_ANNOTATION, ...pod.containers.map((c) => CONTAINER_ANNOTATION_PREFIX + c.name)];
  const bad: string[] = [];
  for (const key of keys) {
    const value = pod.annotations.get(key);
    if (value !== undefined && !allowedAnnotationValue(value)) bad.push(`${key}=${goQuote(value)}`);
  }
  if (bad.length === 0) return ALLOWED;
  const entries = sortedUnique(bad);
  return forbidden(
    'seccompProfile',
    `forbidden ${pluralize('annotation', 'annotations', entries.length)} ${entries.join(', ')}`,
  );
};

const seccompProfileBaseline_1_19: CheckFn = (pod) => {
  const bad = forbiddenSeccompTypes(pod);
  return bad.values.length === 0 ? ALLOWED : forbidden('seccompProfile', forbiddenTypesDetail(bad));
};

export const seccompProfile_baseline: Check = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  revisions: [
    { minVersion: 'v1.0', check: seccompProfileBaseline_1_0 },
    { minVersion: 'v1.19', check: seccompProfileBaseline_1_19 },
  ],
};
