// Follows upstream policy/check_windowsHostProcess.go: neither the pod nor any container may set
// securityContext.windowsOptions.hostProcess=true, whatever spec.os says.
import { forbidden, ALLOWED, type Check, type CheckFn } from '../check.js';
import { settersPhrase } from '../helpers.js';
import { securityContextOffences } from '../visitor.js';

const windowsHostProcess_1_0: CheckFn = (pod) => {
  const bad = securityContextOffences(pod, (sc) => (sc?.hostProcess === true ? true : undefined));
  if (!bad.pod && bad.names.length === 0) return ALLOWED;
  return forbidden(
    'hostProcess',
    `${settersPhrase(bad.pod, bad.names)} must not set securityContext.windowsOptions.hostProcess=true`,
  );
};

export const windowsHostProcess: Check = {
  id: 'windowsHostProcess',
  level: 'baseline',
  revisions: [{ minVersion: 'v1.0', check: windowsHostProcess_1_0 }],
};
