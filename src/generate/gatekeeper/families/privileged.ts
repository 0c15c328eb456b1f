import type { ControlFamily } from '../family.js';

/** spec.privileged (provider.go validateContainer: "Privileged containers are not allowed"). */
export const privileged: ControlFamily = {
  id: 'privileged',
  kind: 'PspMigratePrivileged',
  title: 'Privileged containers',
  description: 'PodSecurityPolicy spec.privileged: a container may set securityContext.privileged=true only if a PodSecurityPolicy that applies allows it.',
  findingFields: ['spec.privileged'],
  rawFields: { spec: ['privileged'] },
  schema: { privileged: { type: 'boolean', description: 'spec.privileged of the PodSecurityPolicy' } },
  params: (psp) => ({ privileged: psp.spec.privileged }),
  restricts: (psp) => !psp.spec.privileged,
};
