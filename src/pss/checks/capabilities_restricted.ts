// Follows upstream policy/check_capabilities_restricted.go: every container must drop "ALL" (the literal
// entry) and may add only NET_BIND_SERVICE. Replaces capabilities_baseline from v1.22; Windows pods are
// exempt from v1.25.
import { exemptWhen, forbidden, isWindowsPod, ALLOWED, type Check, type CheckFn } from '../check.js';
import { containersPhrase, joinQuote, sortedUnique } from '../helpers.js';
import { containerNames, containerOffences } from '../visitor.js';

const capabilitiesRestricted_1_22: CheckFn = (pod) => {
  const missingDropAll = containerNames(pod, (c) => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL'));
  const addingForbidden = containerOffences(pod, (c) =>
    (c.securityContext?.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE'),
  );

  const problems: string[] = [];
  if (missingDropAll.length > 0) {
    problems.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.names.length > 0) {
    problems.push(
      `${containersPhrase(addingForbidden.names)} must not include ${joinQuote(sortedUnique(addingForbidden.values))} in securityContext.capabilities.add`,
    );
  }
  return problems.length === 0 ? ALLOWED : forbidden('unrestricted capabilities', problems.join('; '));
};

export const capabilities_restricted: Check = {
  id: 'capabilities_restricted',
  level: 'restricted',
  revisions: [
    { minVersion: 'v1.22', check: capabilitiesRestricted_1_22, overrides: ['capabilities_baseline'] },
    {
      minVersion: 'v1.25',
      check: exemptWhen(isWindowsPod, capabilitiesRestricted_1_22),
      overrides: ['capabilities_baseline'],
    },
  ],
};
