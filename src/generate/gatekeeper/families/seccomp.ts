import { SECCOMP_ALLOWED } from '../../../model/psp.js';
import type { ControlFamily } from '../family.js';
import { STRINGS } from '../family.js';

/**
 * The seccomp allowedProfileNames annotation (seccomp/strategy.go, v1.19+:
 * ValidatePod on the pod's profile, validateContainer on each container's).
 */
export const seccomp: ControlFamily = {
  id: 'seccomp',
  kind: 'PspMigrateSeccomp',
  title: 'Seccomp profiles',
  description:
    `PodSecurityPolicy annotation ${SECCOMP_ALLOWED}, as the upstream seccomp strategy (v1.19+) validated it: the pod's profile (its seccomp.security.alpha.kubernetes.io/pod annotation, else spec.securityContext.seccompProfile) and each container's (its securityContext.seccompProfile, else its container.seccomp.security.alpha.kubernetes.io/<name> annotation, else the pod's field, else the pod's annotation) must be in allowedProfileNames. "*" allows any profile, an empty item allows an unset profile, an empty list (no annotation) allows only an unset profile, and runtime/default and docker/default stand for each other.`,
  findingFields: [`metadata.annotations[${SECCOMP_ALLOWED}]`],
  rawFields: { spec: [], annotations: [SECCOMP_ALLOWED] },
  schema: {
    allowedProfileNames: {
      ...STRINGS,
      description: `The PodSecurityPolicy's ${SECCOMP_ALLOWED} annotation split on ",": "*" allows any profile, "" allows an unset profile; empty or absent (no annotation) allows only an unset profile`,
    },
  },
  params: (psp) => ({ allowedProfileNames: psp.seccomp.allowed === undefined ? [] : psp.seccomp.allowed.raw.split(',') }),
  restricts: (psp) => psp.seccomp.allowed?.any !== true,
};
