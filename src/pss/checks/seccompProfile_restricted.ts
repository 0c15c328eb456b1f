// Follows upstream policy/check_seccompProfile_restricted.go (from v1.19): the pod must set seccompProfile.type to
// RuntimeDefault or Localhost, or every container must; nothing may set another type. Replaces
// seccompProfile_baseline; Windows pods are exempt from v1.25.
import { exemptWhen, forbidden, isWindowsPod, ALLOWED, type Check, type CheckFn } from '../check.js';
import { containersPhrase } from '../helpers.js';
import { containerNames } from '../visitor.js';
import { allowedSeccompType, forbiddenSeccompTypes, forbiddenTypesDetail } from './seccompProfile_baseline.js';

const seccompProfileRestricted_1_19: CheckFn = (pod) => {
  const explicit = forbiddenSeccompTypes(pod);
  if (explicit.values.length > 0) return forbidden('seccompProfile', forbiddenTypesDetail(explicit));

  const podType = pod.securityContext?.seccompProfile?.type;
  if (podType !== undefined && allowedSeccompType(podType)) return ALLOWED;
  const implicit = containerNames(pod, (c) => c.securityContext?.seccompProfile === undefined);
  if (implicit.length === 0) return ALLOWED;
  return forbidden(
    'seccompProfile',
    `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
  );
};

const overrides = ['seccompProfile_baseline'] as const;

export const seccompProfile_restricted: Check = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  revisions: [
    { minVersion: 'v1.19', check: seccompProfileRestricted_1_19, overrides },
    { minVersion: 'v1.25', check: exemptWhen(isWindowsPod, seccompProfileRestricted_1_19), overrides },
  ],
};
