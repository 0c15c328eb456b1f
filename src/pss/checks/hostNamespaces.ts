// Follows upstream policy/check_hostNamespaces.go: hostNetwork, hostPID and hostIPC must not be true.
import { forbidden, ALLOWED, type Check, type CheckFn } from '../check.js';

const hostNamespaces_1_0: CheckFn = (pod) => {
  const set: string[] = [];
  if (pod.hostNetwork) set.push('hostNetwork=true');
  if (pod.hostPID) set.push('hostPID=true');
  if (pod.hostIPC) set.push('hostIPC=true');
  return set.length === 0 ? ALLOWED : forbidden('host namespaces', set.join(', '));
};

export const hostNamespaces: Check = {
  id: 'hostNamespaces',
  level: 'baseline',
  revisions: [{ minVersion: 'v1.0', check: hostNamespaces_1_0 }],
};
