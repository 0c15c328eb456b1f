import type { ControlFamily } from '../family.js';
import { STRINGS } from '../family.js';

/** spec.allowedUnsafeSysctls and spec.forbiddenSysctls (sysctl/mustmatchpatterns.go Validate). */
export const sysctls: ControlFamily = {
  id: 'sysctls',
  kind: 'PspMigrateSysctls',
  title: 'Sysctls',
  description:
    'PodSecurityPolicy spec.allowedUnsafeSysctls and spec.forbiddenSysctls: every sysctl a pod sets must be allowed by one PodSecurityPolicy that applies: none of its forbiddenSysctls matches it, and it is in the safe set PodSecurityPolicy always allowed (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start) or one of its allowedUnsafeSysctls matches it; a pattern ending in "*" matches by prefix (sysctl/mustmatchpatterns.go Validate). Pod fields are immutable, so updates are not checked.',
  findingFields: ['spec.allowedUnsafeSysctls', 'spec.forbiddenSysctls'],
  rawFields: { spec: ['allowedUnsafeSysctls', 'forbiddenSysctls'] },
  schema: {
    allowedUnsafeSysctls: { ...STRINGS, description: 'spec.allowedUnsafeSysctls of the PodSecurityPolicy: sysctls or patterns ending in "*", besides the safe set' },
    forbiddenSysctls: { ...STRINGS, description: 'spec.forbiddenSysctls of the PodSecurityPolicy: sysctls or patterns ending in "*"' },
  },
  params: (psp) => ({ allowedUnsafeSysctls: [...psp.spec.allowedUnsafeSysctls], forbiddenSysctls: [...psp.spec.forbiddenSysctls] }),
  restricts: (psp) => !(psp.spec.allowedUnsafeSysctls.includes('*') && psp.spec.forbiddenSysctls.length === 0),
};
