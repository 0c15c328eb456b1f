// Follows upstream policy/check_runAsUser.go (from v1.23): neither the pod nor any container may set
// runAsUser=0. From v1.35 pods with `hostUsers: false` are allowed.
import { exemptWhen, forbidden, usesUserNamespace, ALLOWED, type Check, type CheckFn } from '../check.js';
import { settersPhrase } from '../helpers.js';
import { securityContextOffences } from '../visitor.js';

const runAsUser_1_23: CheckFn = (pod) => {
  const bad = securityContextOffences(pod, (sc) => (sc?.runAsUser === 0 ? 0 : undefined));
  if (!bad.pod && bad.names.length === 0) return ALLOWED;
  return forbidden('runAsUser=0', `${settersPhrase(bad.pod, bad.names)} must not set runAsUser=0`);
};

export const runAsUser: Check = {
  id: 'runAsUser',
  level: 'restricted',
  revisions: [
    { minVersion: 'v1.23', check: runAsUser_1_23 },
    { minVersion: 'v1.35', check: exemptWhen(usesUserNamespace, runAsUser_1_23) },
  ],
};
