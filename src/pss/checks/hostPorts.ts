// Follows upstream policy/check_hostPorts.go: no container port may set a non-zero hostPort. Ports are listed
// unquoted, sorted as strings.
import { forbidden, ALLOWED, type Check, type CheckFn } from '../check.js';
import { containersPhrase, pluralize, sortedUnique } from '../helpers.js';
import { containerOffences } from '../visitor.js';

const hostPorts_1_0: CheckFn = (pod) => {
  const bad = containerOffences(pod, (c) => c.hostPorts.filter((port) => port !== 0));
  if (bad.names.length === 0) return ALLOWED;
  const ports = sortedUnique(bad.values.map(String));
  return forbidden(
    'hostPort',
    `${containersPhrase(bad.names)} ${pluralize('uses', 'use', bad.names.length)} ${pluralize('hostPort', 'hostPorts', ports.length)} ${ports.join(', ')}`,
  );
};

export const hostPorts: Check = {
  id: 'hostPorts',
  level: 'baseline',
  revisions: [{ minVersion: 'v1.0', check: hostPorts_1_0 }],
};
