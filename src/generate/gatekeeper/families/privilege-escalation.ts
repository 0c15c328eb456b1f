import type { ControlFamily } from '../family.js';

/** spec.allowPrivilegeEscalation (provider.go validateContainer: "Allowing privilege escalation for containers is not allowed"). */
export const privilegeEscalation: ControlFamily = {
  id: 'privilege-escalation',
  kind: 'PspMigratePrivilegeEscalation',
  title: 'Privilege escalation',
  description:
    'PodSecurityPolicy spec.allowPrivilegeEscalation, as PSP admission validated it (provider.go validateContainer): under a policy with allowPrivilegeEscalation: false, every container (init and ephemeral included) must set securityContext.allowPrivilegeEscalation: false; unset is refused, since PSP defaulted it and Gatekeeper here does not. spec.defaultAllowPrivilegeEscalation only defaulted the field and is not checked.',
  findingFields: ['spec.allowPrivilegeEscalation'],
  rawFields: { spec: ['allowPrivilegeEscalation'] },
  schema: { allowPrivilegeEscalation: { type: 'boolean', description: 'spec.allowPrivilegeEscalation of the PodSecurityPolicy (absent: true, the API default)' } },
  params: (psp) => ({ allowPrivilegeEscalation: psp.spec.allowPrivilegeEscalation }),
  restricts: (psp) => !psp.spec.allowPrivilegeEscalation,
};
