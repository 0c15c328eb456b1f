// Follows upstream policy/check_allowPrivilegeEscalation.go: every container must set
// securityContext.allowPrivilegeEscalation=false explicitly; from v1.25 Windows pods are exempt.
import { exemptWhen, forbidden, isWindowsPod, ALLOWED, type Check, type CheckFn } from '../check.js';
import { containersPhrase } from '../helpers.js';
import { containerNames } from '../visitor.js';

const allowPrivilegeEscalation_1_8: CheckFn = (pod) => {
  const bad = containerNames(pod, (c) => c.securityContext?.allowPrivilegeEscalation !== false);
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'allowPrivilegeEscalation != false',
    `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
  );
};

export const allowPrivilegeEscalation: Check = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  revisions: [
    { minVersion: 'v1.8', check: allowPrivilegeEscalation_1_8 },
    { minVersion: 'v1.25', check: exemptWhen(isWindowsPod, allowPrivilegeEscalation_1_8) },
  ],
};
