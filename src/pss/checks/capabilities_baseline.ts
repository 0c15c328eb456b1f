// Follows upstream policy/check_capabilities_baseline.go: containers may only add capabilities from the
// default set (exact, case-sensitive names without the CAP_ prefix).
import { forbidden, ALLOWED, type Check, type CheckFn } from '../check.js';
import { containersPhrase, joinQuote, sortedUnique } from '../helpers.js';
import { containerOffences } from '../visitor.js';

const ALLOWED_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP',
  'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

const capabilitiesBaseline_1_0: CheckFn = (pod) => {
  const bad = containerOffences(pod, (c) =>
    (c.securityContext?.capabilities?.add ?? []).filter((cap) => !ALLOWED_CAPABILITIES.has(cap)),
  );
  if (bad.names.length === 0) return ALLOWED;
  return forbidden(
    'non-default capabilities',
    `${containersPhrase(bad.names)} must not include ${joinQuote(sortedUnique(bad.values))} in securityContext.capabilities.add`,
  );
};

export const capabilities_baseline: Check = {
  id: 'capabilities_baseline',
  level: 'baseline',
  revisions: [{ minVersion: 'v1.0', check: capabilitiesBaseline_1_0 }],
};
