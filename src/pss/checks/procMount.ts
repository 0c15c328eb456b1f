// Follows upstream policy/check_procMount_baseline.go: a container that sets securityContext.procMount must set
// it to "Default". From v1.35 the baseline check allows pods with `hostUsers: false` (user namespaces);
// restricted then runs the strict form instead (procMount_restricted.ts).
import { exemptWhen, forbidden, usesUserNamespace, ALLOWED, type Check, type CheckFn } from '../check.js';
import { containersPhrase, joinQuote, sortedUnique } from '../helpers.js';
import { containerOffences } from '../visitor.js';

export const procMount_1_0: CheckFn = (pod) => {
  const bad = containerOffences(pod, (c) => {
    const procMount = c.securityContext?.procMount;
    return procMount === undefined || procMount === 'Default' ? [] : [procMount];
  });
  if (bad.names.length === 0) return ALLOWED;
  return forbidden(
    'procMount',
    `${containersPhrase(bad.names)} must not set securityContext.procMount to ${joinQuote(sortedUnique(bad.values))}`,
  );
};

export const procMount: Check = {
  id: 'procMount',
  level: 'baseline',
  revisions: [
    { minVersion: 'v1.0', check: procMount_1_0 },
    { minVersion: 'v1.35', check: exemptWhen(usesUserNamespace, procMount_1_0) },
  ],
};
