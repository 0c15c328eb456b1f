// Follows upstream policy/check_privileged.go: no container may set securityContext.privileged=true.
import { forbidden, ALLOWED, type Check, type CheckFn } from '../check.js';
import { containersPhrase } from '../helpers.js';
import { containerNames } from '../visitor.js';

const privileged_1_0: CheckFn = (pod) => {
  const bad = containerNames(pod, (c) => c.securityContext?.privileged === true);
  if (bad.length === 0) return ALLOWED;
  return forbidden('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`);
};

export const privileged: Check = {
  id: 'privileged',
  level: 'baseline',
  revisions: [{ minVersion: 'v1.0', check: privileged_1_0 }],
};
