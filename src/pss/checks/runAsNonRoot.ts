// Follows upstream policy/check_runAsNonRoot.go: runAsNonRoot must be true at pod level or on every container,
// and nothing may set it to false. runAsUser is not considered. From v1.35 pods with `hostUsers: false` are
// allowed; Windows pods are never exempt.
import { exemptWhen, forbidden, usesUserNamespace, ALLOWED, type Check, type CheckFn } from '../check.js';
import { containersPhrase, settersPhrase } from '../helpers.js';
import { containerNames, securityContextOffences } from '../visitor.js';

const runAsNonRoot_1_0: CheckFn = (pod) => {
  const explicit = securityContextOffences(pod, (sc) => (sc?.runAsNonRoot === false ? false : undefined));
  if (explicit.pod || explicit.names.length > 0) {
    return forbidden(
      'runAsNonRoot != true',
      `${settersPhrase(explicit.pod, explicit.names)} must not set securityContext.runAsNonRoot=false`,
    );
  }
  if (pod.securityContext?.runAsNonRoot === true) return ALLOWED;
  const implicit = containerNames(pod, (c) => c.securityContext?.runAsNonRoot === undefined);
  if (implicit.length === 0) return ALLOWED;
  return forbidden(
    'runAsNonRoot != true',
    `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`,
  );
};

export const runAsNonRoot: Check = {
  id: 'runAsNonRoot',
  level: 'restricted',
  revisions: [
    { minVersion: 'v1.0', check: runAsNonRoot_1_0 },
    { minVersion: 'v1.35', check: exemptWhen(usesUserNamespace, runAsNonRoot_1_0) },
  ],
};
